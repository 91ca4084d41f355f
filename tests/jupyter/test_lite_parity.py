"""The browser build says what the native kernel says: every chapter runs
through the native kernel (raw iopub messages) and through the wasm Session
in Node, and each cell's outputs (streams, full MIME bundles, errors) and
reply must be identical."""
import pytest

from lite_support import CHAPTERS, code_cells, native_run, need_wasm, wasm_run


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_wasm_session_matches_native_kernel(path, tmp_path):
    need_wasm()
    cells = code_cells(path)
    native = native_run(cells)
    wasm = wasm_run(cells, tmp_path)
    assert len(wasm) == len(native) == len(cells)
    for i, (n, w) in enumerate(zip(native, wasm)):
        assert w == n, f"{path.name} code cell {i}: {cells[i][:80]!r}"


def test_parity_check_can_fail(tmp_path):
    """A different world gives different outputs: the comparison sees it."""
    need_wasm()
    native = native_run(["ip netns add a", "ip netns list"])
    wasm = wasm_run(["ip netns add b", "ip netns list"], tmp_path)
    assert wasm[1] != native[1]
    assert wasm[0] == native[0]
