//! Processes: pids, the shell's foreground jobs, `kill`.

use crate::sim::stack::link::NsId;
use crate::sim::stack::world::World;
use crate::sim::transport::table::{Process, Transport};

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
        });
        pid
    }

    /// Called by the shell before it runs a `&` command: reserves the job
    /// number and the pid the job's process will get (bash prints
    /// `[N] PID` before the job runs).
    pub fn begin_job(&mut self, cmdline: &str) -> (u32, u32) {
        let used = |t: &Transport, n: u32| t.procs.iter().any(|p| p.job == Some(n));
        let mut n = 1;
        while used(&self.transport, n) {
            n += 1;
        }
        self.transport.next_job = n + 1;
        self.transport.spawning = Some((n, cmdline.to_string()));
        (n, self.dns.next_pid)
    }

    /// Called by the shell after the `&` command ran.
    pub fn end_job(&mut self) {
        let Some((job, cmdline)) = self.transport.spawning.take() else {
            return;
        };
        // A DNS server (coredns, dnsmasq) took the reserved pid: it is the job.
        let pid = self.dns.next_pid.saturating_sub(1);
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
        match server {
            Some((comm, netns)) if !self.transport.procs.iter().any(|p| p.pid == pid) => {
                let ns = self.ns_id(netns.as_deref()).unwrap_or(NsId::ROOT);
                self.transport.procs.push(Process {
                    pid,
                    ns,
                    cmdline,
                    comm,
                    job: Some(job),
                    output: String::new(),
                });
            }
            // The job finished without a lasting process: its pid is used.
            _ => {
                self.alloc_pid();
            }
        }
    }

    /// Ends a process: its sockets close (what `kill PID` does). DNS
    /// servers are processes too. False if there is no such process.
    pub fn kill(&mut self, pid: u32) -> bool {
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
        self.transport.open.retain(|e| e.pid != Some(pid));
        let dns = pid != 0 && self.dns.stop(pid);
        // An ssh client or sshd takes its session and forwards with it.
        self.ssh_process_gone(pid);
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
