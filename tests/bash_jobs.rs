//! Background jobs on the virtual clock, as a cell shows them: the
//! transcript of an interactive bash 5.2 (what a learner typing the lines
//! sees). The expected texts were taken from bash 5.2.15 run in a pty
//! (`bash --norc -i`), lines sent one by one; pids differ, netbook's start
//! at 4242. A script (`bash file`) prints neither `[1] PID` nor notices;
//! tests/bash_differential.rs compares the rest with a script run.

use netbook::shell::{Emit, Session};

/// Stdout and stderr merged in the order a terminal shows them.
fn screen(s: &mut Session, code: &str) -> String {
    let mut out = Vec::new();
    let r = s.execute(code, &mut out);
    assert_eq!(r.error, None, "{code}");
    let mut t = String::new();
    for x in out {
        match x {
            Emit::Stdout(x) | Emit::Stderr(x) => t.push_str(&x),
            Emit::Display(b) | Emit::Result(b) => t.push_str(b.text()),
            Emit::Clear { .. } => {}
        }
    }
    t
}

#[test]
fn a_job_runs_while_later_commands_run_and_reports_done_after_the_command_it_ended_in() {
    let mut s = Session::new();
    // bash: `sleep 0.5 & sleep 1; echo same line` prints the notice after
    // `sleep 1` (a foreground process), before `echo`.
    assert_eq!(
        screen(&mut s, "sleep 5 & sleep 10; echo same line"),
        "[1] 4242\n[1]+  Done                    sleep 5\nsame line\n"
    );
    // A job still running at the end of the line stays; `jobs` lists it.
    assert_eq!(
        screen(&mut s, "sleep 30 &\necho hi\njobs\necho $!"),
        "[1] 4243\nhi\n[1]+  Running                 sleep 30 &\n4243\n"
    );
    // Builtins (`echo`) take no time; the clock moves with `sleep`.
    assert_eq!(screen(&mut s, "sleep 29\necho after"), "after\n");
    assert_eq!(
        screen(&mut s, "sleep 2; echo x"),
        "[1]+  Done                    sleep 30\nx\n"
    );
}

#[test]
fn wait_fg_and_kill_as_bash_words_them() {
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "sleep 3 & sleep 2 & wait"),
        "[1] 4242\n[2] 4243\n[1]-  Done                    sleep 3\n[2]+  Done                    sleep 2\n"
    );
    assert_eq!(
        screen(&mut s, "(exit 3) &\nwait $!; echo st=$?"),
        "[1] 4244\n[1]+  Exit 3                  ( exit 3 )\nst=3\n"
    );
    assert_eq!(
        screen(&mut s, "sleep 100 &\nkill %1; sleep 1; echo z"),
        "[1] 4245\n[1]+  Terminated              sleep 100\nz\n"
    );
    // fg prints the command and waits for it; no notice follows.
    assert_eq!(
        screen(&mut s, "sleep 8 &\nfg; echo st=$?\njobs"),
        "[1] 4246\nsleep 8\nst=0\n"
    );
    assert_eq!(
        screen(&mut s, "fg\nwait %3; echo $?\nwait 99999; echo $?"),
        "bash: fg: current: no such job\nbash: wait: %3: no such job\n127\nbash: wait: pid 99999 is not a child of this shell\n127\n"
    );
    // A job that ended before `fg` reached it.
    assert_eq!(
        screen(
            &mut s,
            "sleep 0.2 &\nsleep 1 > /dev/null\nfg %1; echo st=$?"
        ),
        "[1] 4247\n[1]+  Done                    sleep 0.2\nbash: fg: %1: no such job\nst=1\n"
    );
}

#[test]
fn a_background_ping_prints_as_the_clock_passes() {
    let mut s = Session::new();
    let t = screen(
        &mut s,
        "ping -c 3 127.0.0.1 &\necho hi\nsleep 1.5\necho mid\nwait\necho end",
    );
    let want = "[1] 4242\n\
        PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n\
        64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.038 ms\n\
        hi\n\
        64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.038 ms\n\
        mid\n\
        64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.038 ms\n\
        \n\
        --- 127.0.0.1 ping statistics ---\n\
        3 packets transmitted, 3 received, 0% packet loss, time 2004ms\n\
        rtt min/avg/max/mdev = 0.038/0.038/0.038/0.000 ms\n\
        [1]+  Done                    ping -c 3 127.0.0.1\n\
        end\n";
    assert_eq!(t, want);
}

