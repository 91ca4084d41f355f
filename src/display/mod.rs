//! Typed results -> MIME bundles.
//!
//! `text/plain` is always present and is byte-for-byte what the real tool
//! prints; `text/html` and `image/svg+xml` are the rich layer. This is the
//! only layer that writes HTML or SVG, so escaping happens here and nowhere
//! else.

pub mod addr;
pub mod bundle;
pub mod dns;
pub mod help;
pub mod hint;
pub mod html;
pub mod i18n;
pub mod net;
pub mod netfilter;
pub mod rich;
pub mod services;
pub mod topology;
pub mod trace;
pub mod tunnel;
pub mod walk;

pub use bundle::{stack, MimeBundle, IMAGE_SVG, TEXT_HTML, TEXT_PLAIN};
pub use rich::Rich;
