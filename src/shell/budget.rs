//! What one command may hold in memory on its way to a pipe, a file or the
//! cell. netbook buffers a pipe whole (the next command runs after this
//! one), so where Linux would stream, netbook refuses past a size no lab
//! reaches, with a message saying so.

/// Bytes of output one command may produce (64 MiB).
pub const PIPE_CAP: usize = 64 << 20;

/// The error line a tool prints when its output passes [`PIPE_CAP`].
pub fn too_big(tool: &str) -> String {
    format!(
        "{tool}: write error: File too large (netbook holds at most {} MiB of one command's output)\n",
        PIPE_CAP >> 20
    )
}