#[test]
fn a_server_job_lives_until_killed_and_wait_does_not_hang() {
    let mut s = Session::new();
    let t = screen(&mut s, "nc -l 9000 &\nwait; echo st=$?\njobs");
    assert_eq!(
        t,
        "[1] 4242\n\
         netbook: wait: [1] `nc -l 9000` runs until it is killed, so bash would wait here until Ctrl-C; netbook goes on (kill %1 ends it)\n\
         st=0\n\
         [1]+  Running                 nc -l 9000 &\n"
    );
    // The one-shot listener exits after its first client: `Done`.
    assert_eq!(
        screen(&mut s, "nc -zv 127.0.0.1 9000"),
        "Connection to 127.0.0.1 9000 port [tcp/*] succeeded!\n\
         [1]+  Done                    nc -l 9000\n"
    );
}

#[test]
fn a_job_runs_in_a_subshell_and_its_failure_is_its_status() {
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "X=1; X=2 & wait; echo $X; cd /tmp & wait; pwd"),
        "[1] 4242\n[1]+  Done                    X=2\n1\n[1] 4243\n[1]+  Done                    cd /tmp\n/root\n"
    );
    // `wait -n` returns the first job to end.
    assert_eq!(
        screen(&mut s, "{ sleep 3; exit 5; } & { sleep 1; exit 6; } & wait -n; echo first=$?; wait; echo all=$?"),
        "[1] 4244\n[2] 4245\n[2]+  Exit 6                  { sleep 1; exit 6; }\nfirst=6\n[1]+  Exit 5                  { sleep 3; exit 5; }\nall=0\n"
    );
}

#[test]
fn a_job_killed_by_a_signal_is_reported_with_its_strsignal_text_and_status() {
    // bash 5.2.15 in a pty (`bash --norc -i`): the notice words the
    // signal as strsignal(3) does; `wait` returns 128 + the signal.
    let mut s = Session::new();
    for (n, (kill, notice, status)) in [
        ("-9", "Killed                 ", 137),
        ("-KILL", "Killed                 ", 137),
        ("", "Terminated             ", 143),
        ("-HUP", "Hangup                 ", 129),
        ("-s INT", "Interrupt              ", 130),
        ("-USR1", "User defined signal 1  ", 138),
        ("-QUIT", "Quit                   ", 131),
        ("-14", "Alarm clock            ", 142),
    ]
    .into_iter()
    .enumerate()
    {
        let pid = 4242 + n;
        assert_eq!(
            screen(
                &mut s,
                &format!("sleep 100 &\nkill {kill} %1; wait %1; echo st=$?")
            ),
            format!("[1] {pid}\n[1]+  {notice} sleep 100\nst={status}\n"),
            "{kill}"
        );
    }
}

#[test]
fn a_job_that_never_ends_runs_until_killed_and_its_output_is_bounded() {
    let mut s = Session::new();
    assert_eq!(
        screen(&mut s, "while true; do echo tick; sleep 1; done > /dev/null &\nsleep 3\njobs"),
        "[1] 4242\n[1]+  Running                 while true; do\n    echo tick;\n    sleep 1\ndone > /dev/null &\n"
    );
    let t = screen(&mut s, "kill %1");
    assert!(t.starts_with("[1]+  Terminated "), "{t}");
    // A job prints at most 256 KiB into the cell, with a note.
    let t = screen(&mut s, "seq 100000 &\nwait");
    assert!(t.len() < 270_000, "{}", t.len());
    assert!(
        t.contains("\nnetbook: a background job printed more than 256 KiB; the rest is not shown (redirect it to a file)\n"),
        "{}",
        &t[t.len() - 300..]
    );
    assert!(t.ends_with("[1]+  Done                    seq 100000\n"));
}

#[test]
fn a_server_writes_where_its_job_was_redirected_and_a_client_job_stays_connected() {
    let mut s = Session::new();
    screen(&mut s, "ip link set lo up");
    // What the listener receives goes to its file, not onto the client.
    let t = screen(
        &mut s,
        "nc -l -p 9000 > /tmp/got &\necho hello | nc -N -w 1 127.0.0.1 9000\ncat /tmp/got",
    );
    assert!(
        t.ends_with("hello\n") && t.matches("hello").count() == 1,
        "{t}"
    );
    // A client in the background keeps its connection until killed; the
    // side that closed first then holds TIME-WAIT.
    let t = screen(
        &mut s,
        "nc -l -p 9001 &\nnc 127.0.0.1 9001 &\nss -tn state established | wc -l",
    );
    assert!(t.ends_with("\n3\n"), "{t}");
    let t = screen(&mut s, "kill $!\nss -tn state time-wait\nss -tln");
    assert!(t.contains("127.0.0.1:9001"), "the client's TIME-WAIT: {t}");
    assert!(
        !t.contains("0.0.0.0:9001"),
        "the one-shot listener left: {t}"
    );
}
