//! Per-student variants: `variant KEY MIN MAX` prints a whole number in
//! MIN..=MAX drawn from the student id and KEY, so an exercise's setup cell
//! and its hidden test compute the same parameters for one student and
//! different ones for the next. The id is the session's (set by the driver
//! from `NETBOOK_STUDENT` or the grader's submission), never the host's.

/// FNV-1a over the id, a NUL and the key: stable across builds and
/// platforms (std's hasher is not), so a variant never changes under a
/// student between the release and the grading.
fn seed(student: &str, key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in student.bytes().chain([0]).chain(key.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Mix the high bits down: FNV's low bits alone vary little for short keys.
    h ^ (h >> 29)
}

/// What `variant ARGS...` prints (with its newline), or its error message.
pub fn variant(student: &str, args: &[String]) -> Result<String, String> {
    let usage = "variant: usage: variant KEY MIN MAX";
    let [key, min, max] = args else {
        return Err(usage.into());
    };
    let (Ok(min), Ok(max)) = (min.parse::<i64>(), max.parse::<i64>()) else {
        return Err(format!("{usage} (MIN and MAX are whole numbers)"));
    };
    if min > max {
        return Err(format!("variant: MIN {min} is greater than MAX {max}"));
    }
    let span = (max as i128 - min as i128 + 1) as u128;
    let pick = (seed(student, key) as u128 % span) as i128 + min as i128;
    Ok(format!("{pick}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(student: &str, key: &str, min: i64, max: i64) -> i64 {
        let args = [key.to_string(), min.to_string(), max.to_string()];
        variant(student, &args).unwrap().trim().parse().unwrap()
    }

    #[test]
    fn same_student_same_key_same_value_in_range() {
        for s in ["alice", "bob", "", "학생-7"] {
            let a = v(s, "port", 2000, 2999);
            assert_eq!(a, v(s, "port", 2000, 2999));
            assert!((2000..=2999).contains(&a));
        }
        assert_eq!(v("alice", "x", 5, 5), 5);
        assert_eq!(
            v("alice", "x", i64::MIN, i64::MAX),
            v("alice", "x", i64::MIN, i64::MAX)
        );
    }

    #[test]
    fn students_and_keys_get_different_values() {
        let students: std::collections::BTreeSet<i64> = (0..50)
            .map(|i| v(&format!("student{i}"), "subnet", 0, 199))
            .collect();
        assert!(students.len() > 30, "{students:?}");
        let keys: std::collections::BTreeSet<i64> = (0..50)
            .map(|i| v("alice", &format!("k{i}"), 0, 199))
            .collect();
        assert!(keys.len() > 30, "{keys:?}");
    }

    #[test]
    fn a_session_draws_from_its_student_and_a_cell_cannot_change_it() {
        use crate::shell::{Emit, Session};
        let run = |s: &mut Session, code: &str| {
            let mut out = Vec::new();
            s.execute(code, &mut out);
            out.iter()
                .map(|e| match e {
                    Emit::Stdout(t) => t.clone(),
                    _ => String::new(),
                })
                .collect::<String>()
        };
        let mut alice = Session::new();
        alice.set_student("alice");
        let want = format!("alice {}", v("alice", "port", 1, 9999));
        assert_eq!(
            run(&mut alice, "echo $NETBOOK_STUDENT $(variant port 1 9999)"),
            want + "\n"
        );
        // Assigning the variable changes neither `variant` nor the next cell.
        let spoofed = run(&mut alice, "NETBOOK_STUDENT=bob; variant port 1 9999");
        assert_eq!(spoofed, format!("{}\n", v("alice", "port", 1, 9999)));
        assert_eq!(run(&mut alice, "echo $NETBOOK_STUDENT"), "alice\n");
        assert_eq!(run(&mut alice, "bash -c 'variant port 1 9999'"), spoofed);
        let mut nobody = Session::new();
        assert_eq!(run(&mut nobody, "echo \"[$NETBOOK_STUDENT]\""), "[]\n");
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        assert!(variant("a", &[]).is_err());
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(variant("a", &args(&["k", "x", "3"])).is_err());
        assert!(variant("a", &args(&["k", "9", "3"]))
            .unwrap_err()
            .contains("greater"));
    }
}
