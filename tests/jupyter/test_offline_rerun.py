"""The chapters as a learner meets them: nothing loaded from outside (no
CDN in the notebooks or in the handouts, every drawing is SVG that parses),
and each chapter's first cells reset the world, so Run All twice in one
kernel shows the same outputs both times."""
import base64
import os
import re
import subprocess
import xml.dom.minidom
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import NETBOOK_BIN
from lab_support import outputs

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))

# A resource the page would fetch: src=/href= with a scheme, and JavaScript
# imports (static or dynamic) of a URL.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:\bimport\s*\(\s*["'`](?:https?:)?//)"""
    r"""|(?:\bimport\b[^;\n]*?\bfrom\s*["'](?:https?:)?//)""",
    re.I,
)


def external_urls(text):
    return [text[max(0, m.start() - 40):m.end() + 60] for m in EXTERNAL.finditer(text)]


def test_the_scanner_sees_what_it_must():
    assert external_urls('<script src="https://cdn.example/x.js"></script>')
    assert external_urls("<link href='//fonts.example/f.css'>")
    assert external_urls('await import("https://cdnjs.cloudflare.com/m.mjs")')
    assert external_urls("import mermaid from 'https://cdn.jsdelivr.net/npm/mermaid'")
    assert not external_urls('<a href="#section">x</a> <img src="data:image/svg+xml;base64,AA">')


def svgs_in(html):
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_notebooks_depend_on_nothing_outside(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert "```mermaid" not in cell.source, f"{path.name}: a mermaid chart needs a CDN in handouts"
        assert not external_urls(cell.source), (path.name, external_urls(cell.source))
        for name, data in cell.get("attachments", {}).items():
            if "image/svg+xml" in data:
                svg = base64.b64decode(data["image/svg+xml"]).decode()
                xml.dom.minidom.parseString(svg)
                assert not external_urls(svg), name


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_chapter_starts_by_resetting_the_world(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.strip() == "%reset", path.name
    before = nb.cells[:nb.cells.index(code[0])]
    assert any("%reset" in c.source and "처음부터" in c.source for c in before), path.name


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_run_all_twice_in_one_kernel_gives_the_same_outputs(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=60, kernel_name="netbook")
    runs = []
    with client.setup_kernel():
        for _ in range(2):
            seen = []
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                client.execute_cell(cell, i)
                seen.append(outputs(cell.outputs))
            runs.append(seen)
    first, second = runs
    assert not any(o[0] == "error" for cell in first for o in cell), path.name
    for i, (a, b) in enumerate(zip(first, second)):
        assert a == b, f"{path.name}: code cell {i} differs on the second Run All"


def test_handouts_are_offline_and_every_svg_parses(tmp_path):
    env = dict(os.environ, NETBOOK_BIN=str(NETBOOK_BIN), HANDOUTS_DIR=str(tmp_path), NO_PDF="1")
    r = subprocess.run([str(ROOT / "scripts" / "handouts"), *map(str, CHAPTERS)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    for path in CHAPTERS:
        page = (tmp_path / f"{path.stem}.html").read_text()
        assert not external_urls(page), (path.name, external_urls(page)[:5])
        drawings = svgs_in(page)
        assert drawings or path.stem == "03-dns", path.name
        for svg in drawings:
            xml.dom.minidom.parseString(svg)
