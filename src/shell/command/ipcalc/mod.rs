//! `ipcalc` (Debian's `ipcalc` 0.42 by Krischan Jodies, which reports
//! version 0.5) and `subnet`, netbook's subnet planner.
//!
//! `ipcalc` follows `/usr/bin/ipcalc` of that package: its option parsing
//! (options anywhere, `-s` eating the numbers after it, `A - B` ranges),
//! its address and mask forms (dotted, `/NN`, hex, inverse "wildcard"
//! masks, IPv6), its error lines on stdout and its exit status 0. Output
//! is what it prints without a terminal: plain, ANSI with `-c`, its HTML
//! page with `-h`. A learner's mistake (bad address or mask, unknown
//! option) keeps that exact stdout and status 0 but fails the cell, with a
//! hint on stderr.
//!
//! `subnet` answers the study note's questions directly: split a network
//! into N subnets, into subnets of H hosts, a VLSM plan, summarise, test
//! containment. Huge splits stream the first rows and the totals.

// Errors are the command's final output, built once on a cold path.
#![allow(clippy::result_large_err)]

pub mod args;
pub mod run;
pub mod subnet;

use crate::sim::World;

use super::{CellError, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "ipcalc",
        summary: "calculate IPv4 network, broadcast, host range and subnets (Debian ipcalc 0.42)",
        summary_ko: "IP 주소와 넷마스크로 네트워크/브로드캐스트/호스트 범위/서브넷을 이진수와 함께 계산합니다",
        usage: "ipcalc [-n] [-c] [-b] [-h] [--class] [-r] [-s N1 N2...] [--help] [-v] ADDRESS[[/]NETMASK] [NETMASK]",
        run: run::ipcalc,
        complete: Some(complete_ipcalc),
    },
    Command {
        name: "subnet",
        summary: "split a network into N subnets, subnets of H hosts or a VLSM plan; summarise; test containment",
        summary_ko: "네트워크를 N개/호스트 H개 단위/VLSM으로 나누고, 요약(슈퍼넷)과 포함 관계를 계산합니다",
        usage: "subnet split NET (--count N | --hosts H | --vlsm H1,H2,... | --prefix P) | subnet info NET | subnet summarize P1 P2... | subnet contains A B | subnet overlaps A B",
        run: subnet::subnet,
        complete: Some(complete_subnet),
    },
];

pub(crate) const IPCALC_OPTIONS: &[&str] = &[
    "-n",
    "--nocolor",
    "-b",
    "--nobinary",
    "--class",
    "-r",
    "--range",
    "-s",
    "--split",
    "-v",
    "--version",
    "--help",
    "-c",
    "--color",
    "-h",
    "--html",
];

pub(crate) fn complete_ipcalc(_: &World, _args: &[String], prefix: &str) -> Vec<String> {
    if !prefix.starts_with('-') {
        return Vec::new();
    }
    IPCALC_OPTIONS
        .iter()
        .filter(|o| o.starts_with(prefix))
        .map(|o| o.to_string())
        .collect()
}

pub(crate) const SUBNET_SUBCOMMANDS: &[&str] =
    &["split", "info", "summarize", "contains", "overlaps"];

pub(crate) const SUBNET_SPLIT_OPTIONS: &[&str] = &["--count", "--hosts", "--vlsm", "--prefix"];

