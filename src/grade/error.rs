//! What can go wrong when grading: unreadable files, malformed notebooks,
//! invalid points in the source.

/// Why a notebook could not be graded.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    /// File could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Not an nbformat 4 notebook.
    #[error("{path}: not a Jupyter notebook: {reason}")]
    Format {
        /// The path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Grading it raised a bug in netbook (a panic), caught so the batch goes on.
    #[error("{path}: netbook crashed while grading it: {reason}")]
    Crashed {
        /// The path.
        path: String,
        /// The panic message.
        reason: String,
    },
    /// The grading metadata cannot give a score (bad points, grade ids).
    #[error("{path}: invalid grading metadata: {reason}")]
    Source {
        /// The path.
        path: String,
        /// What is wrong.
        reason: String,
    },
}
