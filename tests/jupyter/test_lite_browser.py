"""The JupyterLite site in a real browser: a static server over target/lite
(built by scripts/lite), Debian's Chromium opens chapter 4, runs all cells
in the wasm kernel and checks: no error output, the topology SVG, and a
ping's text/plain equal to the native kernel's. Timings go to
target/browser/lite-timings.json, the screenshot to target/browser/."""
import functools
import json
import shutil
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lite_support import ROOT, SITE, code_cells, native_run, native_timings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
CHAPTER = "04-namespaces.ipynb"


class Handler(SimpleHTTPRequestHandler):
    """Static files, plus `exposeAppInBrowser` added to the site's config so
    the test reads outputs from the notebook model (the built site itself
    does not expose the app)."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.split("?")[0] == "/jupyter-lite.json":
            cfg = json.loads((SITE / "jupyter-lite.json").read_text())
            cfg.setdefault("jupyter-config-data", {})["exposeAppInBrowser"] = "true"
            body = json.dumps(cfg).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture()
def site():
    if not (SITE / "lab" / "index.html").exists():
        pytest.skip("target/lite is missing: run scripts/lite first")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup-system installs it as root)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# The open notebook's kernel is netbook's, started and idle.
KERNEL_IDLE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.name === 'netbook' && k.status === 'idle'
    && performance.getEntriesByName('netbook-kernel-ready').length > 0;
}"""

# Reads the open notebook's outputs from its model, cell by cell.
OUTPUTS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const result = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    result.push({count: c.executionCount, outputs: c.outputs.toJSON()});
  }
  return result;
}"""

# Runs one cell's code through the session's kernel and times the round trip.
ROUND_TRIP_JS = """async ([code, n]) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await kernel.requestExecute({code, store_history: false}).done;
    times.push(performance.now() - t0);
  }
  return times;
}"""


# kernel_info, completion, inspection and is_complete through the relay.
REQUESTS_JS = """async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const info = (await kernel.requestKernelInfo()).content;
  const comp = (await kernel.requestComplete({code: 'ec', cursor_pos: 2})).content;
  const insp = (await kernel.requestInspect({code: 'grep', cursor_pos: 2, detail_level: 0})).content;
  const inc = (await kernel.requestIsComplete({code: "echo 'open"})).content;
  return {info, comp, insp, inc};
}"""


def plain_text(outputs):
    text = ""
    for o in outputs:
        if o["output_type"] == "stream":
            text += o["text"]
        elif o["output_type"] in ("display_data", "execute_result"):
            text += o["data"].get("text/plain", "")
    return text


def test_chapter_4_runs_in_the_browser_kernel(site):
    from playwright.sync_api import sync_playwright

    shots = ROOT / "target" / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    cells = code_cells(ROOT / "notebooks" / CHAPTER)
    # The chapter's first ping (ns1 to ns2 over the bridge).
    ping = next(i for i, c in enumerate(cells) if " ping " in c)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        t_nav = time.monotonic()
        page.goto(f"{site}/lab/index.html?path={CHAPTER}")
        page.wait_for_function(KERNEL_IDLE_JS, timeout=90000)
        t_idle = time.monotonic()
        marks = page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
            .filter(m => m.name.startsWith('netbook-')).map(m => [m.name, m.startTime]))""")
        assert "netbook-kernel-ready" in marks, marks
        try:
            t0 = time.monotonic()
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(
                f"() => {{ const r = ({OUTPUTS_JS})(); return r.length === {len(cells)}"
                " && r.every(c => c.count !== null) }",
                timeout=120000)
            page.wait_for_function(KERNEL_IDLE_JS, timeout=60000)
            run_all = time.monotonic() - t0
            got = page.evaluate(OUTPUTS_JS)
            svg = page.wait_for_selector(".jp-OutputArea-output.jp-RenderedSVG img, .jp-OutputArea-output svg",
                                         timeout=30000)
            assert svg.is_visible()
            trips = page.evaluate(ROUND_TRIP_JS, ["ip netns add a", 100])
            req = page.evaluate(REQUESTS_JS)
        finally:
            page.screenshot(path=str(shots / "lite-chapter4.png"), full_page=True)
        browser.close()
    assert not errors, errors
    assert req["info"]["implementation"] == "netbook" and req["info"]["implementation_version"]
    assert req["comp"]["matches"] == ["echo"]
    assert req["insp"]["found"] and "grep" in req["insp"]["data"]["text/plain"]
    assert req["inc"]["status"] == "incomplete"
    bad = [(i, o) for i, c in enumerate(got) for o in c["outputs"] if o["output_type"] == "error"]
    assert not bad, bad
    assert any("image/svg+xml" in o.get("data", {}) and "<svg" in o["data"]["image/svg+xml"]
               for c in got for o in c["outputs"]), "no topology SVG in the outputs"
    native = native_run(cells[: ping + 1])
    assert plain_text(got[ping]["outputs"]) == plain_text(native[ping]["outputs"])
    assert "bytes from" in plain_text(got[ping]["outputs"])
    timings = {
        "kernel_ready_ms_after_page_load": round(marks["netbook-kernel-ready"], 1),
        "kernel_ready_ms_after_kernel_start": round(marks["netbook-kernel-ready"] - marks["netbook-kernel-start"], 1),
        "page_to_idle_s": round(t_idle - t_nav, 2),
        "run_all_chapter4_s": round(run_all, 3),
        "execute_round_trip_ms_median_of_100": round(statistics.median(trips), 3),
    }
    # The native kernel on the same machine in the same run.
    timings.update(native_timings(cells))
    (shots / "lite-timings.json").write_text(json.dumps(timings, indent=2))
    print(timings)
