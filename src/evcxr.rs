//! The evcxr Rust kernel shows a value's rich views when its
//! `evcxr_display()` prints them as display blocks on stdout. Printing is
//! I/O, so it lives here at the edge, not in `display/`.

use crate::display::Rich;
use std::io::Write;

/// `value.evcxr_display()` for every [`Rich`] value (bring this trait into
/// scope: `use netbook::EvcxrDisplay;`).
pub trait EvcxrDisplay {
    /// Prints the rich views as evcxr display blocks, in one write.
    fn evcxr_display(&self);
}

impl<T: Rich + ?Sized> EvcxrDisplay for T {
    fn evcxr_display(&self) {
        let blocks = self.bundle().evcxr_blocks();
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(blocks.as_bytes());
        let _ = out.flush();
    }
}
