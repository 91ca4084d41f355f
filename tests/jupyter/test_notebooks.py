"""Real clients on whole notebooks: nbclient runs them, nbconvert exports."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[2]


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "netbook", "display_name": "Netbook", "language": "netbook"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


def test_nbclient_runs_cells_in_one_world():
    nb = notebook(
        "echo 'hello from netbook'",
        "mkdir -p /etc/netns/ns1\necho 'nameserver 8.8.8.8' > /etc/netns/ns1/resolv.conf",
        "cat /etc/netns/ns1/resolv.conf | wc -l",
        "help echo",
    )
    NotebookClient(nb, timeout=30, kernel_name="netbook").execute()
    assert nb.cells[0].outputs[0]["text"] == "hello from netbook\n"
    assert nb.cells[2].outputs[0]["text"] == "1\n"
    result = nb.cells[3].outputs[0]
    assert result["output_type"] == "execute_result"
    assert result["execution_count"] == 4
    assert "text/html" in result["data"] and "text/plain" in result["data"]


def test_nbclient_stops_at_a_failing_cell():
    nb = notebook("echo ok", "nosuchcommand", "echo never")
    with pytest.raises(CellExecutionError) as e:
        NotebookClient(nb, timeout=30, kernel_name="netbook").execute()
    assert "bash: nosuchcommand: command not found" in str(e.value)
    (err,) = nb.cells[1].outputs
    assert err["output_type"] == "error" and err["ename"] == "CommandNotFound"
    assert nb.cells[2].outputs == []


def test_nbconvert_html_keeps_rich_output():
    nb = notebook("help echo")
    NotebookClient(nb, timeout=30, kernel_name="netbook").execute()
    body, _ = HTMLExporter().from_notebook_node(nb)
    assert "netbook-help" in body


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_shipped_notebooks_run_top_to_bottom(path):
    nb = nbformat.read(path, as_version=4)
    if nb.metadata.get("kernelspec", {}).get("name") != "netbook":
        pytest.skip(f"{path.name} is not a netbook notebook")
    NotebookClient(nb, timeout=60, kernel_name="netbook").execute()
