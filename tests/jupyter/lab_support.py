"""JupyterLab served headless for the browser tests, and Debian's Chromium
driven by Playwright. One place for the server's flags and its start-up wait."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "netbook-test-token"


def need_chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it when run as root)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyterlab(root_dir, settings=None, expose_app=False):
    """Serves root_dir; `settings` maps a plugin id to its user settings
    (e.g. every cell rendered, not only those near the viewport);
    `expose_app` puts the application at window.jupyterapp for the test to
    run commands as the menus do."""
    env = os.environ.copy()
    # A workspace of its own: JupyterLab reopens the last session's
    # notebooks from the user's workspace otherwise.
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(Path(root_dir).parent / f"{Path(root_dir).name}-workspaces")
    if settings:
        sdir = Path(root_dir).parent / f"{Path(root_dir).name}-lab-settings"
        for plugin, values in settings.items():
            package, name = plugin.split(":")
            path = sdir / package / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env["JUPYTERLAB_SETTINGS_DIR"] = str(sdir)
    port = free_port()
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--port={port}",
           "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root_dir}",
           "--allow-root", "--LabApp.news_url=",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if expose_app:
        cmd.append("--LabApp.expose_app_in_browser=True")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
            break
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("JupyterLab did not start")
            time.sleep(0.3)
    try:
        yield url, TOKEN
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def outputs(cell_outputs):
    """What a learner sees: output type, stream text or MIME data, errors."""
    seen = []
    for o in cell_outputs:
        if o["output_type"] == "stream":
            seen.append(("stream", o["name"], o["text"]))
        elif o["output_type"] in ("display_data", "execute_result"):
            seen.append((o["output_type"], dict(o["data"])))
        else:
            seen.append(("error", o["ename"], o["evalue"]))
    return seen
