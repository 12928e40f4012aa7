//! The pure heart of Quire: the content format (model, parsing, validation),
//! the WordPress-compatible URL grammar, pagination, comment threading and the
//! HTML allowlist policy.
//!
//! This crate never depends on leptos, web-sys or anything browser-only, so
//! every rule here is tested natively and shared by the app and the CLI.

pub mod date;
pub mod draft;
pub mod error;
pub mod form;
pub mod isso;
pub mod json;
pub mod markup;
pub mod model;
pub mod outbox;
pub mod paginate;
pub mod parse;
pub mod paths;
mod read;
pub mod redirect;
pub mod route;
pub mod sanitize;
pub mod text;
pub mod thread;

pub use date::DateTime;
pub use error::ContentError;
pub use model::*;

/// The content-format version this build reads and writes. Files with a
/// higher version are refused with [`ContentError::UnsupportedVersion`].
pub const FORMAT_VERSION: u32 = 1;
