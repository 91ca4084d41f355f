//! Processes: pids, the shell's jobs (`&`) on the virtual clock, `kill`.
//!
//! A job either runs until killed (a server: `nc -l`, `ssh -N`) or ends
//! by itself at a time of the virtual clock (`sleep 5 &`); either way its
//! end is queued for the shell's `[1]+  Done ...` notice (bash(1), JOB
//! CONTROL).

use crate::sim::apps::ssh::session;
use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::{
    Conn, EndedJob, JobEnd, Process, Service, SockProto, Transport,
};
use crate::sim::stack::world::World;

impl World {
    /// A fresh process id (shared with DNS servers).
    pub fn alloc_pid(&mut self) -> u32 {
        let p = self.dns.next_pid;
        self.dns.next_pid += 1;
        p
    }

    /// Starts a process in `ns`; when the shell is running a `&` job, the
    /// process becomes that job (and takes its command line).
    pub fn spawn(&mut self, ns: NsId, cmdline: &str) -> u32 {
        let pid = self.alloc_pid();
        let comm = cmdline
            .split_whitespace()
            .find(|w| !w.contains('='))
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_string())
            .unwrap_or_default();
        let (job, cmdline) = match self.transport.spawning.take() {
            Some((j, c)) => (Some(j), c),
            None => (None, cmdline.to_string()),
        };
        self.transport.procs.push(Process {
            pid,
            ns,
            cmdline,
            comm,
            job,
            output: String::new(),
            ends_us: None,
            exit: 0,
            redirected: self.transport.spawn_redirects.clone(),
        });
        pid
    }

    /// Process `pid` holds the client end of `c`: the connection goes
    /// when the process does.
    pub fn own_connection(&mut self, c: &Conn, pid: u32) {
        for e in self.transport.open.iter_mut() {
            if e.ns == c.client_ns && e.local == c.local && e.peer == c.remote && e.pid.is_none() {
                e.pid = Some(pid);
            }
        }
        self.transport.held.push((pid, c.clone()));
    }

    /// Closes the connection; a one-shot `nc -l` exits after its client
    /// left.
    pub fn finish_connection(&mut self, c: &Conn) {
        self.close(c);
        let one_shot = self.transport.listeners.iter().any(|l| {
            l.pid == c.server_pid
                && l.ns == c.server_ns
                && l.service == Service::Netcat { keep: false }
        });
        if one_shot && c.proto == SockProto::Tcp {
            self.kill(c.server_pid);
        }
    }

    /// What process `pid` prints on `fd` (1 or 2): into the file it was
    /// started with (`nc -l > got &`), or onto the terminal.
    pub fn proc_print(&mut self, pid: u32, fd: u8, text: &str) {
        let Some(p) = self.transport.procs.iter_mut().find(|p| p.pid == pid) else {
            return;
        };
        match p.redirected[usize::from(fd == 2)].clone() {
            None => p.output.push_str(text),
            Some(t) if t.path == "/dev/null" => {}
            // A write that fails (the disk is full) is lost, as a
            // daemon's would be.
            Some(t) => {
                let _ = self.write_file(t.netns.as_deref(), &t.path, text, true);
            }
        }
    }

    /// Called by the shell before it runs a `&` command: reserves the job
    /// number and the pid the job's process will get (bash prints
    /// `[N] PID` before the job runs).
    pub fn begin_job(&mut self, cmdline: &str) -> (u32, u32) {
        self.transport.spawning_ns = None;
        let used = |t: &Transport, n: u32| t.procs.iter().any(|p| p.job == Some(n));
        let mut n = 1;
        while used(&self.transport, n) {
            n += 1;
        }
        self.transport.next_job = n + 1;
        self.transport.spawning = Some((n, cmdline.to_string()));
        (n, self.dns.next_pid)
    }

    /// Called by a tool that runs a program in namespace `ns` (`ip netns
    /// exec`, `nsenter`): a `&` job's process is then that program, there.
    pub fn entering(&mut self, ns: NsId) {
        if self.transport.spawning.is_some() {
            self.transport.spawning_ns = Some(ns);
        }
    }

    /// Called by the shell after the `&` command ran (on a forked clock:
    /// it ended at `ends_us` with `status`; `None`: it runs until killed).
    /// `pid` is the one [`World::begin_job`] reserved. A server it started
    /// is the job; otherwise the job is a process that exits at `ends_us`.
    pub fn end_job(&mut self, pid: u32, ends_us: Option<u64>, status: i32) {
        let Some((job, cmdline)) = self.transport.spawning.take() else {
            return;
        };
        // A DNS server (coredns, dnsmasq) took the reserved pid: it is the job.
        let server = self
            .dns
            .servers
            .iter()
            .find(|s| s.pid == pid)
            .and_then(|s| match &s.host {
                crate::sim::dns::message::ServerHost::Netns(n) => {
                    Some((s.program.clone(), n.clone()))
                }
                crate::sim::dns::message::ServerHost::Internet => None,
            });
        let taken = self.transport.procs.iter().any(|p| p.pid == pid);
        let (comm, ns, ends) = match server {
            Some((comm, netns)) if !taken => {
                let ns = self.ns_id(netns.as_deref()).unwrap_or(NsId::ROOT);
                (comm, ns, None)
            }
            _ => {
                let comm = cmdline
                    .split_whitespace()
                    .find(|w| !w.contains('='))
                    .unwrap_or_default()
                    .to_string();
                let ns = self.transport.spawning_ns.unwrap_or(NsId::ROOT);
                (comm, ns, ends_us)
            }
        };
        self.transport.spawning_ns = None;
        // The reserved pid is the job's unless a process took it meanwhile.
        let pid = if taken { self.alloc_pid() } else { pid };
        if self.dns.next_pid <= pid {
            self.dns.next_pid = pid + 1;
        }
        self.transport.procs.push(Process {
            pid,
            ns,
            cmdline,
            comm,
            job: Some(job),
            output: String::new(),
            ends_us: ends,
            exit: status,
            redirected: [None, None],
        });
    }

    /// Jobs whose time has come (`ends_us` reached) exit: they leave the
    /// process table and queue their notice.
    pub fn reap_jobs(&mut self) {
        let now = self.now_us;
        let due: Vec<u32> = self
            .transport
            .procs
            .iter()
            .filter(|p| p.ends_us.is_some_and(|e| e <= now))
            .map(|p| p.pid)
            .collect();
        for pid in due {
            let end = self
                .transport
                .procs
                .iter()
                .find(|p| p.pid == pid)
                .map(|p| (JobEnd::Exit(p.exit), p.ends_us.unwrap_or(now)));
            if let Some((end, at)) = end {
                self.end_process(pid, end, at);
            }
        }
    }

    /// Ends a process: its sockets close (what `kill PID` does). DNS
    /// servers are processes too. False if there is no such process. A
    /// job's end is queued as `Done` (a server that exits by itself).
    pub fn kill(&mut self, pid: u32) -> bool {
        self.end_process(pid, JobEnd::Exit(0), self.now_us)
    }

    /// `kill PID` (SIGTERM): like [`World::kill`], and a job ends as
    /// `Terminated`.
    pub fn terminate(&mut self, pid: u32) -> bool {
        self.signal(pid, 15)
    }

    /// `kill -SIG PID` with a signal whose default action ends the
    /// process: a job ends as `strsignal(SIG)` (`Killed`, `Hangup`).
    pub fn signal(&mut self, pid: u32, sig: u32) -> bool {
        self.end_process(pid, JobEnd::Signaled(sig), self.now_us)
    }

    /// A process exits by itself with `status` (a server that could not
    /// bind): a job ends as `Exit N`.
    pub fn exit_process(&mut self, pid: u32, status: i32) -> bool {
        self.end_process(pid, JobEnd::Exit(status), self.now_us)
    }

    fn end_process(&mut self, pid: u32, end: JobEnd, at_us: u64) -> bool {
        if let Some(p) = self.transport.procs.iter().find(|p| p.pid == pid) {
            if let Some(job) = p.job {
                self.transport.ended.push(EndedJob {
                    job,
                    pid,
                    cmdline: p.cmdline.clone(),
                    end,
                    at_us,
                });
            }
        }
        let before = self.transport.procs.len();
        self.transport.procs.retain(|p| p.pid != pid);
        let gone: Vec<NsId> = self
            .transport
            .listeners
            .iter()
            .filter(|l| l.pid == pid)
            .map(|l| l.ns)
            .collect();
        for ns in gone {
            self.ns_mut(ns).sockets.retain(|s| s.pid != pid);
        }
        self.transport.listeners.retain(|l| l.pid != pid);
        self.transport.udp_peers.retain(|u| u.pid != pid);
        // A connection a process held closes with it (FIN both ways).
        let held: Vec<Conn> = self
            .transport
            .held
            .iter()
            .filter(|(p, _)| *p == pid)
            .map(|(_, c)| c.clone())
            .collect();
        self.transport.held.retain(|(p, _)| *p != pid);
        for c in held {
            self.finish_connection(&c);
        }
        self.transport.open.retain(|e| e.pid != Some(pid));
        let dns = pid != 0 && self.dns.stop(pid);
        // An ssh client or sshd takes its session and forwards with it.
        session::process_gone(self, pid);
        dns || before != self.transport.procs.len()
    }

    /// Processes and listeners of a deleted namespace go with it.
    pub(crate) fn transport_forget_ns(&mut self, ns: NsId) {
        let pids: Vec<u32> = self
            .transport
            .procs
            .iter()
            .filter(|p| p.ns == ns)
            .map(|p| p.pid)
            .collect();
        for p in pids {
            self.kill(p);
        }
        self.transport.open.retain(|e| e.ns != ns);
    }
}
