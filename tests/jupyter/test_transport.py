"""The transport under hostile or careless peers: oversized frames before
authentication, an IOPub subscriber that never reads, IPC connection files,
a large signed message. Raw ZMTP over TCP where jupyter_client would refuse
to misbehave; jupyter_client everywhere else."""
import os
import socket
import struct
import time

import pytest
import zmq
from jupyter_client.manager import KernelManager, start_new_kernel

SOCKETS = ("shell", "control", "stdin", "iopub", "hb")
# Socket types as the ZMTP READY command names them.
PEER_TYPE = {"shell": b"DEALER", "control": b"DEALER", "stdin": b"DEALER",
             "iopub": b"SUB", "hb": b"REQ"}


def start(**env):
    km, kc = start_new_kernel(kernel_name="netbook", env={**os.environ, **env})
    return km, kc


@pytest.fixture()
def kernel():
    km, kc = start()
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code, timeout=10):
    """Executes code; returns (reply content, concatenated stdout)."""
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
        if m["msg_type"] == "stream":
            out.append(m["content"]["text"])
    return reply["content"], "".join(out)


def alive(km, kc):
    """The process runs, a fresh client gets kernel_info and a cell, and the
    heartbeat still echoes."""
    assert km.is_alive(), "the kernel process died"
    kc2 = km.client()
    kc2.start_channels()
    try:
        kc2.wait_for_ready(timeout=10)
        reply = kc2.kernel_info(reply=True, timeout=10)
        assert reply["content"]["implementation"] == "netbook"
        content, out = run(kc2, "echo still serving")
        assert content["status"] == "ok" and out == "still serving\n"
    finally:
        kc2.stop_channels()
    hb = zmq.Context.instance().socket(zmq.REQ)
    hb.linger = 0
    hb.connect(f"tcp://{km.ip}:{km.hb_port}")
    hb.send(b"beat")
    assert hb.poll(2000) != 0, "the heartbeat stopped"
    assert hb.recv() == b"beat"
    hb.close()


GREETING = (b"\xff" + b"\0" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\0")
            + b"\0" + b"\0" * 31)


def ready(socket_type):
    body = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", len(socket_type)) + socket_type
    return bytes([0x04, len(body)]) + body


def raw_peer(km, name, handshake):
    """A TCP connection that has exchanged greetings (and READY if asked)."""
    s = socket.create_connection((km.ip, getattr(km, f"{name}_port")), timeout=10)
    s.sendall(GREETING)
    got = b""
    while len(got) < 64:
        chunk = s.recv(64 - len(got))
        assert chunk, "the kernel closed before its greeting"
        got += chunk
    assert got[0] == 0xFF and got[10] == 3, got[:12]
    if handshake:
        s.sendall(ready(PEER_TYPE[name]))
    return s


def closed_by_peer(s, timeout=5.0):
    """True once the kernel has closed the connection (EOF or reset)."""
    s.settimeout(timeout)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not s.recv(65536):
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False
    return False


@pytest.mark.parametrize("handshake", [False, True], ids=["before-ready", "after-ready"])
def test_a_2_to_the_40_byte_frame_header_drops_the_peer_not_the_kernel(kernel, handshake):
    km, kc = kernel
    for name in SOCKETS:
        s = raw_peer(km, name, handshake)
        # Long message frame (flags 0x02) announcing 2^40 bytes: 9 bytes, no key.
        s.sendall(b"\x02" + struct.pack(">Q", 1 << 40))
        assert closed_by_peer(s), f"{name}: the peer was not dropped"
        s.close()
        alive(km, kc)


