//! One word of OpenBSD getopt(3), as OpenSSH's ssh and sshd read their
//! command lines: a cluster of flags (`-Nfv`), possibly ending in an
//! option whose value is the rest of the word (`-p2222`) or the next word.

/// One option of a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Got {
    Flag(char),
    Value(char, String),
}

/// What getopt says about a mistake (its `-- c` lines).
pub(crate) fn missing(c: char) -> String {
    format!("option requires an argument -- {c}")
}

/// Reads the cluster `word` (after its `-`). A value missing from the
/// word is taken from `argv[*next]`, and `*next` moves past it.
pub(crate) fn cluster(
    word: &str,
    argv: &[String],
    next: &mut usize,
    with_value: &str,
    flags: &str,
) -> Result<Vec<Got>, String> {
    let mut got = Vec::new();
    for (at, c) in word.char_indices() {
        if with_value.contains(c) {
            let rest = &word[at + c.len_utf8()..];
            let value = if !rest.is_empty() {
                rest.to_string()
            } else if let Some(v) = argv.get(*next) {
                *next += 1;
                v.clone()
            } else {
                return Err(missing(c));
            };
            got.push(Got::Value(c, value));
            return Ok(got);
        }
        if !flags.contains(c) {
            return Err(format!("unknown option -- {c}"));
        }
        got.push(Got::Flag(c));
    }
    Ok(got)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cluster_as_openbsd_getopt() {
        let argv: Vec<String> = ["-Np", "22", "x"].map(String::from).to_vec();
        let mut next = 1;
        let got = cluster("Np", &argv, &mut next, "p", "N").unwrap();
        assert_eq!(got, [Got::Flag('N'), Got::Value('p', "22".into())]);
        assert_eq!(next, 2);
        assert_eq!(
            cluster("p2222", &argv, &mut next, "p", "N").unwrap(),
            [Got::Value('p', "2222".into())]
        );
        assert_eq!(
            cluster("Nz", &argv, &mut next, "p", "N").unwrap_err(),
            "unknown option -- z"
        );
        let mut end = 3;
        assert_eq!(
            cluster("p", &argv, &mut end, "p", "N").unwrap_err(),
            "option requires an argument -- p"
        );
    }
}
