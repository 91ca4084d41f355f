"""Installs the freshly built kernelspec into a temporary JUPYTER_PATH.

The binary comes from $NETBOOK_BIN (set by scripts/test) or target/debug.
This runs at import time, before jupyter_client reads its paths.
"""
import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("NETBOOK_BIN", ROOT / "target" / "debug" / "netbook"))
if not BIN.exists():
    raise RuntimeError(f"netbook binary not found at {BIN}; run `cargo build` first")

_prefix = Path(tempfile.mkdtemp(prefix="netbook-jupyter-"))
atexit.register(shutil.rmtree, _prefix, ignore_errors=True)
subprocess.run([str(BIN), "install", "--prefix", str(_prefix)], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = str(_prefix / "share" / "jupyter")
# Keep user-level kernelspecs (a `python3` elsewhere) out of the way.
os.environ["JUPYTER_DATA_DIR"] = str(_prefix / "data")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

NETBOOK_BIN = BIN
