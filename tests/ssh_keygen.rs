//! `ssh-keygen` and `chmod` in a cell. The keys netbook makes are real
//! Ed25519 pairs: the host's own OpenSSH `ssh-keygen` (the oracle) reads
//! netbook's private key file, derives the same public key and prints the
//! same fingerprint. The expected texts of the failure forms were taken
//! from OpenSSH 9.2 (Debian 12) without a terminal.

use netbook::shell::Session;
use std::process::Command;

/// The HTML of the hints a cell shows beside its output.
fn hints(s: &mut Session, code: &str) -> String {
    let mut shown: Vec<netbook::shell::Emit> = Vec::new();
    s.execute(code, &mut shown);
    shown
        .iter()
        .filter_map(|e| match e {
            netbook::shell::Emit::Display(b) => b.get("text/html").map(str::to_string),
            _ => None,
        })
        .collect()
}

fn run(s: &mut Session, code: &str) -> (String, String, i32) {
    let t = s.run_terminal(code);
    (t.stdout, t.stderr, t.outcome.status)
}

#[test]
fn keygen_writes_the_files_with_their_modes_and_the_real_layout() {
    let mut s = Session::new();
    let (o, e, st) = run(
        &mut s,
        "ssh-keygen -t ed25519 -f /root/.ssh/id_ed25519 -N ''",
    );
    assert_eq!((st, e.as_str()), (0, ""));
    let lines: Vec<&str> = o.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "Created directory '/root/.ssh'.",
            "Generating public/private ed25519 key pair.",
            "Your identification has been saved in /root/.ssh/id_ed25519",
            "Your public key has been saved in /root/.ssh/id_ed25519.pub",
            "The key fingerprint is:",
        ]
    );
    assert!(
        lines[5].starts_with("SHA256:") && lines[5].ends_with(" root@host"),
        "{o}"
    );
    assert_eq!(lines[6], "The key's randomart image is:");
    assert_eq!(lines[7], "+--[ED25519 256]--+");
    assert_eq!(lines[17], "+----[SHA256]-----+");
    assert_eq!(lines.len(), 18);
    let (o, _, _) = run(
        &mut s,
        "stat -c '%a %A %n' /root/.ssh /root/.ssh/id_ed25519 /root/.ssh/id_ed25519.pub",
    );
    assert_eq!(
        o,
        "700 drwx------ /root/.ssh\n600 -rw------- /root/.ssh/id_ed25519\n644 -rw-r--r-- /root/.ssh/id_ed25519.pub\n"
    );
    // -l on either file prints the fingerprint shown above.
    let (l, _, _) = run(&mut s, "ssh-keygen -l -f /root/.ssh/id_ed25519.pub");
    assert_eq!(l, format!("256 {} (ED25519)\n", lines[5]));
    // Without a terminal: the questions meet the end of stdin.
    assert_eq!(
        run(&mut s, "ssh-keygen -t ed25519 -f /root/.ssh/id_ed25519 -N ''"),
        (
            "Generating public/private ed25519 key pair.\n/root/.ssh/id_ed25519 already exists.\nOverwrite (y/n)? ".into(),
            String::new(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "ssh-keygen -t ed25519"),
        (
            "Generating public/private ed25519 key pair.\nEnter file in which to save the key (/root/.ssh/id_ed25519): ".into(),
            String::new(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "ssh-keygen -t ed25519 -f /nodir/k -N ''"),
        (
            "Generating public/private ed25519 key pair.\n".into(),
            "Saving key \"/nodir/k\" failed: No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut s, "ssh-keygen -l -f /nope"),
        (
            String::new(),
            "ssh-keygen: /nope: No such file or directory\r\n".into(),
            255
        )
    );
    assert_eq!(
        run(&mut s, "ssh-keygen -t foo"),
        (String::new(), "unknown key type foo\r\n".into(), 255)
    );
}

#[test]
fn keys_are_deterministic_and_differ_from_key_to_key() {
    let make = || {
        let mut s = Session::new();
        let (a, _, _) = run(
            &mut s,
            "ssh-keygen -q -t ed25519 -f /tmp/a -N ''; cat /tmp/a.pub",
        );
        let (b, _, _) = run(
            &mut s,
            "ssh-keygen -q -t ed25519 -f /tmp/b -N ''; cat /tmp/b.pub",
        );
        (a, b)
    };
    let (a, b) = make();
    assert_ne!(a, b);
    assert_eq!(make(), (a, b));
}

#[test]
fn the_real_ssh_keygen_reads_netbooks_private_key() {
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        println!("skipped: needs OpenSSH's ssh-keygen (apt-get install openssh-client)");
        return;
    }
    let mut s = Session::new();
    let (key, _, _) = run(
        &mut s,
        "ssh-keygen -q -t ed25519 -f /root/.ssh/id_ed25519 -N '' -C lab@host; cat /root/.ssh/id_ed25519",
    );
    let (ours_l, _, _) = run(&mut s, "ssh-keygen -l -f /root/.ssh/id_ed25519");
    let (ours_y, _, _) = run(&mut s, "cat /root/.ssh/id_ed25519.pub");
    let dir = std::env::temp_dir().join(format!("netbook-keygen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("id_ed25519");
    std::fs::write(&file, key).expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let real = |flag: &str| {
        let o = Command::new("ssh-keygen")
            .args([flag, "-f"])
            .arg(&file)
            .output()
            .expect("ssh-keygen");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (real_l, real_y) = (real("-l"), real("-y"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ours_l, real_l);
    assert_eq!(ours_y, real_y);
}

#[test]
fn chmod_sets_the_bits_stat_shows() {
    let mut s = Session::new();
    let (o, e, st) = run(
        &mut s,
        "mkdir -p /root/.ssh; touch /root/.ssh/authorized_keys\nchmod 600 /root/.ssh/authorized_keys; chmod go-rx /root/.ssh; chmod -R a+w /tmp\nstat -c '%a %n' /root/.ssh/authorized_keys /root/.ssh /tmp /root",
    );
    assert_eq!((st, e.as_str()), (0, ""));
    assert_eq!(
        o,
        "600 /root/.ssh/authorized_keys\n700 /root/.ssh\n1777 /tmp\n700 /root\n"
    );
    let (_, e, st) = run(&mut s, "chmod 8 /tmp");
    assert_eq!(st, 1);
    assert!(e.starts_with("chmod: invalid mode: ‘8’\n"), "{e}");
    let (_, e, st) = run(&mut s, "chmod 600 /nope");
    assert_eq!(
        (st, e.as_str()),
        (
            1,
            "chmod: cannot access '/nope': No such file or directory\n"
        )
    );
}

/// A host and a namespace running sshd, joined by a veth pair.
const SSHD_LAB: &str = "\
ip netns add srv
ip link add v0 type veth peer name v1
ip link set v1 netns srv
ip addr add 10.9.0.1/24 dev v0; ip link set v0 up
ip -n srv addr add 10.9.0.2/24 dev v1; ip -n srv link set v1 up; ip -n srv link set lo up
ip netns exec srv /usr/sbin/sshd";

const DENIED: &str = "root@10.9.0.2: Permission denied (publickey,password).\r\n";

#[test]
fn key_login_and_strict_modes() {
    let mut s = Session::new();
    assert_eq!(run(&mut s, SSHD_LAB).2, 0);
    // No key, no password (BatchMode): refused.
    let (o, e, st) = run(&mut s, "ssh -o BatchMode=yes root@10.9.0.2 echo in");
    assert_eq!((o.as_str(), st), ("", 255));
    assert!(e.starts_with(DENIED), "{e}");
    // A key listed in authorized_keys logs in without a password.
    run(
        &mut s,
        "ssh-keygen -q -t ed25519 -f ~/.ssh/id_ed25519 -N ''\ncat ~/.ssh/id_ed25519.pub >> ~/.ssh/authorized_keys",
    );
    let key_login = "ssh -o BatchMode=yes root@10.9.0.2 echo in";
    assert_eq!(run(&mut s, key_login), ("in\n".into(), String::new(), 0));
    // 644 is fine (only write bits matter); group- or world-writable is not.
    run(&mut s, "chmod 644 ~/.ssh/authorized_keys");
    assert_eq!(run(&mut s, key_login).2, 0);
    for (fix, breaks, why) in [
        (
            "chmod 600 ~/.ssh/authorized_keys",
            "chmod 664 ~/.ssh/authorized_keys",
            "bad ownership or modes for file /root/.ssh/authorized_keys",
        ),
        (
            "chmod 700 ~/.ssh",
            "chmod 777 ~/.ssh",
            "bad ownership or modes for directory /root/.ssh",
        ),
        (
            "chmod 700 /root",
            "chmod 775 /root",
            "bad ownership or modes for directory /root",
        ),
    ] {
        let (_, e, st) = run(&mut s, &format!("{breaks}\n{key_login}"));
        assert_eq!(st, 255, "{breaks}");
        // ssh's own words on stderr; sshd's log line is netbook's hint.
        assert_eq!(e, DENIED, "{breaks}");
        assert!(hints(&mut s, key_login).contains(why), "{breaks}");
        // Password login (the learner types it) still works.
        assert_eq!(run(&mut s, "ssh root@10.9.0.2 echo pw").0, "pw\n");
        run(&mut s, fix);
        assert_eq!(run(&mut s, key_login).2, 0, "{fix}");
    }
    // The client refuses a private key others can read.
    let (_, e, st) = run(&mut s, &format!("chmod 640 ~/.ssh/id_ed25519\n{key_login}"));
    assert_eq!(st, 255);
    assert!(
        e.starts_with(
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n\
             @         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\r\n\
             @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n\
             Permissions 0640 for '/root/.ssh/id_ed25519' are too open.\r\n\
             It is required that your private key files are NOT accessible by others.\r\n\
             This private key will be ignored.\r\n\
             Load key \"/root/.ssh/id_ed25519\": bad permissions\r\n"
        ),
        "{e}"
    );
    // sshd without passwords and StrictModes off.
    run(
        &mut s,
        "chmod 600 ~/.ssh/id_ed25519; chmod 666 ~/.ssh/authorized_keys",
    );
    run(
        &mut s,
        "ip netns exec srv /usr/sbin/sshd -p 2222 -o StrictModes=no -o PasswordAuthentication=no",
    );
    assert_eq!(run(&mut s, "ssh -p 2222 root@10.9.0.2 echo in").0, "in\n");
    run(&mut s, "rm ~/.ssh/authorized_keys");
    let (_, e, st) = run(&mut s, "ssh -p 2222 root@10.9.0.2 echo in");
    assert_eq!(st, 255);
    assert!(
        e.starts_with("root@10.9.0.2: Permission denied (publickey).\r\n"),
        "{e}"
    );
}