pub(crate) fn complete_subnet(_: &World, args: &[String], prefix: &str) -> Vec<String> {
    let pick = |list: &[&str]| -> Vec<String> {
        list.iter()
            .filter(|o| o.starts_with(prefix))
            .map(|o| o.to_string())
            .collect()
    };
    match args.first().map(String::as_str) {
        None => pick(SUBNET_SUBCOMMANDS),
        Some("split") if prefix.starts_with('-') => pick(SUBNET_SPLIT_OPTIONS),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::Session;

    fn run(argv: &[&str]) -> CmdOutput {
        super::super::run_words(&mut World::new(), None, None, argv)
    }

    #[test]
    fn subnet_split_worked_example() {
        let out = run(&["subnet", "split", "211.168.83.0", "--count", "5"]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 1 + 8 + 1);
        assert!(
            lines[2].starts_with("211.168.83.32/27   211.168.83.33"),
            "{}",
            lines[2]
        );
        assert!(lines[2].contains("211.168.83.62"));
        assert!(lines[2].ends_with("32"));
        assert!(lines[9].contains("255.255.255.224"));
        let rich = out.rich.unwrap();
        assert!(rich.get("image/svg+xml").unwrap().contains("<svg"));
        assert_eq!(rich.text(), out.stdout);
    }

    #[test]
    fn subnet_split_modes_and_errors() {
        let out = run(&[
            "subnet",
            "split",
            "192.168.1.0",
            "255.255.255.0",
            "--hosts",
            "60",
        ]);
        assert!(out.stdout.contains("4 subnets of /26"), "{}", out.stdout);
        let out = run(&["subnet", "split", "10.0.0.0/8", "--prefix=/30"]);
        assert_eq!(out.stdout.lines().count(), 1 + 1000 + 2);
        assert!(out.stdout.contains("4194304 subnets of /30"));
        let out = run(&["subnet", "split", "192.168.1.0/24", "--vlsm", "50,20,10"]);
        assert!(out.stdout.contains("192.168.1.96/28"), "{}", out.stdout);
        assert!(out
            .stdout
            .contains("Unused: 192.168.1.112/28 192.168.1.128/25"));
        let out = run(&["subnet", "split", "192.168.1.0/30", "--count", "8"]);
        assert!(out.fail.is_some());
        assert!(out.stderr.contains("only 2 host bits"), "{}", out.stderr);
        let out = run(&["subnet", "split", "192.168.1.300/24", "--count", "2"]);
        assert!(out.stderr.contains("octet 4 is 300"), "{}", out.stderr);
        let out = run(&["subnet", "splt"]);
        assert_eq!(out.hints, ["did you mean `subnet split`?"]);
    }

    #[test]
    fn subnet_summarize_contains_info() {
        let out = run(&["subnet", "summarize", "10.0.0.0/24", "10.0.1.0/24"]);
        assert_eq!(out.stdout, "10.0.0.0/23\nsupernet: 10.0.0.0/23\n");
        let out = run(&["subnet", "contains", "10.0.0.0/8", "10.2.3.4"]);
        assert_eq!(
            (out.status, out.stdout.as_str()),
            (0, "10.0.0.0/8 contains 10.2.3.4/32\n")
        );
        let out = run(&["subnet", "contains", "10.0.0.0/16", "10.2.0.0/16"]);
        assert_eq!(out.status, 1);
        let out = run(&["subnet", "overlaps", "10.0.0.0/16", "10.0.128.0/17"]);
        assert_eq!(out.status, 0);
        let out = run(&["subnet", "info", "192.168.10.77/26"]);
        assert!(out
            .stdout
            .contains("Gateway:    192.168.10.65 by convention"));
        assert!(out
            .stdout
            .contains("Class:      C (leading bits 110, default /24)"));
        let out = run(&["subnet", "info", "fe80::1/64"]);
        assert!(out.stdout.contains("Scope:     link-local"));
    }

    #[test]
    fn ipcalc_mistakes_fail_the_cell_but_exit_zero() {
        let out = run(&["ipcalc", "300.1.1.1/24"]);
        assert_eq!(out.stdout, "INVALID ADDRESS: 300.1.1.1\n\n");
        assert_eq!(out.status, 0);
        assert!(out.fail.is_some());
        assert!(out.stderr.is_empty() && !out.hints.is_empty());
        let out = run(&["ipcalc", "211.168.83.0/24", "255.255.255.224"]);
        assert!(out.fail.is_none());
        assert!(out
            .rich
            .unwrap()
            .get("text/html")
            .unwrap()
            .contains("AND netmask"));
    }

    #[test]
    fn completion_of_options_and_subcommands() {
        let s = Session::new();
        assert_eq!(
            s.complete("ipcalc --no", 11).matches,
            ["--nobinary", "--nocolor"]
        );
        assert_eq!(s.complete("subnet sp", 9).matches, ["split"]);
        assert_eq!(
            s.complete("subnet split 10.0.0.0/8 --c", 27).matches,
            ["--count"]
        );
    }
}

#[cfg(test)]
mod session_tests {
    use crate::shell::{Emit, Session};

    #[test]
    fn a_cell_gets_exact_text_and_rich_views_and_pipes_stay_plain() {
        let mut s = Session::new();
        let mut out: Vec<Emit> = Vec::new();
        let r = s.execute("ipcalc 211.168.83.0/24 255.255.255.224", &mut out);
        assert_eq!(r.status, 0);
        let bundle = out
            .iter()
            .find_map(|e| match e {
                Emit::Result(b) => Some(b.clone()),
                _ => None,
            })
            .expect("execute_result");
        assert!(bundle.text().ends_with("Subnets:   8\nHosts:     240\n"));
        assert!(bundle.get("text/html").is_some() && bundle.get("image/svg+xml").is_some());

        let mut out: Vec<Emit> = Vec::new();
        s.execute("subnet split 10.0.0.0/8 --prefix 30 | tail -n 1", &mut out);
        let text: String = out
            .iter()
            .filter_map(|e| match e {
                Emit::Stdout(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            text,
            "4194304 subnets of /30 (255.255.255.252), 2 usable hosts each, 22 bits borrowed from 10.0.0.0/8\n"
        );

        let mut out: Vec<Emit> = Vec::new();
        let r = s.execute("ipcalc 10.0.0.1/33", &mut out);
        assert!(r.error.is_some(), "a bad mask fails the cell");
    }
}

#[cfg(test)]
mod robustness {
    use super::tests_support::run_words;

    const POOL: &[&str] = &[
        "-s",
        "-b",
        "-n",
        "-c",
        "-r",
        "--class",
        "-v",
        "--help",
        "-h",
        "-x",
        "-",
        "--",
        "0",
        "1",
        "2",
        "50",
        "300",
        "99999999999999999999",
        "4294967295",
        "10.0.0.1",
        "10.0.0.1/8",
        "0.0.0.0/0",
        "255.255.255.255/32",
        "1.2.3.4/31",
        "/24",
        "24",
        "33",
        "0.0.0.0",
        "255.255.255.0",
        "0.0.0.255",
        "255.0.255.0",
        "ffffff00",
        "0xffffff00",
        "::",
        "::1/200",
        "1::2::3",
        "fe80::1/64",
        "a-b",
        "1.2.3.4-1.2.3.9",
        "1.2.3.4/",
        "/",
        "x",
        "",
    ];

    proptest::proptest! {
        #[test]
        fn ipcalc_never_panics_and_always_exits_zero(
            picks in proptest::collection::vec(0usize..POOL.len(), 0..6)
        ) {
            let words: Vec<&str> = picks.iter().map(|&i| POOL[i]).collect();
            let mut argv = vec!["ipcalc"];
            argv.extend(words);
            let out = run_words(&argv);
            proptest::prop_assert_eq!(out.status, 0);
        }

        #[test]
        fn subnet_never_panics(
            picks in proptest::collection::vec(0usize..POOL.len(), 0..6),
            sub in 0usize..5,
        ) {
            let mut argv = vec!["subnet", ["split", "info", "summarize", "contains", "overlaps"][sub]];
            argv.extend(picks.iter().map(|&i| POOL[i]));
            argv.extend(["--count", "3"]);
            let _ = run_words(&argv);
        }
    }
}

#[cfg(test)]
mod tests_support {
    use super::super::CmdOutput;
    use crate::sim::World;

    pub fn run_words(argv: &[&str]) -> CmdOutput {
        crate::shell::command::run_words(&mut World::new(), None, None, argv)
    }
}