def test_a_message_over_the_configured_size_is_refused_whole(tmp_path):
    # 1 MiB limit; 64 frames of 32 KiB each pass one by one, not together.
    km, kc = start(NETBOOK_MAX_MESSAGE_SIZE="1M")
    try:
        s = raw_peer(km, "shell", True)
        frame = b"x" * (32 << 10)
        try:
            for _ in range(64):
                s.sendall(b"\x03" + struct.pack(">Q", len(frame)) + frame)
            dropped = closed_by_peer(s)
        except (ConnectionResetError, BrokenPipeError):
            dropped = True  # closed while we were still sending
        assert dropped, "a 2 MiB multipart message was accepted"
        s.close()
        # A signed 2 MiB cell gets no reply; a 512 KiB one runs.
        ctx = zmq.Context.instance()
        dealer = ctx.socket(zmq.DEALER)
        dealer.linger = 0
        dealer.connect(f"tcp://{km.ip}:{km.shell_port}")
        kc.session.send(dealer, "execute_request", {
            "code": "echo " + "a" * (2 << 20), "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False})
        assert dealer.poll(1000) == 0, "an oversized signed message got a reply"
        dealer.close()
        content, out = run(kc, "echo " + "b" * (512 << 10) + " | wc -c")
        assert content["status"] == "ok" and out.strip() == str((512 << 10) + 1)
        alive(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_subscriber_that_never_reads_stalls_nobody(kernel):
    km, kc = kernel
    ctx = zmq.Context.instance()
    lazy = ctx.socket(zmq.SUB)
    lazy.linger = 0
    # Small buffers on the lazy side so its TCP window closes soon.
    lazy.setsockopt(zmq.RCVHWM, 1)
    lazy.setsockopt(zmq.RCVBUF, 4096)
    lazy.setsockopt(zmq.SUBSCRIBE, b"")
    lazy.connect(f"tcp://{km.ip}:{km.iopub_port}")
    time.sleep(0.3)
    rss0 = rss_mib(km)
    # 2000 noisy cells (about 4 KiB of output each) from the active client.
    line = "x" * 1000
    code = f"echo {line}; echo {line}; echo {line}; echo {line}"
    t0 = time.monotonic()
    worst = 0.0
    for i in range(2000):
        c0 = time.monotonic()
        content, out = run(kc, code, timeout=10)
        worst = max(worst, time.monotonic() - c0)
        assert content["status"] == "ok"
        assert len(out) == 4 * 1001, (i, len(out))
    total = time.monotonic() - t0
    rss1 = rss_mib(km)
    lazy.close()
    assert worst < 5.0, f"one cell waited {worst:.1f} s for its idle"
    # The lazy subscriber's queue is capped at 1000 messages (~4 MiB here).
    assert rss1 - rss0 < 64, f"RSS grew {rss1 - rss0:.1f} MiB"
    print(f"2000 cells in {total:.1f} s, worst {worst * 1e3:.0f} ms, RSS {rss0:.1f} -> {rss1:.1f} MiB")


def test_many_lazy_subscribers_do_not_multiply_a_large_message(kernel):
    # Subscribing needs no key. Each subscriber used to get its own encoded
    # copy of every message (kept while it did not read): 40 lazy ones and
    # one 15 MiB cell (echoed in execute_input) cost 40 x 15 MiB.
    km, kc = kernel
    ctx = zmq.Context.instance()
    lazy = []
    for _ in range(40):
        s = ctx.socket(zmq.SUB)
        s.linger = 0
        s.setsockopt(zmq.RCVHWM, 1)
        s.setsockopt(zmq.RCVBUF, 4096)
        s.setsockopt(zmq.SUBSCRIBE, b"")
        s.connect(f"tcp://{km.ip}:{km.iopub_port}")
        lazy.append(s)
    time.sleep(0.5)
    try:
        content, out = run(kc, "echo " + "z" * (15 << 20) + " | wc -c", timeout=120)
        assert content["status"] == "ok"
        peak = peak_mib(km)
        print(f"peak RSS with 40 lazy subscribers and a 15 MiB cell: {peak:.0f} MiB")
        assert peak < 400, f"peak RSS {peak:.0f} MiB"
    finally:
        for s in lazy:
            s.close()


def test_a_heartbeat_peer_that_never_reads_stalls_nobody(kernel):
    # Any local process can flood the heartbeat without reading the echoes;
    # the echo used to wait for it, and every other client lost its beat.
    km, kc = kernel
    ctx = zmq.Context.instance()
    flood = ctx.socket(zmq.DEALER)
    flood.linger = 0
    flood.setsockopt(zmq.RCVHWM, 1)
    flood.setsockopt(zmq.RCVBUF, 4096)
    flood.setsockopt(zmq.SNDHWM, 0)
    flood.connect(f"tcp://{km.ip}:{km.hb_port}")
    for _ in range(20000):
        flood.send_multipart([b"", b"p" * 1024])
    time.sleep(1)
    try:
        for _ in range(3):
            hb = ctx.socket(zmq.REQ)
            hb.linger = 0
            hb.connect(f"tcp://{km.ip}:{km.hb_port}")
            t0 = time.monotonic()
            hb.send(b"beat")
            assert hb.poll(1000) != 0, "heartbeat lost behind a peer that never reads"
            assert hb.recv() == b"beat"
            assert time.monotonic() - t0 < 1.0
            hb.close()
    finally:
        flood.close()


def test_a_lazy_subscriber_keeps_at_most_8_mib_of_messages(kernel):
    # The high-water mark counts messages (1,000), so a subscriber that
    # never reads used to keep every large message it had not read alive:
    # 40 cells of 8 MiB, echoed in execute_input, held 441 MiB of RSS, and
    # each further cell added its size. Now the queue holds at most 8 MiB
    # (or the one message it took while its queue was empty).
    km, kc = kernel
    s = zmq.Context.instance().socket(zmq.SUB)
    s.linger = 0
    s.setsockopt(zmq.RCVHWM, 1)
    s.setsockopt(zmq.RCVBUF, 4096)
    s.setsockopt(zmq.SUBSCRIBE, b"")
    s.connect(f"tcp://{km.ip}:{km.iopub_port}")
    time.sleep(0.5)
    try:
        run(kc, "echo warm")
        before = rss_mib(km)
        held = []
        for _ in range(2):
            for _ in range(20):
                content, _ = run(kc, "# " + "z" * (8 << 20), timeout=60)
                assert content["status"] == "ok"
            time.sleep(0.5)
            held.append(rss_mib(km) - before)
        print(f"RSS held after 20 and 40 cells of 8 MiB with a lazy subscriber: "
              f"{held[0]:.0f}, {held[1]:.0f} MiB")
        assert held[1] < 200, f"{held} MiB held"
        assert held[1] - held[0] < 40, f"still growing: {held} MiB"
        assert alive(km, kc) is None
    finally:
        s.close()


def test_lazy_subscribers_joining_over_time_hold_a_bounded_total(kernel):
    # Twelve subscribers that stop reading at different times hold
    # different messages; each used to keep 32 MiB of them (384 MiB in
    # all, past the 512 MiB a kernel may take with a cell's own budget).
    # The live client, reading, must still get every message.
    km, kc = kernel
    ctx = zmq.Context.instance()
    lazies = []
    try:
        run(kc, "echo warm")
        before = rss_mib(km)
        for _ in range(12):
            s = ctx.socket(zmq.SUB)
            s.linger = 0
            s.setsockopt(zmq.RCVHWM, 1)
            s.setsockopt(zmq.RCVBUF, 4096)
            s.setsockopt(zmq.SUBSCRIBE, b"")
            s.connect(f"tcp://{km.ip}:{km.iopub_port}")
            lazies.append(s)
            time.sleep(0.2)
            for _ in range(3):
                content, out = run(kc, "# " + "z" * (8 << 20) + "\necho seen", timeout=60)
                assert content["status"] == "ok"
                assert out == "seen\n", out
        time.sleep(0.5)
        held = rss_mib(km) - before
        print(f"RSS held with 12 lazy subscribers after 36 cells of 8 MiB: {held:.0f} MiB")
        assert held < 320, f"{held:.0f} MiB held"
        assert alive(km, kc) is None
    finally:
        for s in lazies:
            s.close()


def rss_mib(km):
    with open(f"/proc/{km.provisioner.process.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_ipc_connection_file(tmp_path):
    prefix = tmp_path / "nb"
    km = KernelManager(kernel_name="netbook", transport="ipc", ip=str(prefix))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=15)
        for name in SOCKETS:
            path = f"{prefix}-{getattr(km, f'{name}_port')}"
            assert os.path.exists(path), path
            assert __import__("stat").S_ISSOCK(os.stat(path).st_mode), path
        content, out = run(kc, "echo over unix sockets")
        assert content["status"] == "ok" and out == "over unix sockets\n"
        assert kc.is_alive() and km.is_alive()
        # Interrupts and heartbeat go over IPC too.
        msg_id = kc.execute("sleep 30")
        time.sleep(0.2)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        hb = zmq.Context.instance().socket(zmq.REQ)
        hb.linger = 0
        hb.connect(f"ipc://{prefix}-{km.hb_port}")
        hb.send(b"ping")
        assert hb.poll(2000) != 0 and hb.recv() == b"ping"
        hb.close()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def peak_mib(km):
    with open(f"/proc/{km.provisioner.process.pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024


def test_a_cell_at_the_default_limit_runs_with_bounded_memory():
    # 15 MiB of code, under the 16 MiB default: it runs, and the kernel's
    # peak RSS stays far below the 512 MiB per-cell budget.
    km, kc = start()
    try:
        size = 15 << 20
        content, out = run(kc, "echo " + "z" * size + " | wc -c", timeout=120)
        assert content["status"] == "ok"
        assert out.strip() == str(size + 1)
        print(f"peak RSS for a {size >> 20} MiB cell: {peak_mib(km):.0f} MiB")
        assert peak_mib(km) < 512, f"peak RSS {peak_mib(km):.0f} MiB"
        alive(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_100_mb_signed_message_costs_about_twice_its_size():
    # With the limit raised, a 100 MiB signed message (its content never
    # reaches the shell) peaks at about 2x: the bytes read and the parsed
    # JSON, no copies on the way through framing, HMAC and decoding.
    km, kc = start(NETBOOK_MAX_MESSAGE_SIZE="128M")
    try:
        base = peak_mib(km)
        size = 100 << 20
        reply = kc.comm_info(target_name="t" * size, reply=True, timeout=120)
        assert reply["content"]["status"] == "ok"
        grew = peak_mib(km) - base
        print(f"peak RSS growth for a {size >> 20} MiB message: {grew:.0f} MiB")
        assert grew < 2.5 * (size >> 20), f"peak grew {grew:.0f} MiB"
        alive(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_bad_limit_is_refused_at_start(tmp_path):
    import json
    import subprocess
    from conftest import NETBOOK_BIN
    conn = tmp_path / "conn.json"
    conn.write_text(json.dumps({"shell_port": 0, "iopub_port": 0, "stdin_port": 0,
                                "control_port": 0, "hb_port": 0, "ip": "127.0.0.1",
                                "key": "k", "transport": "tcp",
                                "signature_scheme": "hmac-sha256"}))
    env = dict(os.environ, NETBOOK_MAX_MESSAGE_SIZE="lots")
    r = subprocess.run([str(NETBOOK_BIN), "kernel", "-f", str(conn)], env=env,
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 2
    assert "NETBOOK_MAX_MESSAGE_SIZE" in r.stderr and "invalid size" in r.stderr
    r = subprocess.run([str(NETBOOK_BIN), "kernel", "-f", str(conn), "--iopub-hwm", "0"],
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "--iopub-hwm" in r.stderr
