//! The corpus harness: loading scripts, masking, the real side, the report.

pub mod corpus;
pub mod masks;
pub mod real;
pub mod report;

use corpus::Script;
use netbook::shell::Session;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// One step's observable result on one side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepOut {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One script's outcome: per step, the masked real and netbook results.
pub struct ScriptResult {
    pub path: String,
    pub topic: String,
    pub skipped: Option<String>,
    pub steps: Vec<(String, StepOut, StepOut)>,
}

/// netbook's side: one session, each step a cell, as `netbook run` would
/// run the lines one after the other (no pacer: the virtual clock only).
pub fn run_sim(script: &Script) -> Vec<StepOut> {
    let mut s = Session::new();
    script
        .steps
        .iter()
        .map(|step| {
            let t = s.run_terminal(step);
            StepOut {
                status: t.outcome.status,
                stdout: t.stdout,
                stderr: t.stderr,
            }
        })
        .collect()
}

/// Runs every script on both sides, a few real scripts at a time.
pub fn run_all(scripts: &[&Script]) -> Vec<ScriptResult> {
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<ScriptResult>> = Mutex::new(Vec::new());
    let workers = std::env::var("NETBOOK_DIFF_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or(6usize);
    std::thread::scope(|sc| {
        for _ in 0..workers {
            sc.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(script) = scripts.get(i) else { break };
                let r = run_one(script, i);
                out.lock().unwrap().push(r);
            });
        }
    });
    let mut v = out.into_inner().unwrap();
    v.sort_by(|a, b| a.path.cmp(&b.path));
    v
}

fn run_one(script: &Script, slot: usize) -> ScriptResult {
    let mut res = ScriptResult {
        path: script.path.clone(),
        topic: script.topic.clone(),
        skipped: None,
        steps: Vec::new(),
    };
    if let Some(missing) = script.needs.iter().find(|t| !real::has_tool(t)) {
        res.skipped = Some(format!("{}: `{missing}` is not installed", script.path));
        return res;
    }
    let real = match real::run(script, slot) {
        Ok(r) => r,
        Err(e) => {
            res.skipped = Some(format!("{}: {e}", script.path));
            return res;
        }
    };
    let sim = run_sim(script);
    for ((step, r), m) in script.steps.iter().zip(real).zip(sim) {
        res.steps.push((
            step.clone(),
            masks::apply_out(&script.masks, r),
            masks::apply_out(&script.masks, drop_job_lines(m)),
        ));
    }
    res
}

/// A cell shows what an interactive bash shows (`[1] PID` when a job
/// starts, `[1]+  Done  ...` when it ends); the real side runs a script,
/// which prints neither.
fn drop_job_lines(mut o: StepOut) -> StepOut {
    let job = regex_lite::Regex::new(r"^\[\d+\]([+\- ]  (Done|Exit \d+|Terminated) +.*| \d+)$")
        .expect("regex");
    o.stderr = o
        .stderr
        .split_inclusive('\n')
        .filter(|l| !job.is_match(l.trim_end_matches('\n')))
        .collect();
    o
}
