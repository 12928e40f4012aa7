//! Helpers shared by the integration tests.

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
