//! Helpers shared by the integration tests (each test crate uses some).
#![allow(dead_code)]

use std::fs;
use std::path::Path;

/// Copies a folder tree (e.g. the sample content, for a test to change),
/// without its build cache: other tests build the sample content in place
/// at the same time, and the cache's temporary file (written, then renamed)
/// could vanish between listing and copying it. A copy starts uncached.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        if e.file_name() == ".quire-cache" {
            continue;
        }
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

/// Replaces the first `from` in the file at `path` with `to`; fails the
/// test if the file has no `from` (the edit would silently test nothing).
pub fn edit_file(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    let edited = text.replacen(from, to, 1);
    assert_ne!(edited, text, "{} has no {from:?}", path.display());
    fs::write(path, edited).unwrap();
}
