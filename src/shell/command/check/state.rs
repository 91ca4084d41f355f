//! `check route`, `check sysctl`, `check listening`: the state the kernel
//! acts on, asked the way the kernel answers (`ip route get`, the
//! effective sysctl, the socket table), never the text that set it up.
//!
//! ```text
//! check route -n h2 192.168.2.30 via 192.168.1.1 dev eth0
//! check sysctl -n r net.ipv4.ip_forward 1
//! check listening -n server tcp 22
//! ```

use super::super::sockets::ss::sock_rows;
use super::super::Ctx;
use super::behave::{
    expectation, ns_label, ns_prefix, parse_behave, run_on_clone, tr, BehaveArgs, Judged, Usage,
};
use crate::sim::stack::transport::SockProto;
use core::net::Ipv4Addr;

/// `check route [-n NS] DEST [via GW] [dev DEV]`: `ip route get DEST`
/// picks that gateway and device (longest prefix, then metric).
pub(super) fn route(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns, words: rest, ..
    } = parse_behave(ctx, args, false, false)?;
    if negate {
        return Err("'!' cannot be combined with route".into());
    }
    let Some(dest) = rest.first() else {
        return Err("missing destination".into());
    };
    let dst: Ipv4Addr = dest
        .parse()
        .map_err(|_| format!("'{dest}' is not an IPv4 address"))?;
    let (mut via, mut dev) = (None, None);
    let mut i = 1;
    while i < rest.len() {
        let v = rest
            .get(i + 1)
            .ok_or_else(|| format!("'{}' needs a value", rest[i]))?;
        match rest[i].as_str() {
            "via" => {
                via = Some(
                    v.parse::<Ipv4Addr>()
                        .map_err(|_| format!("bad gateway '{v}'"))?,
                )
            }
            "dev" => dev = Some(v.clone()),
            other => return Err(format!("unexpected argument '{other}' (via GW, dev DEV)")),
        }
        i += 2;
    }
    if via.is_none() && dev.is_none() {
        return Err("say what to expect: via GW and/or dev DEV".into());
    }
    let (ns_opt, _) = ns_prefix(&netns);
    let mut want = String::new();
    if let Some(g) = via {
        want.push_str(&format!(" via {g}"));
    }
    if let Some(d) = &dev {
        want.push_str(&format!(" dev {d}"));
    }
    let from = ns_label(&netns);
    let expected = tr(
        &format!("{from}에서 {dst}(으)로 가는 경로가{want}"),
        &format!("the route from {from} to {dst} to go{want}"),
    );
    let ns = match ctx.world.ns_id(netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return Ok(Judged::new(false, expected, e.to_string())),
    };
    // What `ip route get` answers: through the rules, as the kernel asks.
    let flow = crate::sim::stack::policy::Flow::default();
    let got = match ctx.world.route_get_flow(ns, dst, &flow) {
        Ok(g) => g,
        Err(e) => {
            return Ok(Judged::new(
                false,
                expected,
                tr(
                    &format!("경로가 없습니다 ({e})"),
                    &format!("no route ({e})"),
                ),
            )
            .fix(Some(format!("ip {ns_opt}route add {dst}{want}"))))
        }
    };
    let got_dev = ctx.world.link(got.dev).name.to_string();
    let found = match got.via {
        Some(g) => format!("{dst} via {g} dev {got_dev}"),
        None => format!("{dst} dev {got_dev}"),
    };
    let passed =
        via.is_none_or(|g| got.via == Some(g)) && dev.as_ref().is_none_or(|d| *d == got_dev);
    let fix = (!passed).then(|| {
        tr(
            &format!("`ip {ns_opt}route`로 표를 보고, 더 긴 접두어가 이기는 것을 기억하세요: 예) `ip {ns_opt}route replace default{want}`"),
            &format!("read the table with `ip {ns_opt}route` (the longest prefix wins), e.g. `ip {ns_opt}route replace default{want}`"),
        )
    });
    Ok(Judged::new(passed, expected, found).fix(fix))
}

