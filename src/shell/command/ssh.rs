//! `ssh`, `sshd` and `service ssh`: SSH connections and port forwarding
//! across the simulated network.
//!
//! Follows ssh(1), sshd(8), sshd_config(5) of OpenSSH 9.2 and Debian's
//! `/etc/init.d/ssh`. Parsing and bind decisions live in
//! [`crate::sim::tunnel`], sessions and relays in [`crate::sim::ssh`]; the
//! tunnel diagram comes from [`crate::display::tunnel`].

use super::{ns_of, CmdOutput, Command, Ctx};
use crate::display::tunnel::session_bundle;
use crate::sim::apps::ssh::auth::AuthRequest;
use crate::sim::apps::ssh::{auth, daemon, lookup, relay, session};
use crate::sim::apps::ssh_args::SshArgs;
use crate::sim::apps::sshd_config::{SshdArgs, SshdError};
use crate::sim::apps::tunnel::SshArgError;
use crate::sim::ssh::SshRequest;

use core::time::Duration;

/// Remote commands within remote commands (`ssh a ssh b ...`) one
/// command line may nest: each level re-parses the rest of the line, so
/// depth costs its square.
pub const MAX_NESTING: u32 = 16;

thread_local! {
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level of remote command, left when dropped.
struct Nesting;

impl Nesting {
    fn enter() -> Option<Nesting> {
        DEPTH.with(|d| {
            if d.get() >= MAX_NESTING {
                None
            } else {
                d.set(d.get() + 1);
                Some(Nesting)
            }
        })
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "ssh",
        summary: "OpenSSH client: remote login and port forwarding (-L, -R, -D)",
        summary_ko: "SSH 클라이언트: 원격 접속과 포트 포워딩(터널링, -L 로컬 / -R 리모트 / -D 다이나믹)",
        usage: "ssh [-fgNq] [-D [bind_address:]port] [-J [user@]host[:port]] [-L [bind_address:]port:host:hostport] [-l login_name] [-o option] [-p port] [-R [bind_address:]port:host:hostport] destination [command [argument ...]]",
        run: ssh,
        complete: None,
    },
    Command {
        name: "/usr/sbin/sshd",
        summary: "OpenSSH daemon: listens for SSH connections (port 22 or -p)",
        summary_ko: "SSH 서버 데몬: 22번(또는 -p) 포트에서 SSH 연결을 받습니다",
        usage: "/usr/sbin/sshd [-Ddt] [-f config_file] [-o option] [-p port]",
        run: sshd_absolute,
        complete: None,
    },
    Command {
        name: "sshd",
        summary: "OpenSSH daemon (must be started by its absolute path, /usr/sbin/sshd)",
        summary_ko: "SSH 서버 데몬 (절대 경로 /usr/sbin/sshd 로 실행해야 합니다)",
        usage: "sshd [-Ddt] [-f config_file] [-o option] [-p port]",
        run: sshd_relative,
        complete: None,
    },
];

/// Waits like a foreground process does until the user interrupts it.
/// Without a driver's real time (tests, the library) nobody could ever
/// interrupt, so the wait ends at once, as if interrupted.
fn block_until_interrupt(ctx: &mut Ctx) {
    if let Some(left) = ctx.world.until_deadline() {
        // `timeout`: the wait ends at its deadline.
        ctx.sleep(Duration::from_micros(left));
        return;
    }
    if ctx.pacer.is_none() {
        return;
    }
    while ctx.sleep(Duration::from_millis(200)) {}
}

fn ssh(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match SshArgs::parse(args) {
        Ok(a) => a,
        Err(e @ SshArgError::Usage(_)) => return CmdOutput::usage(255, format!("{e}\n")),
        Err(e) => {
            return CmdOutput::usage(255, format!("{e}\n"))
                .with_hint("forms: -L [bind_address:]port:host:hostport, -R [bind_address:]port:host:hostport, -D [bind_address:]port")
        }
    };
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(o) => return o,
    };
    if a.jump.iter().any(|j| j.host == a.host && j.port == a.port) {
        return CmdOutput::error(255, format!("jumphost loop via {}\r\n", a.host));
    }
    // -J: one helper session per hop (`ssh -W next:port hop`), each riding
    // the previous one.
    let mut carrier: Option<u32> = None;
    for (i, j) in a.jump.iter().enumerate() {
        let (next_host, next_port) = a
            .jump
            .get(i + 1)
            .map(|n| (n.host.as_str(), n.port))
            .unwrap_or((a.host.as_str(), a.port));
        let Some(jip) = resolve_from(ctx, carrier, &j.host) else {
            close_hops(ctx, carrier);
            return CmdOutput::error(
                255,
                format!(
                    "ssh: Could not resolve hostname {}: Name or service not known\r\n{JUMP_CLOSED}",
                    j.host.to_lowercase()
                ),
            );
        };
        let mut cmdline = String::from("ssh");
        if let Some(u) = &j.user {
            cmdline += &format!(" -l {u}");
        }
        if j.port != 22 {
            cmdline += &format!(" -p {}", j.port);
        }
        cmdline += &format!(" -W [{next_host}]:{next_port} {}", j.host);
        let juser = j
            .user
            .clone()
            .or(a.user.clone())
            .unwrap_or_else(|| "root".into());
        let req = SshRequest {
            user: &juser,
            host: &j.host,
            ip: jip,
            port: j.port,
            forwards: &[],
            gateway_ports: false,
            exit_on_forward_failure: false,
            no_command: true,
            cmdline: &cmdline,
            background: true,
            carrier,
            quiet: a.quiet,
        };
        match session::open(ctx.world, ns, &req) {
            Ok(o) => {
                session::mark_jump(ctx.world, o.session);
                carrier = Some(o.session);
            }
            Err(e) => {
                close_hops(ctx, carrier);
                return CmdOutput::error(255, jump_failure(&e));
            }
        }
    }
    let Some(ip) = resolve_from(ctx, carrier, &a.host) else {
        close_hops(ctx, carrier);
        let tail = if carrier.is_some() { JUMP_CLOSED } else { "" };
        return CmdOutput::error(
            255,
            format!(
                "ssh: Could not resolve hostname {}: Name or service not known\r\n{tail}",
                a.host.to_lowercase()
            ),
        );
    };
    let in_job = ctx.world.transport.spawning.is_some();
    let cmdline = std::iter::once("ssh".to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let user = a.user.clone().unwrap_or_else(|| "root".into());
    let req = SshRequest {
        user: &user,
        host: &a.host,
        ip,
        port: a.port,
        forwards: &a.forwards,
        gateway_ports: a.gateway_ports,
        exit_on_forward_failure: a.exit_on_forward_failure,
        no_command: a.no_command,
        cmdline: &cmdline,
        background: a.background,
        carrier,
        quiet: a.quiet,
    };
    let opened = match session::open(ctx.world, ns, &req) {
        Ok(o) => o,
        Err(e) if carrier.is_some() => {
            close_hops(ctx, carrier);
            return CmdOutput::error(255, jump_failure(&e));
        }
        Err(e) => {
            let mut out = CmdOutput::error(255, format!("{e}\r\n"));
            if let crate::sim::ssh::SshOpenError::Connect(_, ce) = &e {
                let hint = match ce {
                    crate::sim::stack::transport::ConnectError::Refused { .. } => Some(format!(
                        "nothing listens on {}:{} (start the server with `service ssh start` or `/usr/sbin/sshd` in its namespace), or a firewall REJECTs it",
                        ip, a.port
                    )),
                    crate::sim::stack::transport::ConnectError::TimedOut { .. } => Some(
                        "no answer: a firewall DROPs port 22 on the way, or the reply has no route back (`netbook trace` shows the walk)".into(),
                    ),
                    _ => None,
                };
                if let Some(h) = hint {
                    out = out.with_hint(&h);
                }
            }
            return out;
        }
    };
    if let Some(code) = opened.exit {
        // ExitOnForwardFailure: ssh logged in, a forward failed, and it
        // gave up; the session is closed already.
        close_hops(ctx, carrier);
        let stderr: String = opened.messages.iter().map(|m| format!("{m}\r\n")).collect();
        return CmdOutput::error(code, stderr);
    }
    let auth = auth::authenticate(
        ctx.world,
        opened.session,
        &AuthRequest {
            identity_files: &a.identity_files,
            password: !a.no_password,
            pubkey: !a.no_pubkey,
        },
    );
    let mut stderr: String = auth.messages.iter().map(|m| format!("{m}\r\n")).collect();
    if auth.method.is_none() {
        session::close(ctx.world, opened.session);
        close_hops(ctx, carrier);
        stderr += &format!(
            "{user}@{}: Permission denied ({}).\r\n",
            a.host, auth.methods
        );
        let hint = match (&auth.refused, auth.had_key) {
            (Some(why), _) => format!(
                "sshd ignored the key file because of its modes (StrictModes); its log says `{why}`: make it and ~/.ssh writable only by the owner (chmod 600 ~/.ssh/authorized_keys; chmod 700 ~/.ssh)"
            ),
            (None, false) => "no usable key: make one with `ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519 -N ''` and add the .pub line to the server user's ~/.ssh/authorized_keys".into(),
            (None, true) => "the server user's ~/.ssh/authorized_keys does not list this client's public key (~/.ssh/id_ed25519.pub)".into(),
        };
        return CmdOutput::error(255, stderr).with_hint(&hint);
    }
    stderr.extend(opened.messages.iter().map(|m| format!("{m}\r\n")));
    if let Some(code) = opened.exit {
        return CmdOutput::error(code, stderr);
    }
    let session = opened.session;
    let server_ns = ctx.world.ns(opened.server_ns).name.clone();
    // A remote command runs in the server's namespace (ssh joins its words
    // and the login shell parses them), then the session ends.
    if !a.command.is_empty() && !a.no_command {
        let Some(_nest) = Nesting::enter() else {
            session::close(ctx.world, session);
            stderr.push_str(&format!(
                "ssh: netbook allows at most {MAX_NESTING} nested ssh sessions\n"
            ));
            return CmdOutput::error(255, stderr);
        };
        let saved = std::mem::replace(&mut ctx.netns, server_ns);
        let out = remote_shell(ctx, &a.command.join(" "));
        ctx.netns = saved;
        session::close(ctx.world, session);
        stderr.push_str(&out.stderr);
        return CmdOutput { stderr, ..out };
    }
    let stays = a.no_command || a.background || in_job;
    if !stays && ctx.stdin.is_some() {
        // `ssh host <<EOF ... EOF`: the remote shell reads the script.
        let script = ctx.stdin.take().unwrap_or_default();
        let saved = std::mem::replace(&mut ctx.netns, server_ns);
        let out = remote_shell(ctx, &script);
        ctx.netns = saved;
        session::close(ctx.world, session);
        stderr.insert_str(
            0,
            "Pseudo-terminal will not be allocated because stdin is not a terminal.\r\n",
        );
        stderr.push_str(&out.stderr);
        return CmdOutput { stderr, ..out };
    }
    if !stays {
        // No terminal in a notebook: the remote shell reads an empty stdin
        // and the session ends at once, taking its forwards with it.
        session::close(ctx.world, session);
        stderr.insert_str(
            0,
            "Pseudo-terminal will not be allocated because stdin is not a terminal.\r\n",
        );
        return CmdOutput::error(0, stderr).with_hint(
            "for a tunnel that stays, add -N and run it in the background: `ssh -N -L ... user@host &` or `ssh -f -N -L ...`",
        );
    }
    if !a.background && !in_job {
        // `ssh -N` in the foreground holds the terminal until Ctrl-C.
        block_until_interrupt(ctx);
        session::close(ctx.world, session);
        return CmdOutput::error(130, stderr);
    }
    let mut out = match ctx.world.ssh.sessions.iter().find(|s| s.id == session) {
        Some(s) if !s.forwards.is_empty() => CmdOutput::rich(session_bundle(ctx.world, s)),
        _ => CmdOutput::default(),
    };
    out.stderr = stderr;
    for h in forward_hints(ctx, session, &opened.messages) {
        out = out.with_hint(&h);
    }
    out
}

/// Teaching notes on forwards that did not bind where the learner meant.
fn forward_hints(ctx: &Ctx, session: u32, messages: &[String]) -> Vec<String> {
    let mut hints = Vec::new();
    if messages
        .iter()
        .any(|m| m.starts_with("bind [") && m.ends_with("Cannot assign requested address"))
    {
        hints.push(
            "the bind_address of -L/-D is an address of this (client) machine, not of the SSH server; \
             leave it out (loopback) or use -g / 0.0.0.0 to share the port"
                .to_string(),
        );
    }
    let Some(s) = ctx.world.ssh.sessions.iter().find(|s| s.id == session) else {
        return hints;
    };
    for f in &s.forwards {
        let asked = f.spec.listen_host.as_deref().unwrap_or("localhost");
        let loopback_only = f.binds == [Some(core::net::Ipv4Addr::LOCALHOST)];
        if f.spec.kind == crate::sim::tunnel::ForwardKind::Remote
            && loopback_only
            && !matches!(asked, "localhost" | "127.0.0.1" | "::1")
        {
            hints.push(format!(
                "sshd bound 127.0.0.1:{} instead of {asked}: its GatewayPorts is `no`; \
                 set `GatewayPorts clientspecified` (or `yes`) in /etc/ssh/sshd_config on the server and restart sshd",
                f.port
            ));
        }
    }
    hints
}

/// What ssh prints when the connection through a jump host closes
/// before the SSH handshake (the `-W` helper has no peer address).
const JUMP_CLOSED: &str =
    "kex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535\r\n";

/// A `-J` hop or the final host failed: the helper's message, then the
/// main ssh's view of its closed stdio.
fn jump_failure(e: &crate::sim::ssh::SshOpenError) -> String {
    use crate::sim::ssh::SshOpenError;
    match e {
        SshOpenError::Connect(m, _) => format!("{m}\r\n{JUMP_CLOSED}"),
        SshOpenError::Channel(m) => format!("{m}\r\nstdio forwarding failed\r\n{JUMP_CLOSED}"),
        SshOpenError::NotSsh(_) => JUMP_CLOSED.to_string(),
    }
}

/// Resolves a host the way the connecting side does: locally, or on the
/// jump host that opens the channel.
fn resolve_from(ctx: &mut Ctx, carrier: Option<u32>, host: &str) -> Option<core::net::Ipv4Addr> {
    let exit = carrier.and_then(|c| ctx.world.ssh.sessions.iter().find(|s| s.id == c));
    match exit.map(|s| s.conn.server_ns) {
        Some(ns) => lookup::resolve(ctx.world, ns, host),
        None => super::ping::resolve_host(ctx.world, ctx.netns.as_deref(), host),
    }
}

/// Closes the jump helpers (the last one takes the earlier ones with it).
fn close_hops(ctx: &mut Ctx, last: Option<u32>) {
    if let Some(id) = last {
        session::close(ctx.world, id);
    }
}

/// The login shell on the server (`bash -c`), the same evaluator as a
/// cell's, in the server's namespace; output is plain text, the status
/// is the shell's.
fn remote_shell(ctx: &mut Ctx, text: &str) -> CmdOutput {
    match ctx.shell {
        Some(shell) => shell(ctx, text),
        None => CmdOutput::error(
            127,
            "netbook: a remote command runs only from a cell (no shell here)\n",
        ),
    }
}

fn sshd_relative(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    sshd_run(ctx, "sshd", args)
}

fn sshd_absolute(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    sshd_run(ctx, "/usr/sbin/sshd", args)
}

/// Reads and checks sshd's configuration as `sshd -t` does.
pub(super) fn sshd_config(
    ctx: &Ctx,
    a: &SshdArgs,
) -> Result<crate::sim::apps::sshd_config::SshdConfig, CmdOutput> {
    let path = a
        .config_file
        .clone()
        .unwrap_or_else(|| "/etc/ssh/sshd_config".into());
    let file = match ctx.world.read_file(ctx.netns.as_deref(), &path) {
        Ok(t) => Some(t),
        // The package's stock file has every line commented out: defaults.
        Err(_) if a.config_file.is_none() => None,
        Err(_) => {
            return Err(CmdOutput::error(
                1,
                format!("{path}: No such file or directory\n"),
            ))
        }
    };
    // sshd's fatal() and error() end their lines with CR LF.
    a.config(file.as_deref()).map_err(|e| match e {
        SshdError::BadKeyword(ref m) if m.starts_with("command-line") => {
            CmdOutput::error(1, format!("{e}\r\n"))
        }
        SshdError::BadKeyword(_) => CmdOutput::error(
            255,
            format!("{e}\r\n{path}: terminating, 1 bad configuration options\r\n"),
        ),
        _ => CmdOutput::error(255, format!("{e}\r\n")),
    })
}

fn sshd_run(ctx: &mut Ctx, argv0: &str, args: &[String]) -> CmdOutput {
    let a = match SshdArgs::parse(argv0, args) {
        Ok(a) => a,
        Err(e @ SshdError::NotAbsolute) => {
            return CmdOutput::error(255, format!("{e}\r\n"))
                .with_hint("start it as /usr/sbin/sshd (or `service ssh start`)")
        }
        Err(e @ SshdError::Usage(_)) => return CmdOutput::usage(1, format!("{e}\n")),
        Err(e) => return CmdOutput::usage(255, format!("{e}\n")),
    };
    let config = match sshd_config(ctx, &a) {
        Ok(c) => c,
        Err(o) => return o,
    };
    if config.test_only {
        return CmdOutput::default();
    }
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let cmdline = std::iter::once(argv0.to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let foreground = config.foreground;
    let in_job = ctx.world.transport.spawning.is_some();
    let pid = daemon::start(ctx.world, ns, &cmdline, config);
    if foreground && !in_job {
        block_until_interrupt(ctx);
        if let Some(p) = pid {
            ctx.world.kill(p);
        }
        return CmdOutput::error(130, "");
    }
    CmdOutput::default()
}

/// What curl shows about a connection that went through an SSH tunnel.
#[derive(Debug, Default)]
pub(super) struct TunnelView {
    /// ssh could not open its channel and reset the client's connection
    /// (`-L`/`-D`; a failed `-R` target closes cleanly instead).
    pub reset: bool,
    html: Option<String>,
}

impl TunnelView {
    /// Adds the hop-by-hop trace as the rich view of curl's output.
    pub fn attach(self, mut out: CmdOutput) -> CmdOutput {
        if let Some(h) = self.html {
            let text = out.stdout.clone();
            let pre = if text.is_empty() {
                String::new()
            } else {
                crate::display::html::pre(&text)
            };
            out.rich = Some(crate::display::MimeBundle::plain(text).with_html(pre + &h));
        }
        out
    }
}

/// The tunnel `conn` (a client's connection to some listener) went
/// through, if it reached a forward's listener.
pub(super) fn curl_tunnel_view(
    w: &crate::sim::World,
    conn: &crate::sim::stack::transport::Conn,
) -> TunnelView {
    match relay::relay_of(w, conn) {
        None => TunnelView::default(),
        Some(r) => TunnelView {
            // ssh resets the client when its channel open failed; a
            // stalled SSH connection (dropped segments) resets nothing.
            reset: r.kind != crate::sim::tunnel::ForwardKind::Remote
                && r.outbound
                    .as_ref()
                    .is_err_and(|m| m.starts_with("channel ")),
            html: Some(crate::display::tunnel::relay_html(w, r)),
        },
    }
}
