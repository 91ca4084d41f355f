//! `ip rule`'s rich view: the rules as a table, in the order a lookup
//! walks them, with a line on how the walk goes.

use crate::display::bundle::MimeBundle;
use crate::display::html;
use crate::display::i18n::t;

/// One rule as `ip rule` prints it: its priority, what it selects, what
/// it does.
pub struct RuleRow {
    /// `pref`.
    pub pref: u32,
    /// `from all`, `not from 10.0.0.0/8 fwmark 0x1`, ...
    pub selects: String,
    /// `lookup main`, `goto 100`, `blackhole`, ...
    pub action: String,
}

/// The text lines `ip rule` prints.
pub fn text(rows: &[RuleRow]) -> String {
    rows.iter()
        .map(|r| format!("{}:\t{} {}\n", r.pref, r.selects, r.action))
        .collect()
}

/// `ip rule list`: the text, and beside it the table.
pub fn ip_rule(rows: &[RuleRow]) -> MimeBundle {
    let cells: Vec<Vec<String>> = (rows.iter())
        .map(|r| vec![r.pref.to_string(), r.selects.clone(), r.action.clone()])
        .collect();
    let how = t("The kernel tries the rules from the lowest priority up: the first rule that selects the packet and whose table has a route decides (a table without one, or a throw route, passes it on to the next rule).");
    let html = format!(
        "{}<p>{}</p>",
        html::table(&["priority", "selects", "action"], &cells),
        html::escape(how)
    );
    MimeBundle::plain(text(rows)).with_html(html)
}
