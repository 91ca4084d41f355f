"""Every chapter as a learner runs it: opened in JupyterLab in Debian's
Chromium, Run All twice in one kernel (the first cell resets the world), a
screenshot per chapter in target/browser/. The page must show no error,
the rich outputs must speak Korean, and the rough edges a learner reported
(a doubled RFC 1918 badge, "File exists" on the second run, a diagram from
a CDN) must be gone from what the browser renders."""
import re
import shutil
from pathlib import Path

import pytest

from lab_support import CHROMIUM, FLAGS, jupyterlab, need_chromium, outputs

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Every cell attached to the page, so the DOM holds every output.
ALL_CELLS = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
# Rendered text that must never appear: reported bugs, and the start-over
# failure a second Run All used to show.
NEVER = ["(RFC 1918) (RFC 1918)", "File exists", "cdn.jsdelivr", "mermaid"]

RUN_ALL = """async (path) => {
  const app = window.jupyterapp;
  let panel;
  for (let i = 0; i < 600 && !panel; i++) {
    panel = Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);
    if (!panel) await new Promise(r => setTimeout(r, 100));
  }
  app.shell.activateById(panel.id);
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
  return panel.context.model.toJSON();
}"""


@pytest.fixture()
def site(tmp_path_factory):
    # A server per chapter: one server's workspace would reopen the
    # chapters run before.
    need_chromium()
    root = tmp_path_factory.mktemp("chapters")
    for path in CHAPTERS:
        shutil.copy(path, root / path.name)
    with jupyterlab(root, settings=ALL_CELLS, expose_app=True) as served:
        yield served


def code_outputs(nb_json):
    code = [c for c in nb_json["cells"] if c["cell_type"] == "code"]
    left = [i for i, c in enumerate(code) if not c["execution_count"]]
    assert not left, f"Run All left code cells {left} unexecuted: {code[left[0]]}"
    return [outputs(c["outputs"]) for c in code]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_twice_in_the_browser(site, path):
    from playwright.sync_api import sync_playwright

    url, token = site
    shots = ROOT / "target" / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{url}/lab/tree/{path.name}?token={token}")
        # Attached, not visible: a chapter may open on a cell the page
        # scrolled past or one with nothing to show.
        page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=60000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60000)
        try:
            runs = [code_outputs(page.evaluate(RUN_ALL, path.name)) for _ in range(2)]
        finally:
            page.screenshot(path=str(shots / f"{path.stem}.png"), full_page=True)
        first, second = runs
        errors = [(i, o) for i, cell in enumerate(first + second) for o in cell if o[0] == "error"]
        assert not errors, f"{path.name}: error outputs {errors[:3]}"
        assert len(first) == len(second) and any(first), path.name
        for i, (a, b) in enumerate(zip(first, second)):
            assert a == b, f"{path.name}: code cell {i} differs on the second Run All"

        # What the browser rendered, not only what the kernel sent.
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                            ":has-text('Traceback')").count() == 0
        rich = page.locator(".jp-OutputArea-output.jp-RenderedHTMLCommon").all_inner_texts()
        assert rich, f"{path.name}: no rich output rendered"
        korean = [t for t in rich if HANGUL.search(t)]
        assert len(korean) * 2 >= len(rich), \
            f"{path.name}: {len(rich) - len(korean)} of {len(rich)} rich outputs have no Korean"
        text = page.inner_text(".jp-Notebook")
        for bad in NEVER:
            assert bad not in text, f"{path.name}: {bad!r} rendered"
        html = page.inner_html(".jp-Notebook")
        # A link a learner may follow is fine; a resource the page fetches
        # (an image, a script, a style sheet) is not.
        fetched = re.search(r"""\bsrc\s*=\s*["']?(?:https?:)?//|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//""",
                            html)
        assert not fetched, f"{path.name}: the page loads {html[fetched.start():fetched.end() + 60]}"
        browser.close()
