//! A `show` command's rich table lists what its text lists: selectors
//! narrow both.

use netbook::shell::{Emit, Session};

/// The text and the HTML of the last rich output of `cell`.
fn shown(s: &mut Session, cell: &str) -> (String, String) {
    let mut emits = Vec::new();
    s.execute(cell, &mut emits);
    let b = emits
        .into_iter()
        .rev()
        .find_map(|e| match e {
            Emit::Display(b) | Emit::Result(b) => Some(b),
            _ => None,
        })
        .expect("a rich output");
    let html = b.get("text/html").expect("an HTML view").to_string();
    (b.text().to_string(), html)
}

#[test]
fn selectors_narrow_the_table_too() {
    let mut s = Session::new();
    let mut sink = Vec::new();
    s.execute(
        "ip netns add a\nip netns add b\n\
         ip link add va netns a type veth peer name vb netns b\n\
         ip -n a addr add 10.0.0.1/24 dev va\nip -n a addr add 10.0.5.1/24 dev va\n\
         ip -n b addr add 10.0.0.2/24 dev vb\n\
         ip -n a link set va up\nip -n b link set vb up\n\
         ip netns exec a ping -c1 10.0.0.2\nip netns exec a ping -c1 -W1 10.0.0.3",
        &mut sink,
    );
    let (text, html) = shown(&mut s, "ip -n a neigh show 10.0.0.2");
    assert!(text.starts_with("10.0.0.2 dev va lladdr "), "{text}");
    assert!(
        html.contains("10.0.0.2") && !html.contains("10.0.0.3"),
        "{html}"
    );
    let (all, _) = shown(&mut s, "ip -n a neigh show");
    let state = all
        .lines()
        .find(|l| l.starts_with("10.0.0.3 "))
        .and_then(|l| l.split_whitespace().last())
        .expect("an entry for 10.0.0.3")
        .to_lowercase();
    let (_, html) = shown(&mut s, &format!("ip -n a neigh show nud {state}"));
    assert!(
        html.contains("10.0.0.3") && !html.contains("10.0.0.2"),
        "{html}"
    );
    let (text, html) = shown(&mut s, "ip -n a addr show to 10.0.5.0/24");
    assert!(
        text.contains("inet 10.0.5.1/24") && !text.contains("lo:"),
        "{text}"
    );
    assert!(
        html.contains("<td>va</td>") && !html.contains("<td>lo</td>"),
        "{html}"
    );
    s.execute("ip -n a neigh add proxy 10.0.0.9 dev va", &mut sink);
    let (text, html) = shown(&mut s, "ip -n a neigh show proxy");
    assert_eq!(text, "10.0.0.9 dev va proxy \n");
    assert!(html.contains("<td>10.0.0.9</td><td>va</td>"), "{html}");
    assert!(html.contains("대신 답합니다"), "{html}");
}
