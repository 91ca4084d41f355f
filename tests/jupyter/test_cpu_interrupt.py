"""Interrupts stop long CPU work, not only sleeps: a bash loop, an awk
program, a long `ip -batch` and a huge `iptables-restore` each end within
100 ms of the interrupt (plus scheduling slack on a shared machine), the
kernel keeps serving, and the world is as the interrupted cell left it.
The same for `netbook run` and SIGINT."""
import signal
import subprocess
import time

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import NETBOOK_BIN

# 100 ms promised, plus slack for a loaded 2-core machine and a debug build.
BOUND = 0.15

SETUP = r"""seq 1000000 | sed 's/.*/netns list/' > /tmp/batch
seq 250000 | awk '{print "-A INPUT -s 10." int($1/62500) "." int($1/250)%250 "." $1%250 " -j ACCEPT"}' > /tmp/rules
(echo '*filter'; cat /tmp/rules; echo COMMIT) > /tmp/restore
wc -l < /tmp/batch"""

LONG = {
    "bash-loop": "while :; do :; done",
    "awk": "awk 'BEGIN { while (1) x++ }'",
    "ip-batch": "ip -force -batch /tmp/batch",
    "iptables-restore": "iptables-restore < /tmp/restore",
}


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="netbook")
    reply, out = run(kc, SETUP, timeout=120)
    assert reply["status"] == "ok" and out == "1000000\n", (reply, out)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code, timeout=10):
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
        if m["msg_type"] == "stream" and m["content"]["name"] == "stdout":
            out.append(m["content"]["text"])
    return reply["content"], "".join(out)


def interrupt_latency(kc, code):
    msg_id = kc.execute(code)
    # Wait for the cell to start (busy), then let it run a little.
    while True:
        m = kc.get_iopub_msg(timeout=10)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    time.sleep(0.1)
    t0 = time.monotonic()
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    reply = kc.get_shell_msg(timeout=60)
    elapsed = time.monotonic() - t0
    assert reply["parent_header"]["msg_id"] == msg_id
    # Still running when interrupted: a cell that had ended would say ok.
    assert reply["content"]["status"] == "error", reply["content"]
    assert reply["content"]["ename"] == "KeyboardInterrupt", reply["content"]
    while True:
        m = kc.get_iopub_msg(timeout=10)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            break
    return elapsed


@pytest.mark.parametrize("name", sorted(LONG))
def test_long_cpu_work_stops_within_100_ms(kernel, name):
    km, kc = kernel
    times = sorted(interrupt_latency(kc, LONG[name]) for _ in range(3))
    assert times[1] < BOUND, times
    assert km.is_alive()
    reply, out = run(kc, "iptables -S INPUT | wc -l; echo after")
    assert reply["status"] == "ok"
    # The interrupted restore changed nothing: only the policy line.
    assert out == "1\nafter\n", out


def test_netbook_run_stops_on_sigint_within_100_ms(tmp_path):
    script = tmp_path / "loop.sh"
    script.write_text("echo started\nwhile :; do :; done\necho not reached\n")
    p = subprocess.Popen([str(NETBOOK_BIN), "run", str(script)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline() == b"started\n"
    time.sleep(0.1)
    assert p.poll() is None, "the loop ended by itself"
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    p.wait(timeout=10)
    elapsed = time.monotonic() - t0
    out, err = p.communicate()
    assert elapsed < BOUND, elapsed
    assert p.returncode == 130, (p.returncode, err)
    assert b"not reached" not in out
