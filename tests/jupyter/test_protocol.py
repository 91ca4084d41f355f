"""Protocol behaviour beyond the conformance suite: signatures, malformed
frames, interrupts, restart, slow joiners. Uses jupyter_client directly."""
import time

import pytest
import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session


@pytest.fixture()
def kernel():
    km, kc = start_new_kernel(kernel_name="netbook")
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code, timeout=10):
    """Executes code; returns (reply content, list of iopub (type, content))."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    outputs = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
        if m["msg_type"] not in ("status", "execute_input"):
            outputs.append((m["msg_type"], m["content"]))
    return reply["content"], outputs


def stdout(outputs):
    return "".join(c["text"] for t, c in outputs if t == "stream" and c["name"] == "stdout")


def raw_shell_socket(km):
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(f"tcp://{km.ip}:{km.shell_port}")
    return sock


def test_wrongly_signed_request_is_dropped_and_kernel_lives(kernel):
    km, kc = kernel
    sock = raw_shell_socket(km)
    forged = Session(key=b"not-the-key", username="mallory")
    forged.send(sock, "execute_request", {"code": "touch /tmp/pwned", "silent": False,
                                          "store_history": True, "user_expressions": {},
                                          "allow_stdin": False})
    unsigned = Session(key=b"", username="mallory")
    unsigned.send(sock, "execute_request", {"code": "touch /tmp/pwned2", "silent": False,
                                            "store_history": True, "user_expressions": {},
                                            "allow_stdin": False})
    # Neither request may produce a reply.
    assert sock.poll(500) == 0
    content, outputs = run(kc, "ls /tmp")
    assert content["status"] == "ok"
    assert "pwned" not in stdout(outputs)
    assert content["execution_count"] == 1, "forged cells must not count"


def test_malformed_frames_are_survived(kernel):
    km, kc = kernel
    sock = raw_shell_socket(km)
    sock.send_multipart([b"garbage"])
    sock.send_multipart([b"<IDS|MSG>", b"", b"{not json", b"{}", b"{}", b"{}"])
    # A correctly signed message of a type nobody knows gets busy/idle, no reply.
    kc.session.send(sock, "no_such_request", {})
    # A known type with bad content gets an error reply.
    kc.session.send(sock, "execute_request", {"no_code_here": True})
    assert sock.poll(3000) != 0
    reply = kc.session.recv(sock, mode=0)[1]
    assert reply["msg_type"] == "execute_reply"
    assert reply["content"]["status"] == "error"
    content, outputs = run(kc, "echo still here")
    assert stdout(outputs) == "still here\n"


def test_interrupt_stops_a_long_command(kernel):
    km, kc = kernel
    msg_id = kc.execute("sleep 30; echo not reached")
    time.sleep(0.3)
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=10)
    elapsed = time.monotonic() - t0
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert elapsed < 2.0, elapsed
    content, outputs = run(kc, "echo after")
    assert stdout(outputs) == "after\n"


def test_world_persists_across_cells_and_restart_resets_it(kernel):
    km, kc = kernel
    run(kc, "mkdir -p /etc/netns/ns1 && echo 'nameserver 10.0.0.2' > /etc/netns/ns1/resolv.conf")
    _, outputs = run(kc, "cat /etc/netns/ns1/resolv.conf")
    assert stdout(outputs) == "nameserver 10.0.0.2\n"
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=10)
    content, outputs = run(kc, "cat /etc/netns/ns1/resolv.conf")
    assert content["status"] == "ok"
    assert stdout(outputs) == ""
    assert any(t == "stream" and "No such file" in c["text"] for t, c in outputs)


def test_failed_linux_command_does_not_fail_the_cell_but_usage_error_does(kernel):
    km, kc = kernel
    content, _ = run(kc, "cat /nonexistent")
    assert content["status"] == "ok"
    content, outputs = run(kc, "grep --bogus x")
    assert content["status"] == "error"
    errors = [c for t, c in outputs if t == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == content["ename"]


def test_a_hint_is_a_display_beside_the_real_tools_words(kernel):
    km, kc = kernel
    run(kc, "%lang ko")
    # A failing cell: one error output, bash's words then netbook's hint.
    content, outputs = run(kc, "pign -c 1 8.8.8.8")
    assert content["status"] == "error"
    assert [t for t, _ in outputs] == ["error"], outputs
    tb = outputs[0][1]["traceback"]
    assert tb[0] == "bash: pign: command not found" and "`ping`" in tb[1], tb
    # A handled failure: the stream is bash's alone, the hint a display.
    content, outputs = run(kc, "if ! pign -c 1 8.8.8.8; then echo handled; fi")
    assert content["status"] == "ok"
    streams = "".join(c["text"] for t, c in outputs if t == "stream")
    assert streams == "bash: pign: command not found\nhandled\n", streams
    hints = [c["data"] for t, c in outputs if t == "display_data"]
    assert len(hints) == 1 and hints[0]["text/plain"] == "", outputs
    assert "<code>ping</code>" in hints[0]["text/html"]
    # Silenced with stderr.
    _, outputs = run(kc, "if ! pign 2>/dev/null; then true; fi")
    assert not [c for t, c in outputs if t == "display_data"], outputs


def test_heartbeat_answers_while_a_cell_runs(kernel):
    km, kc = kernel
    kc.execute("sleep 2")
    time.sleep(0.2)
    ctx = zmq.Context.instance()
    hb = ctx.socket(zmq.REQ)
    hb.linger = 0
    hb.connect(f"tcp://{km.ip}:{km.hb_port}")
    hb.send(b"ping")
    assert hb.poll(500) != 0, "heartbeat stalled by a busy cell"
    assert hb.recv() == b"ping"
    hb.close()


def test_cells_queued_behind_a_failure_are_aborted(kernel):
    km, kc = kernel
    # Like JupyterLab's "Run All": send everything, then read the replies.
    ids = [kc.execute("sleep 0.3; nosuchcommand"), kc.execute("touch /tmp/ran"), kc.execute("echo x")]
    replies = {}
    while len(replies) < 3:
        r = kc.get_shell_msg(timeout=10)
        replies[r["parent_header"]["msg_id"]] = r["content"]["status"]
    assert [replies[i] for i in ids] == ["error", "aborted", "aborted"]
    content, outputs = run(kc, "ls /tmp")
    assert "ran" not in stdout(outputs)
    content, _ = run(kc, "echo back to normal")
    assert content["status"] == "ok"


def test_a_replayed_message_is_dropped(kernel):
    km, kc = kernel
    sock = raw_shell_socket(km)
    msg = kc.session.msg("execute_request", {"code": "touch /tmp/once", "silent": False,
                                             "store_history": True, "user_expressions": {},
                                             "allow_stdin": False})
    kc.session.send(sock, msg)
    assert sock.poll(3000) != 0
    kc.session.recv(sock, mode=0)
    kc.session.send(sock, msg)  # the very same signed message again
    assert sock.poll(500) == 0, "a replay must get no reply"
    content, _ = run(kc, "echo alive")
    assert content["status"] == "ok" and content["execution_count"] == 2


def test_sigterm_exits_promptly():
    import signal
    km, kc = start_new_kernel(kernel_name="netbook")
    try:
        proc = km.provisioner.process
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)
        assert time.monotonic() - t0 < 1.0
        assert proc.returncode == 0
    finally:
        kc.stop_channels()
        km.cleanup_resources()


def interrupt_latency(km, kc, how):
    """Seconds from the interrupt to the sleeping cell's execute_reply."""
    import signal
    msg_id = kc.execute("sleep 30; echo not reached")
    time.sleep(0.3)
    t0 = time.monotonic()
    if how == "control":
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    else:
        km.provisioner.process.send_signal(signal.SIGINT)
    reply = kc.get_shell_msg(timeout=10)
    elapsed = time.monotonic() - t0
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    while True:  # drain to idle
        m = kc.get_iopub_msg(timeout=10)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            break
    return elapsed


@pytest.mark.parametrize("how", ["control", "sigint"])
def test_an_interrupt_stops_a_running_cell_within_100_ms(kernel, how):
    # interrupt_request on control (interrupt_mode "message") and SIGINT
    # (interrupt_mode "signal") both reach the running cell's flag at once.
    km, kc = kernel
    times = sorted(interrupt_latency(km, kc, how) for _ in range(3))
    assert times[1] < 0.1, times
    assert km.is_alive()
    content, outputs = run(kc, "echo after")
    assert stdout(outputs) == "after\n"
