"""A real browser: JupyterLab headless, a notebook opened and run in Debian's
Chromium driven by Playwright; rich outputs must render in the output area.
The screenshot lands in target/browser/ (a CI artifact)."""
from pathlib import Path

import nbformat
import pytest

from lab_support import CHROMIUM, FLAGS, jupyterlab, need_chromium

ROOT = Path(__file__).resolve().parents[2]

# The diagram comes first: JupyterLab renders cells lazily, so an output far
# below the fold may not be in the page yet.
BROWSER_CELLS = [
    "ip netns add ns1\nip link add br0 type bridge\nip link add veth1 type veth peer name veth1-br\n"
    "ip link set veth1 netns ns1\nip link set veth1-br master br0\nnetbook topology",
    "help echo",
    "help",
]


@pytest.fixture()
def lab(tmp_path):
    need_chromium()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "netbook", "display_name": "Netbook (Linux networking)",
                                 "language": "netbook"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in BROWSER_CELLS]
    nbformat.write(nb, tmp_path / "demo.ipynb")
    with jupyterlab(tmp_path) as served:
        yield served


def test_rich_outputs_render_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    url, token = lab
    shots = ROOT / "target" / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{url}/lab/tree/demo.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
        # Wait until the netbook kernel is idle before running.
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60000)
        page.keyboard.press("Escape")
        try:
            # Run > Run All Cells, through the menu as a learner would; a
            # second try if a busy machine swallowed the first click.
            # If the session is still settling when the run starts, JupyterLab
            # asks "Select Kernel" (netbook preselected): accept, as a learner
            # would, instead of letting the modal swallow the next clicks.
            table = ".jp-OutputArea-output table"
            dialog = ".jp-Dialog .jp-mod-accept"
            for attempt in range(3):
                page.click(".lm-MenuBar-item:has-text('Run')")
                page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
                try:
                    page.wait_for_selector(f"{table}, {dialog}", timeout=45000)
                    if page.locator(dialog).count():
                        page.click(dialog)
                    html = page.wait_for_selector(table, timeout=15000)
                    break
                except Exception:
                    page.keyboard.press("Escape")
                    if attempt == 2:
                        raise
            assert html.is_visible()
            page.wait_for_selector(".jp-OutputArea-output .netbook-help", timeout=30000)
            # The topology diagram: JupyterLab renders image/svg+xml as an
            # <img> in a .jp-RenderedSVG (inline <svg> when it sits in HTML).
            svg = page.wait_for_selector(
                ".jp-OutputArea-output.jp-RenderedSVG img, .jp-OutputArea-output svg",
                timeout=30000,
            )
            assert svg.is_visible()
            box = svg.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 100, box
        finally:
            page.screenshot(path=str(shots / "jupyterlab.png"), full_page=True)
            (shots / "notebook.html").write_text(page.inner_html(".jp-Notebook"))
        text = page.inner_text(".jp-Notebook")
        # `help` lists the commands in the session's language (Korean).
        assert "한 줄의 텍스트를 출력합니다" in text
        browser.close()
