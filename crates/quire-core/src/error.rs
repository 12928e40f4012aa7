//! Why a content file could not be used. Each variant names the file and says
//! what is wrong in words a site owner can act on; the app shows them as-is.

use crate::FORMAT_VERSION;

/// A content file that cannot be read as the content format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// The host answered with an HTML page where JSON was expected, which is
    /// what static hosts do for a missing file with an SPA fallback.
    #[error("{file} is an HTML page, not JSON: the file is probably missing and the host served its fallback page instead")]
    HtmlInsteadOfJson { file: String },
    /// Not well-formed JSON.
    #[error("{file}: line {line}, column {column}: {reason}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },
    /// Well-formed JSON that breaks a rule of the format.
    #[error("{file}: at {path}: {reason}")]
    Invalid {
        file: String,
        /// JSON path of the offending value, e.g. `.meta.date` or `.items[3].slug`.
        path: String,
        reason: String,
    },
    /// Written for a newer Quire.
    #[error("{file} uses content format version {found}, but this reader understands version {supported} only; update Quire or rebuild the content")]
    UnsupportedVersion {
        file: String,
        found: u64,
        supported: u32,
    },
}

impl ContentError {
    pub(crate) fn invalid(file: &str, path: impl Into<String>, reason: impl Into<String>) -> Self {
        ContentError::Invalid {
            file: file.to_owned(),
            path: path.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn unsupported(file: &str, found: u64) -> Self {
        ContentError::UnsupportedVersion {
            file: file.to_owned(),
            found,
            supported: FORMAT_VERSION,
        }
    }

    /// The file the problem is in.
    pub fn file(&self) -> &str {
        match self {
            ContentError::HtmlInsteadOfJson { file }
            | ContentError::Syntax { file, .. }
            | ContentError::Invalid { file, .. }
            | ContentError::UnsupportedVersion { file, .. } => file,
        }
    }
}
