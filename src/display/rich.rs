//! [`Rich`]: the one trait every displayable result implements, so the same
//! MIME bundle the kernel shows is available to library users and to the
//! evcxr Rust kernel (`value.evcxr_display()`, through
//! [`crate::EvcxrDisplay`], which does the printing at the edge).

use super::bundle::MimeBundle;
use crate::sim::addr::{Split, V4Facts, VlsmPlan};
use crate::sim::dns::name::Anatomy;
use crate::sim::World;

/// A value with a rich view.
///
/// ```
/// use netbook::display::Rich;
/// use netbook::sim::addr::{parse_v4_net, split_into_count};
/// let split = split_into_count(parse_v4_net("211.168.83.0/24").unwrap(), 5).unwrap();
/// let b = split.bundle();
/// assert!(b.text().contains("211.168.83.224/27"));
/// assert!(b.get("image/svg+xml").is_some());
/// ```
pub trait Rich {
    /// The MIME bundle: `text/plain` plus HTML/SVG where there is one.
    fn bundle(&self) -> MimeBundle;
}

impl Rich for super::topology::Topology<'_> {
    /// `text/plain` (one line per interface) and `image/svg+xml`.
    fn bundle(&self) -> MimeBundle {
        MimeBundle::plain(super::topology::topology_text(self.0))
            .with_svg(super::topology::topology_svg(self.0))
    }
}

impl Rich for MimeBundle {
    fn bundle(&self) -> MimeBundle {
        self.clone()
    }
}

impl Rich for V4Facts {
    fn bundle(&self) -> MimeBundle {
        super::addr::v4_facts_bundle(self)
    }
}

impl Rich for Split {
    fn bundle(&self) -> MimeBundle {
        super::addr::split_bundle(self)
    }
}

impl Rich for VlsmPlan {
    fn bundle(&self) -> MimeBundle {
        super::addr::vlsm_bundle(self)
    }
}

impl Rich for Anatomy {
    fn bundle(&self) -> MimeBundle {
        super::dns::anatomy(self)
    }
}

/// The world's topology: namespaces, links, bridges and addresses.
impl Rich for World {
    fn bundle(&self) -> MimeBundle {
        super::topology::Topology(self).bundle()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::addr::{parse_v4_net, V4Facts};

    /// evcxr's parser: a block starts with a line `EVCXR_BEGIN_CONTENT <mime>`
    /// (a MIME type without spaces) and ends with a line that is exactly
    /// `EVCXR_END_CONTENT`; everything between is the content.
    fn parse_evcxr(out: &str) -> Vec<(String, String)> {
        let mut blocks = Vec::new();
        let mut cur: Option<(String, String)> = None;
        for line in out.lines() {
            match (&mut cur, line.strip_prefix("EVCXR_BEGIN_CONTENT ")) {
                (None, Some(mime)) => {
                    assert!(!mime.is_empty() && !mime.contains(' '), "bad mime {mime:?}");
                    cur = Some((mime.to_string(), String::new()));
                }
                (Some(_), _) if line == "EVCXR_END_CONTENT" => blocks.push(cur.take().unwrap()),
                (Some((_, body)), _) => {
                    body.push_str(line);
                    body.push('\n');
                }
                (None, None) => panic!("text outside a block: {line:?}"),
            }
        }
        assert!(cur.is_none(), "unterminated block");
        blocks
    }

    #[test]
    fn every_rich_type_speaks_evcxr() {
        let facts = V4Facts::of(parse_v4_net("211.168.83.0/27").unwrap());
        let world = World::new();
        for b in [facts.bundle(), world.bundle()] {
            let blocks = parse_evcxr(&b.evcxr_blocks());
            assert!(!blocks.is_empty());
            for (mime, body) in blocks {
                assert_eq!(body.trim_end(), b.get(&mime).unwrap().trim_end());
            }
        }
    }
}