/// `check sysctl [-n NS] KEY VALUE`: the effective value (as `sysctl -n`
/// reads it, whichever way it was written: sysctl -w, /proc/sys, the
/// namespace's default).
pub(super) fn sysctl(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns, words: rest, ..
    } = parse_behave(ctx, args, false, false)?;
    let [key, value] = rest.as_slice() else {
        return Err("usage: check sysctl [-n NS] KEY VALUE".into());
    };
    let key = key.replace('/', ".");
    let from = ns_label(&netns);
    let expected = expectation(
        negate,
        (
            &format!("{from}의 {key} = {value}"),
            &format!("{key} = {value} in {from}"),
        ),
        (
            &format!("{from}의 {key} 값이 {value}이(가) 아니어야 합니다"),
            &format!("{key} in {from} not {value}"),
        ),
    );
    let out = run_on_clone(ctx, &netns, &["sysctl", "-n", &key]);
    if out.status != 0 || out.fail.is_some() {
        let why = out.stderr.trim().to_string();
        return Ok(Judged::new(negate, expected, why));
    }
    let got = out.stdout.trim().to_string();
    let passed = (got == value.trim()) != negate;
    let (_, exec) = ns_prefix(&netns);
    let fix = (!passed && !negate).then(|| format!("{exec}sysctl -w {key}={value}"));
    Ok(Judged::new(passed, expected, format!("{key} = {got}")).fix(fix))
}

/// `check [!] listening [-n NS] tcp|udp PORT`: a socket in that namespace
/// listens on the port (any address).
pub(super) fn listening(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns, words: rest, ..
    } = parse_behave(ctx, args, false, false)?;
    let [proto, port] = rest.as_slice() else {
        return Err("usage: check listening [-n NS] tcp|udp PORT".into());
    };
    let tcp = match proto.as_str() {
        "tcp" => true,
        "udp" => false,
        other => return Err(format!("unknown protocol '{other}' (tcp or udp)")),
    };
    let port: u16 = port.parse().map_err(|_| format!("bad port '{port}'"))?;
    let from = ns_label(&netns);
    let expected = expectation(
        negate,
        (
            &format!("{from}에서 {proto} {port}을(를) 듣는 소켓"),
            &format!("a socket listening on {proto} {port} in {from}"),
        ),
        (
            &format!("{from}에서 {proto} {port}을(를) 듣는 소켓이 없어야 합니다"),
            &format!("nothing listening on {proto} {port} in {from}"),
        ),
    );
    let ns = match ctx.world.ns_id(netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return Ok(Judged::new(negate, expected, e.to_string())),
    };
    let rows = sock_rows(ctx.world, ns);
    let want = if tcp { SockProto::Tcp } else { SockProto::Udp };
    let listeners: Vec<String> = rows
        .iter()
        .filter(|r| r.listening && r.proto == want)
        .map(|r| {
            format!(
                "{}:{}",
                r.local.0.map_or("*".to_string(), |a| a.to_string()),
                r.local.1.unwrap_or(0)
            )
        })
        .collect();
    let hit = rows
        .iter()
        .any(|r| r.listening && r.proto == want && r.local.1 == Some(port));
    let found = if listeners.is_empty() {
        tr(
            &format!("{proto} 소켓을 듣는 프로그램이 없습니다"),
            &format!("no {proto} socket listens"),
        )
    } else {
        tr(
            &format!("듣는 {proto} 소켓: {}", listeners.join(", ")),
            &format!("{proto} sockets listening: {}", listeners.join(", ")),
        )
    };
    let (_, exec) = ns_prefix(&netns);
    let fix = (!hit && !negate).then(|| {
        if tcp {
            format!("{exec}nc -l -p {port} &")
        } else {
            format!("{exec}nc -u -l -p {port} &")
        }
    });
    Ok(Judged::new(hit != negate, expected, found).fix(fix))
}
