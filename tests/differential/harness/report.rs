//! The per-topic match rates and the ratchet they are held to.

use super::ScriptResult;
use std::collections::BTreeMap;
use std::fmt::Write;

pub struct Report<'a> {
    results: &'a [ScriptResult],
    /// topic -> (matched steps, steps)
    topics: BTreeMap<String, (usize, usize)>,
}

impl<'a> Report<'a> {
    pub fn new(results: &'a [ScriptResult]) -> Self {
        let mut topics = BTreeMap::new();
        for r in results.iter().filter(|r| r.skipped.is_none()) {
            let e = topics.entry(r.topic.clone()).or_insert((0, 0));
            for (_, a, b) in &r.steps {
                e.1 += 1;
                if a == b {
                    e.0 += 1;
                }
            }
        }
        Report { results, topics }
    }

    fn rate((m, n): (usize, usize)) -> f64 {
        if n == 0 {
            100.0
        } else {
            100.0 * m as f64 / n as f64
        }
    }

    pub fn render(&self, details: bool) -> String {
        let mut s = String::new();
        for r in self.results {
            if let Some(why) = &r.skipped {
                let _ = writeln!(s, "SKIPPED {why}");
            }
        }
        if details {
            for r in self.results {
                for (i, (step, real, sim)) in r.steps.iter().enumerate() {
                    if real != sim {
                        let _ = writeln!(
                            s,
                            "--- {} step {}: {step}\n  real    [{}] {:?} {:?}\n  netbook [{}] {:?} {:?}",
                            r.path,
                            i + 1,
                            real.status,
                            real.stdout,
                            real.stderr,
                            sim.status,
                            sim.stdout,
                            sim.stderr
                        );
                    }
                }
            }
        }
        let _ = writeln!(
            s,
            "{:<12} {:>8} {:>8} {:>8}",
            "topic", "matched", "steps", "rate"
        );
        let mut all = (0, 0);
        for (t, &(m, n)) in &self.topics {
            all.0 += m;
            all.1 += n;
            let _ = writeln!(s, "{t:<12} {m:>8} {n:>8} {:>7.1}%", Self::rate((m, n)));
        }
        let _ = writeln!(
            s,
            "{:<12} {:>8} {:>8} {:>7.1}%",
            "all",
            all.0,
            all.1,
            Self::rate(all)
        );
        s
    }

    /// Topics whose rate is under the ratchet's `TOPIC RATE` line.
    pub fn below(&self, ratchet: &str) -> Vec<String> {
        let mut out = Vec::new();
        for line in ratchet.lines().filter(|l| !l.starts_with('#')) {
            let mut w = line.split_whitespace();
            let (Some(t), Some(r)) = (w.next(), w.next()) else {
                continue;
            };
            let floor: f64 = r.parse().unwrap();
            let got = if t == "all" {
                let all = self
                    .topics
                    .values()
                    .fold((0, 0), |a, &(m, n)| (a.0 + m, a.1 + n));
                Self::rate(all)
            } else {
                match self.topics.get(t) {
                    Some(&x) => Self::rate(x),
                    None => continue,
                }
            };
            if got + 1e-9 < floor {
                out.push(format!("{t}: {got:.1}% < {floor}%"));
            }
        }
        out
    }
}
