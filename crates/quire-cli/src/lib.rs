//! The content build behind the `quire` command, as a library so that tests
//! run it directly.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub mod check;
pub mod entry;
pub mod feeds;
pub mod generate;
pub mod markdown;
pub mod wordpress;

use quire_core::date::MONTHS;
use quire_core::paginate::{home_first, newest_first, page_count, shard};
use quire_core::parse::{parse, Validate};
use quire_core::route::{ListingKind, ListingRef, PageNo};
use quire_core::text::{reading_minutes, word_count};
use quire_core::thread::{build_threads, shown_count};
use quire_core::{
    paths, Article, ArticleLink, CommentStatus, ContentError, EntryKind, Listing, Site, Summary,
    FORMAT_VERSION,
};
use serde::Serialize;

/// What `quire build` reads and where it writes.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Folder with `site.json`, `articles/`, `pages/` and `media/`.
    pub content: PathBuf,
    /// Site root to write into: `data/` and `media/` are (re)created there.
    pub out: PathBuf,
    /// Path the site is served under, `/` or `/blog/`.
    pub base: String,
    /// An Isso comment server for this deployment (its URL), overriding
    /// `comments.provider`/`comments.url` of site.json.
    pub comments: Option<String>,
    /// Also publish drafts and posts dated in the future (for previews).
    pub drafts: bool,
    /// The public origin (`https://news.example.org`), overriding site.json's
    /// `url`: canonical links, absolute feed links and the sitemap use it.
    pub url: Option<String>,
}

/// Seconds since the Unix epoch that "now" means for a build: the
/// `SOURCE_DATE_EPOCH` convention when set (reproducible builds), else the
/// clock. Posts dated after it are not published yet.
pub fn build_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// Why a build failed. Content problems are all collected before failing.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{} problem(s) in the content:\n{}", .0.len(), .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Content(Vec<ContentError>),
    #[error("--base must start and end with '/', e.g. / or /blog/ (got {0:?})")]
    Base(String),
    #[error("--comments must be the comment server's http:// or https:// address (got {0:?})")]
    Comments(String),
    #[error("--url must be the site's public http:// or https:// origin, e.g. https://news.example.org (got {0:?})")]
    Url(String),
    /// `quire new` could not start the entry.
    #[error("{0}")]
    New(String),
}

/// Maps an I/O failure on `path` to [`BuildError::Io`].
pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Counts of what a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    pub listing_files: usize,
    pub comments: usize,
    /// Entries left out: drafts, and posts dated in the future.
    pub drafts: usize,
    pub scheduled: usize,
    /// Output files rewritten, left as they were (same bytes), and deleted
    /// (no longer produced): an incremental build touches only what changed.
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "built {} articles, {} pages, {} listing files, {} published comments",
            self.articles, self.pages, self.listing_files, self.comments
        )?;
        if self.unchanged + self.removed > 0 {
            write!(
                f,
                "; {} file(s) rewritten, {} unchanged, {} removed",
                self.written, self.unchanged, self.removed
            )?;
        }
        if self.drafts + self.scheduled > 0 {
            write!(
                f,
                "; left out {} draft(s) and {} scheduled post(s) (--drafts publishes them)",
                self.drafts, self.scheduled
            )?;
        }
        Ok(())
    }
}

/// The sources in `dir`: `*.json` (the content format) and `*.md`
/// (Markdown with front matter), in name order.
fn read_dir_sources(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "md"))
        .collect();
    files.sort();
    Ok(files)
}

fn load<T: quire_core::json::FromJson + Validate>(
    path: &Path,
    errors: &mut Vec<ContentError>,
) -> Result<Option<T>, BuildError> {
    let text = fs::read_to_string(path).map_err(io(path))?;
    match parse::<T>(&path.display().to_string(), &text) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            errors.push(e);
            Ok(None)
        }
    }
}

/// Cross-file rules: every author, category and tag an entry names exists,
/// and no two entries share a slug.
fn check_references(site: &Site, entries: &[(String, &Summary)], errors: &mut Vec<ContentError>) {
    let known = |list: &[quire_core::Term], s: &str| list.iter().any(|t| t.slug == s);
    let mut seen = HashSet::new();
    for (file, m) in entries {
        let mut problem = |path: String, reason: String| {
            errors.push(ContentError::Invalid {
                file: file.clone(),
                path,
                reason,
            })
        };
        if !seen.insert((m.kind == EntryKind::Page, m.slug.clone())) {
            problem(
                "$.meta.slug".into(),
                format!("slug {:?} is used by another entry", m.slug),
            );
        }
        if site.author(&m.author).is_none() {
            problem(
                "$.meta.author".into(),
                format!(
                    "unknown author {:?} (add it to site.json authors)",
                    m.author
                ),
            );
        }
        for (i, c) in m.categories.iter().enumerate() {
            if !known(&site.categories, c) {
                problem(
                    format!("$.meta.categories[{i}]"),
                    format!("unknown category {c:?}"),
                );
            }
        }
        for (i, t) in m.tags.iter().enumerate() {
            if !known(&site.tags, t) {
                problem(format!("$.meta.tags[{i}]"), format!("unknown tag {t:?}"));
            }
        }
    }
}

/// Every source file of a content folder with the kind of entry it holds,
/// in name order (articles first).
fn source_files(content: &Path) -> Result<Vec<(PathBuf, EntryKind)>, BuildError> {
    let mut out = Vec::new();
    for (dir, kind) in [("articles", EntryKind::Post), ("pages", EntryKind::Page)] {
        out.extend(
            read_dir_sources(&content.join(dir))?
                .into_iter()
                .map(|p| (p, kind)),
        );
    }
    Ok(out)
}

/// Reads one source (Markdown or JSON) with its draft flag; a problem is
/// added to `errors` and gives `None`.
fn read_entry(
    path: &Path,
    kind: EntryKind,
    errors: &mut Vec<ContentError>,
) -> Result<Option<(Article, bool)>, BuildError> {
    let file = path.display().to_string();
    let (article, draft) = if path.extension().is_some_and(|e| e == "md") {
        let text = fs::read_to_string(path).map_err(io(path))?;
        let stem = path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        match markdown::read(&file, &stem, kind, &text) {
            Ok(source) => (source.article, source.draft),
            Err(e) => {
                errors.push(e);
                return Ok(None);
            }
        }
    } else {
        match load::<Article>(path, errors)? {
            Some(a) => (a, false),
            None => return Ok(None),
        }
    };
    if article.meta.kind != kind {
        let dir = if kind == EntryKind::Post {
            "articles"
        } else {
            "pages"
        };
        errors.push(ContentError::Invalid {
            file,
            path: "$.meta.kind".into(),
            reason: format!("files in {dir}/ must have kind {kind:?}"),
        });
    }
    Ok(Some((article, draft)))
}

/// Whether an entry is published by this build; drafts and future posts
/// left out are counted in `report`.
fn published(
    meta: &Summary,
    draft: bool,
    drafts: bool,
    now: i64,
    report: &mut BuildReport,
) -> bool {
    if !drafts && draft {
        report.drafts += 1;
        return false;
    }
    if !drafts && meta.kind == EntryKind::Post && meta.date.unix_seconds() > now {
        report.scheduled += 1;
        return false;
    }
    true
}

/// Fills what the build derives: the format version, reading time, and the
/// comments shown (unpublished comments never leave the source: data files
/// are public). Returns how many comments are shown.
fn derive(a: &mut Article) -> usize {
    a.version = FORMAT_VERSION;
    // `#x` (footnotes, a table of contents) would resolve against the
    // site's `<base href>` in entry pages and feeds: point it at the
    // article itself.
    if a.body_html.contains("href=\"#") {
        let own = a.meta.permalink();
        let own = own.trim_start_matches('/');
        a.body_html = a.body_html.replace("href=\"#", &format!("href=\"{own}#"));
    }
    a.meta.reading_minutes = reading_minutes(word_count(&a.body_html));
    a.comments.retain(|c| c.status == CommentStatus::Approved);
    let shown = shown_count(&build_threads(&a.comments, u32::MAX, Default::default()));
    a.meta.comment_count = shown as u32;
    shown
}

/// Runs `f` over `items` on every core, keeping their order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let size = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let parts: Vec<_> = items
            .chunks(size)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("a build thread panicked"))
            .collect()
    })
}

/// A progress bar on stderr for long builds, when stderr is a terminal.
fn progress(len: usize, what: &'static str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if len < 2000 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta} left)")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what);
    bar
}

/// The output files of one build, to write only what changed and to delete
/// what is no longer produced.
#[derive(Default)]
struct Outputs {
    written: std::sync::atomic::AtomicUsize,
    unchanged: std::sync::atomic::AtomicUsize,
}

impl Outputs {
    /// Writes `text` at `root/rel` unless the file already holds exactly it
    /// (an incremental build leaves unchanged files, and their times, alone).
    fn put(&self, root: &Path, rel: &str, text: &[u8]) -> Result<(), BuildError> {
        use std::sync::atomic::Ordering::Relaxed;
        let path = root.join(rel);
        if fs::read(&path).is_ok_and(|old| old == text) {
            self.unchanged.fetch_add(1, Relaxed);
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        fs::write(&path, text).map_err(io(&path))?;
        self.written.fetch_add(1, Relaxed);
        Ok(())
    }

    fn json<T: Serialize>(&self, root: &Path, rel: &str, value: &T) -> Result<(), BuildError> {
        let text = serde_json::to_vec(value).expect("content types always serialize");
        self.put(root, rel, &text)
    }
}

/// Deletes files under `dir` that are not in `keep` (paths relative to
/// `root`), and folders left empty.
fn remove_stale(root: &Path, dir: &Path, keep: &HashSet<String>) -> Result<usize, BuildError> {
    let mut removed = 0;
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(0);
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            removed += remove_stale(root, &path, keep)?;
            if fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                fs::remove_dir(&path).map_err(io(&path))?;
            }
        } else {
            let rel = path
                .strip_prefix(root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !keep.contains(&rel) {
                fs::remove_file(&path).map_err(io(&path))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// What a build remembers of each source (`<content>/.quire-cache/`), so
/// that the next build reads and writes only what changed: a source whose
/// size and modification time are as recorded is not read again in the
/// first pass, and its output is not rebuilt unless its neighbours changed.
/// Written through [`BuildCacheOut`], which borrows instead of copying.
#[derive(Default, serde::Deserialize)]
struct BuildCache {
    /// The options and tool version the cache belongs to; any difference
    /// and it is ignored.
    key: String,
    entries: std::collections::HashMap<String, CachedEntry>,
}

#[derive(serde::Deserialize)]
struct CachedEntry {
    size: u64,
    modified_ns: u128,
    meta: Summary,
    draft: bool,
    shown: usize,
    /// The neighbours its output was written with (posts).
    #[serde(default)]
    neighbours: (Option<String>, Option<String>),
    /// Its output file's size and time when this build left it: another
    /// build writing into the same folder is noticed.
    #[serde(default)]
    output: Option<(u64, u128)>,
}

impl BuildCache {
    fn path(content: &Path) -> PathBuf {
        content.join(".quire-cache").join("build.json")
    }

    fn key(opts: &BuildOptions) -> String {
        // Absolute, not canonical: the folder may not exist yet.
        let out = std::path::absolute(&opts.out).unwrap_or_else(|_| opts.out.clone());
        format!(
            "{} {} {} {:?} {:?} {}",
            env!("CARGO_PKG_VERSION"),
            out.display(),
            opts.base,
            opts.comments,
            opts.url,
            opts.drafts
        )
    }

    fn load(opts: &BuildOptions) -> BuildCache {
        let key = Self::key(opts);
        let path = Self::path(&opts.content);
        // The key is also kept on its own, so that a cache of other options
        // is not even read.
        let same = fs::read_to_string(path.with_extension("key")).is_ok_and(|k| k == key);
        same.then(|| fs::read(&path).ok())
            .flatten()
            .and_then(|bytes| serde_json::from_slice::<BuildCache>(&bytes).ok())
            .filter(|c| c.key == key)
            .unwrap_or(BuildCache {
                key,
                entries: Default::default(),
            })
    }
}

/// A cache as it is written: the summaries are borrowed from the build's
/// own list rather than copied (at 100,000 entries, a copy is ~100 MB).
/// Serializes exactly as [`BuildCache`] reads.
#[derive(Serialize)]
struct BuildCacheOut<'a> {
    key: &'a str,
    entries: std::collections::HashMap<&'a str, CachedEntryOut<'a>>,
}

#[derive(Serialize)]
struct CachedEntryOut<'a> {
    size: u64,
    modified_ns: u128,
    meta: &'a Summary,
    draft: bool,
    shown: usize,
    neighbours: &'a (Option<String>, Option<String>),
    output: Option<(u64, u128)>,
}

/// What the next cache records of a source, besides its summary.
#[derive(Default)]
struct Stamped {
    size: u64,
    modified_ns: u128,
    draft: bool,
    shown: usize,
    neighbours: (Option<String>, Option<String>),
    output: Option<(u64, u128)>,
}

impl BuildCacheOut<'_> {
    /// Best effort: a build whose cache cannot be written is only slower
    /// next time.
    fn save(&self, content: &Path) {
        let path = BuildCache::path(content);
        if let Some(dir) = path.parent() {
            if fs::create_dir_all(dir).is_ok() {
                let _ = fs::write(dir.join(".gitignore"), "*\n");
                // Written aside and renamed: a build running at the same
                // time never reads half a cache.
                let tmp = dir.join(format!("build.json.{}", std::process::id()));
                let written = fs::File::create(&tmp).ok().and_then(|f| {
                    let mut w = std::io::BufWriter::new(f);
                    serde_json::to_writer(&mut w, self).ok()?;
                    std::io::Write::flush(&mut w).ok()
                });
                if written.is_none() || fs::rename(&tmp, &path).is_err() {
                    let _ = fs::remove_file(&tmp);
                } else {
                    let _ = fs::write(path.with_extension("key"), self.key);
                }
            }
        }
    }
}

/// A source file's size and modification time (nanoseconds).
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let m = fs::metadata(path).ok()?;
    let t = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((m.len(), t.as_nanos()))
}

/// A content folder, read and checked file by file.
pub struct Sources {
    pub site: Option<Site>,
    /// Each entry with the file it came from.
    pub entries: Vec<(String, Article)>,
    pub errors: Vec<ContentError>,
}

/// Reads site.json and every source in articles/ and pages/. Drafts and
/// future-dated posts are counted in `report` and left out unless
/// `drafts`. Problems are collected, not returned early.
pub fn read_sources(
    content: &Path,
    drafts: bool,
    report: &mut BuildReport,
) -> Result<Sources, BuildError> {
    let mut errors = Vec::new();
    let site: Option<Site> = load(&content.join("site.json"), &mut errors)?;
    let mut entries = Vec::new();
    let now = build_time();
    for (path, kind) in source_files(content)? {
        let Some((article, draft)) = read_entry(&path, kind, &mut errors)? else {
            continue;
        };
        if published(&article.meta, draft, drafts, now, report) {
            entries.push((path.display().to_string(), article));
        }
    }
    if let Some(site) = &site {
        let metas: Vec<(String, &Summary)> =
            entries.iter().map(|(f, a)| (f.clone(), &a.meta)).collect();
        check_references(site, &metas, &mut errors);
    }
    Ok(Sources {
        site,
        entries,
        errors,
    })
}

/// The content's `redirects.json` (old addresses of an imported site), if
/// it has one; bad entries are added to `errors`.
pub fn read_redirects(
    content: &Path,
    errors: &mut Vec<ContentError>,
) -> Result<Option<BTreeMap<String, String>>, BuildError> {
    use quire_core::redirect::{is_key, is_target};
    let path = content.join("redirects.json");
    if !path.exists() {
        return Ok(None);
    }
    let file = path.display().to_string();
    let text = fs::read_to_string(&path).map_err(io(&path))?;
    let map: BTreeMap<String, String> = match serde_json::from_str(&text) {
        Ok(map) => map,
        Err(e) => {
            errors.push(ContentError::Invalid {
                file,
                path: format!("line {}", e.line()),
                reason: format!("redirects.json is one object of old address → new path ({e})"),
            });
            return Ok(None);
        }
    };
    for (from, to) in &map {
        if !is_key(from) {
            errors.push(ContentError::Invalid {
                file: file.clone(),
                path: format!("$[{from:?}]"),
                reason: "an old address is `?p=ID`, `?page_id=ID`, `?attachment_id=ID` or a path starting with `/`".into(),
            });
        }
        if !is_target(to) {
            errors.push(ContentError::Invalid {
                file: file.clone(),
                path: format!("$[{from:?}]"),
                reason: format!(
                    "{to:?} is neither a site path (like `2026/03/14/slug/`) nor an http(s) URL"
                ),
            });
        }
    }
    Ok(Some(map))
}

/// Builds `opts.out/data/` (and copies media) from `opts.content`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    if !opts.base.starts_with('/') || !opts.base.ends_with('/') {
        return Err(BuildError::Base(opts.base.clone()));
    }
    if let Some(url) = opts.comments.as_ref().filter(|u| {
        !(u.starts_with("http://") || u.starts_with("https://")) || u.contains(char::is_whitespace)
    }) {
        return Err(BuildError::Comments(url.clone()));
    }
    if let Some(url) = opts.url.as_ref().filter(|u| {
        !(u.starts_with("http://") || u.starts_with("https://")) || u.contains(char::is_whitespace)
    }) {
        return Err(BuildError::Url(url.clone()));
    }
    let mut report = BuildReport::default();
    let mut errors = Vec::new();
    let site: Option<Site> = load(&opts.content.join("site.json"), &mut errors)?;
    let redirects = read_redirects(&opts.content, &mut errors)?;

    // Pass 1: every source is read once and only its summary is kept, so
    // memory grows with the number of entries, not with their text.
    let files = source_files(&opts.content)?;
    let now = build_time();
    let bar = progress(files.len(), "reading");
    let cache = BuildCache::load(opts);
    struct Scanned {
        path: PathBuf,
        meta: Summary,
        draft: bool,
        shown: usize,
        errors: Vec<ContentError>,
        stamp: Option<(u64, u128)>,
        /// Unchanged since the cached build: the neighbours and output
        /// stamp it was written with.
        cached: Option<Written>,
    }
    type Written = ((Option<String>, Option<String>), Option<(u64, u128)>);
    // Sources unchanged since the cached build (same size and time) take
    // their summary out of the cache, moved rather than copied; the others
    // are read, in parallel.
    let mut cache = cache;
    let stamps = par_map(&files, |(path, _)| stamp(path));
    let mut scanned: Vec<Option<Scanned>> = Vec::with_capacity(files.len());
    let mut to_read: Vec<usize> = Vec::new();
    for (i, ((path, _), stamp)) in files.iter().zip(stamps).enumerate() {
        let key = path.display().to_string();
        match cache.entries.remove(&key) {
            Some(c) if stamp == Some((c.size, c.modified_ns)) => {
                bar.inc(1);
                scanned.push(Some(Scanned {
                    path: path.clone(),
                    meta: c.meta,
                    draft: c.draft,
                    shown: c.shown,
                    errors: Vec::new(),
                    stamp,
                    cached: Some((c.neighbours, c.output)),
                }));
            }
            _ => {
                scanned.push(None);
                to_read.push(i);
            }
        }
    }
    let read = par_map(&to_read, |&i| -> Result<Scanned, BuildError> {
        bar.inc(1);
        let (path, kind) = &files[i];
        let stamp = stamp(path);
        let mut errors = Vec::new();
        let entry = read_entry(path, *kind, &mut errors)?;
        Ok(match entry {
            Some((mut a, draft)) => {
                let shown = derive(&mut a);
                Scanned {
                    path: path.clone(),
                    meta: a.meta,
                    draft,
                    shown,
                    errors,
                    stamp,
                    cached: None,
                }
            }
            None => Scanned {
                path: path.clone(),
                meta: Summary::default(),
                draft: true,
                shown: 0,
                errors,
                stamp,
                cached: None,
            },
        })
    });
    for (i, r) in to_read.into_iter().zip(read) {
        scanned[i] = Some(r?);
    }
    // In file order, as before: problems are reported in a stable order.
    let scanned = scanned.into_iter().flatten();
    bar.finish_and_clear();
    // Everything needed from the old cache is in `scanned` now: at 100,000
    // entries it is a few hundred megabytes not to hold any longer.
    drop(cache);
    // The next cache, by source; summaries are added when it is written.
    let mut next_cache: std::collections::HashMap<String, Stamped> = Default::default();
    // Sources this build does not publish (drafts, future posts): their
    // summaries, for the cache.
    let mut unpublished: Vec<(String, Summary)> = Vec::new();
    // Sources unchanged since the cached build, with the neighbours their
    // output was written with.
    let mut unchanged: std::collections::HashMap<PathBuf, Written> = Default::default();
    let mut posts: Vec<(Summary, PathBuf)> = Vec::new();
    let mut pages: Vec<(Summary, PathBuf)> = Vec::new();
    for s in scanned {
        if !s.errors.is_empty() {
            errors.extend(s.errors);
            continue;
        }
        let key = s.path.display().to_string();
        if let Some(written) = s.cached {
            unchanged.insert(s.path.clone(), written);
        }
        if let Some((size, modified_ns)) = s.stamp {
            next_cache.insert(
                key.clone(),
                Stamped {
                    size,
                    modified_ns,
                    draft: s.draft,
                    shown: s.shown,
                    ..Default::default()
                },
            );
        }
        if !published(&s.meta, s.draft, opts.drafts, now, &mut report) {
            unpublished.push((key, s.meta));
            continue;
        }
        report.comments += s.shown;
        match s.meta.kind {
            EntryKind::Post => posts.push((s.meta, s.path)),
            EntryKind::Page => pages.push((s.meta, s.path)),
        }
    }
    let Some(mut site) = site else {
        return Err(BuildError::Content(errors));
    };
    let metas: Vec<(String, &Summary)> = posts
        .iter()
        .chain(&pages)
        .map(|(m, p)| (p.display().to_string(), m))
        .collect();
    check_references(&site, &metas, &mut errors);
    drop(metas);
    if !errors.is_empty() {
        return Err(BuildError::Content(errors));
    }
    posts.sort_by(|a, b| newest_first(&a.0, &b.0));
    pages.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));

    site.base_path = opts.base.clone();
    if let Some(url) = &opts.comments {
        site.comments.provider = Some("isso".to_owned());
        site.comments.url = Some(url.clone());
    }
    if let Some(url) = &opts.url {
        site.url = Some(url.trim_end_matches('/').to_owned());
    }
    site.article_count = posts.len() as u32;
    site.version = FORMAT_VERSION;

    // Pass 2: each entry is read again and written with its neighbours;
    // files whose bytes did not change are left alone.
    let out = Outputs::default();
    let mut keep: HashSet<String> = HashSet::new();
    out.json(&opts.out, &paths::site(), &site)?;
    keep.insert(paths::site());
    // Always written (`{}` without an import), so that the app's look-up
    // before "Page not found" never ends in a second 404.
    out.json(
        &opts.out,
        &quire_core::redirect::file(),
        &redirects.unwrap_or_default(),
    )?;
    keep.insert(quire_core::redirect::file());
    let link = |m: &Summary| ArticleLink {
        slug: m.slug.clone(),
        title: m.title.clone(),
        date: m.date,
    };
    let indexed: Vec<(usize, &(Summary, PathBuf))> =
        posts.iter().chain(&pages).enumerate().collect();
    let bar = progress(indexed.len(), "writing");
    // What an article's file shows of its neighbours (their links).
    let neighbours = |i: usize, kind: EntryKind| {
        let show = |m: &Summary| format!("{}\n{}\n{}", m.slug, m.title, m.date);
        match kind {
            EntryKind::Post => (
                i.checked_sub(1).map(|j| show(&posts[j].0)),
                posts.get(i + 1).map(|p| show(&p.0)),
            ),
            EntryKind::Page => (None, None),
        }
    };
    let results = par_map(
        &indexed,
        |(i, (meta, path))| -> Result<String, BuildError> {
            let rel = match meta.kind {
                EntryKind::Post => paths::article(&meta.slug),
                EntryKind::Page => paths::page(&meta.slug),
            };
            // Unchanged source, same neighbours, output in place: nothing to do.
            if unchanged.get(path).is_some_and(|(n, o)| {
                *n == neighbours(*i, meta.kind) && o.is_some() && *o == stamp(&opts.out.join(&rel))
            }) {
                out.unchanged
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                bar.inc(1);
                return Ok(rel);
            }
            let mut errors = Vec::new();
            let Some((mut a, _)) = read_entry(path, meta.kind, &mut errors)? else {
                return Err(BuildError::Content(errors));
            };
            derive(&mut a);
            let rel = match a.meta.kind {
                EntryKind::Post => {
                    a.next = i.checked_sub(1).map(|j| link(&posts[j].0));
                    a.previous = posts.get(i + 1).map(|p| link(&p.0));
                    paths::article(&a.meta.slug)
                }
                EntryKind::Page => paths::page(&a.meta.slug),
            };
            out.json(&opts.out, &rel, &a)?;
            bar.inc(1);
            Ok(rel)
        },
    );
    bar.finish_and_clear();
    for rel in results {
        keep.insert(rel?);
    }
    for (i, (meta, path)) in &indexed {
        if let Some(e) = next_cache.get_mut(&path.display().to_string()) {
            e.neighbours = neighbours(*i, meta.kind);
            let rel = match meta.kind {
                EntryKind::Post => paths::article(&meta.slug),
                EntryKind::Page => paths::page(&meta.slug),
            };
            e.output = stamp(&opts.out.join(rel));
        }
    }
    drop(indexed);

    // Listings: home (sticky first), then one per taxonomy term and archive,
    // as indices into `posts` (one copy of each summary).
    let mut listings: BTreeMap<(ListingKind, String), (String, Vec<u32>)> = BTreeMap::new();
    let mut home: Vec<u32> = (0..posts.len() as u32).collect();
    home.sort_by(|&a, &b| home_first(&posts[a as usize].0, &posts[b as usize].0));
    listings.insert((ListingKind::Home, String::new()), (String::new(), home));
    for (i, (m, _)) in posts.iter().enumerate() {
        let d = m.ymd();
        let mut add = |kind, key: String, title: &dyn Fn() -> String| {
            listings
                .entry((kind, key))
                .or_insert_with(|| (title(), Vec::new()))
                .1
                .push(i as u32);
        };
        for c in &m.categories {
            add(ListingKind::Category, c.clone(), &|| {
                site.term_name(ListingKind::Category, c).to_owned()
            });
        }
        for t in &m.tags {
            add(ListingKind::Tag, t.clone(), &|| {
                site.term_name(ListingKind::Tag, t).to_owned()
            });
        }
        add(ListingKind::Author, m.author.clone(), &|| {
            site.author(&m.author)
                .map_or(m.author.clone(), |a| a.name.clone())
        });
        add(ListingKind::Year, format!("{:04}", d.year), &|| {
            format!("{:04}", d.year)
        });
        add(
            ListingKind::Month,
            format!("{:04}/{:02}", d.year, d.month),
            &|| format!("{} {:04}", MONTHS[d.month as usize - 1], d.year),
        );
    }
    // One job per listing page, written in parallel (file creation, not
    // CPU, is what a big site waits for).
    type Job<'a> = (
        &'a (ListingKind, String),
        &'a (String, Vec<u32>),
        PageNo,
        &'a [u32],
    );
    let jobs: Vec<Job> = listings
        .iter()
        .flat_map(|(at, list)| {
            shard(&list.1, site.page_size)
                .into_iter()
                .map(move |(page, chunk)| (at, list, page, chunk))
        })
        .collect();
    let bar = progress(jobs.len(), "listings");
    let written = par_map(&jobs, |((kind, key), (title, items), page, chunk)| {
        let listing = Listing {
            version: FORMAT_VERSION,
            kind: *kind,
            key: key.clone(),
            title: title.clone(),
            page: page.get(),
            total_pages: page_count(items.len(), site.page_size),
            total_items: items.len() as u32,
            items: chunk.iter().map(|&i| posts[i as usize].0.clone()).collect(),
        };
        let rel = paths::listing(&ListingRef {
            kind: *kind,
            key: key.clone(),
            page: *page,
        });
        bar.inc(1);
        out.json(&opts.out, &rel, &listing).map(|()| rel)
    });
    bar.finish_and_clear();
    for rel in written {
        keep.insert(rel?);
        report.listing_files += 1;
    }
    drop(jobs);
    report.removed = remove_stale(&opts.out, &opts.out.join(paths::DATA_DIR), &keep)?;

    // Media: copied when new or changed; files gone from the content go.
    let media = opts.content.join("media");
    let out_media = opts.out.join("media");
    if media.is_dir() {
        let mut kept = HashSet::new();
        sync_dir(&media, &media, &opts.out, &out, &mut kept)?;
        report.removed += remove_stale(&opts.out, &out_media, &kept)?;
    }

    // Feeds need the text of the newest articles only.
    let wanted: HashSet<usize> = {
        let mut w: HashSet<usize> = (0..posts.len().min(feeds::FEED_SIZE)).collect();
        for c in &site.categories {
            w.extend(
                posts
                    .iter()
                    .enumerate()
                    .filter(|(_, (m, _))| m.categories.contains(&c.slug))
                    .take(feeds::FEED_SIZE)
                    .map(|(i, _)| i),
            );
        }
        w
    };
    let mut full: BTreeMap<usize, Article> = BTreeMap::new();
    for i in wanted {
        let mut errors = Vec::new();
        if let Some((mut a, _)) = read_entry(&posts[i].1, EntryKind::Post, &mut errors)? {
            derive(&mut a);
            full.insert(i, a);
        }
    }
    let summaries: Vec<&Summary> = posts.iter().chain(&pages).map(|(m, _)| m).collect();
    write_feeds(&opts.out, &out, &site, &full, &posts, &summaries)?;
    report.articles = posts.len();
    report.pages = pages.len();
    report.written = out.written.into_inner();
    report.unchanged = out.unchanged.into_inner();
    let key = BuildCache::key(opts);
    let metas: std::collections::HashMap<String, &Summary> = posts
        .iter()
        .chain(&pages)
        .map(|(m, p)| (p.display().to_string(), m))
        .chain(unpublished.iter().map(|(k, m)| (k.clone(), m)))
        .collect();
    BuildCacheOut {
        key: &key,
        entries: next_cache
            .iter()
            .filter_map(|(k, e)| {
                Some((
                    k.as_str(),
                    CachedEntryOut {
                        size: e.size,
                        modified_ns: e.modified_ns,
                        meta: metas.get(k)?,
                        draft: e.draft,
                        shown: e.shown,
                        neighbours: &e.neighbours,
                        output: e.output,
                    },
                ))
            })
            .collect(),
    }
    .save(&opts.content);
    Ok(report)
}

/// Copies `dir` (under `from`) into `root/media/`, writing only new or
/// changed files; records what it produced in `kept`.
fn sync_dir(
    from: &Path,
    dir: &Path,
    root: &Path,
    out: &Outputs,
    kept: &mut HashSet<String>,
) -> Result<(), BuildError> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let src = entry.path();
        if src.is_dir() {
            sync_dir(from, &src, root, out, kept)?;
        } else {
            let rel = format!(
                "media/{}",
                src.strip_prefix(from)
                    .unwrap_or(&src)
                    .to_string_lossy()
                    .replace('\\', "/")
            );
            let bytes = fs::read(&src).map_err(io(&src))?;
            out.put(root, &rel, &bytes)?;
            kept.insert(rel);
        }
    }
    Ok(())
}

/// What `quire new` starts.
#[derive(Debug, Clone)]
pub struct NewOptions {
    pub title: String,
    pub content: PathBuf,
    pub slug: Option<String>,
    pub author: Option<String>,
    /// A static page (`pages/`) rather than an article (`articles/`).
    pub page: bool,
}

/// One source as `quire dump` prints it.
#[derive(Debug, Serialize)]
pub struct DumpedSource {
    /// The file, relative to the content folder (`articles/x.md`).
    pub file: String,
    /// Marked `draft: true` (Markdown front matter).
    pub draft: bool,
    /// The entry as the build reads it: Markdown already turned into
    /// sanitized HTML, every comment (unpublished ones too), nothing derived.
    pub article: Article,
}

/// Every source of a content folder (articles, then pages, each in name
/// order) as the build reads it, drafts and unpublished comments included:
/// a content folder's Markdown seen as the JSON content format, for tests
/// and for converting. Fails, with every problem, if any source is invalid.
pub fn dump(content: &Path) -> Result<Vec<DumpedSource>, BuildError> {
    let site = content.join("site.json");
    fs::metadata(&site).map_err(io(&site))?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (path, kind) in source_files(content)? {
        if let Some((article, draft)) = read_entry(&path, kind, &mut errors)? {
            let file = path.strip_prefix(content).unwrap_or(&path);
            out.push(DumpedSource {
                file: file.to_string_lossy().replace('\\', "/"),
                draft,
                article,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(BuildError::Content(errors))
    }
}

/// Writes a Markdown draft with front matter to fill in; returns its path.
/// Never overwrites: a source with the same slug is an error.
pub fn new_entry(opts: &NewOptions) -> Result<PathBuf, BuildError> {
    let title = opts.title.trim();
    if title.is_empty() {
        return Err(BuildError::New("the title is empty".into()));
    }
    let slug = match &opts.slug {
        Some(s) if quire_core::route::is_valid_slug(s) => s.clone(),
        Some(s) => {
            return Err(BuildError::New(format!(
                "{s:?} is not a valid slug (lowercase letters, digits, - and _)"
            )))
        }
        None => quire_core::route::slugify(title).ok_or_else(|| {
            BuildError::New(format!("cannot make a slug from {title:?}; pass --slug"))
        })?,
    };
    let author = match &opts.author {
        Some(a) => a.clone(),
        None => {
            let site_file = opts.content.join("site.json");
            let mut errors = Vec::new();
            let site: Option<Site> = load(&site_file, &mut errors).ok().flatten();
            site.and_then(|s| s.authors.first().map(|a| a.slug.clone()))
                .ok_or_else(|| {
                    BuildError::New(format!(
                        "no author: {} names none; pass --author",
                        site_file.display()
                    ))
                })?
        }
    };
    let dir = opts
        .content
        .join(if opts.page { "pages" } else { "articles" });
    for ext in ["md", "json"] {
        let existing = dir.join(format!("{slug}.{ext}"));
        if existing.exists() {
            return Err(BuildError::New(format!(
                "{} already exists; choose another --slug",
                existing.display()
            )));
        }
    }
    let date = quire_core::date::DateTime::from_unix_seconds(build_time())
        .map(|d| d.to_string())
        .unwrap_or_default();
    // JSON strings are YAML double-quoted strings: any title is safe.
    let quoted = serde_json::to_string(title).expect("strings serialize");
    let text = format!(
        "---\ntitle: {quoted}\nslug: {slug}\ndate: {date}\nauthor: {author}\nexcerpt: \"\"\ncategories: []\ntags: []\ndraft: true\ncomments_open: true\n---\n\nWrite here, in Markdown. Set `draft: false` to publish.\n"
    );
    fs::create_dir_all(&dir).map_err(io(&dir))?;
    let path = dir.join(format!("{slug}.md"));
    fs::write(&path, text).map_err(io(&path))?;
    Ok(path)
}

/// Feeds at WordPress's addresses (`feed/` RSS 2.0, `feed/atom/` Atom, and
/// the same under `category/<slug>/`), `sitemap.xml` (with a `url` only:
/// sitemaps need absolute addresses) and `robots.txt`. Without a `url`,
/// feed links are root-relative, which feed readers resolve against the
/// feed's own address.
fn write_feeds(
    out: &Path,
    outputs: &Outputs,
    site: &Site,
    full: &BTreeMap<usize, Article>,
    posts: &[(Summary, PathBuf)],
    entries: &[&Summary],
) -> Result<(), BuildError> {
    let url = site.url.as_deref().unwrap_or("");
    let mut kept = HashSet::new();
    let mut write = |rel: String, text: String| -> Result<(), BuildError> {
        outputs.put(out, &rel, text.as_bytes())?;
        kept.insert(rel);
        Ok(())
    };
    // `full` holds, newest first, every article some feed shows.
    let all: Vec<&Article> = full.values().collect();
    write(
        "feed/index.xml".into(),
        feeds::rss(site, url, "feed/", &site.title, &all),
    )?;
    write(
        "feed/atom/index.xml".into(),
        feeds::atom(site, url, "feed/atom/", &site.title, &all),
    )?;
    for c in &site.categories {
        let these: Vec<&Article> = full
            .iter()
            .filter(|(i, _)| posts[**i].0.categories.contains(&c.slug))
            .map(|(_, a)| a)
            .collect();
        if these.is_empty() {
            continue;
        }
        let title = format!("{} – {}", c.name, site.title);
        let at = format!("category/{}/feed/", c.slug);
        write(
            format!("{at}index.xml"),
            feeds::rss(site, url, &at, &title, &these),
        )?;
        write(
            format!("{at}atom/index.xml"),
            feeds::atom(site, url, &format!("{at}atom/"), &title, &these),
        )?;
    }
    let sitemap = out.join("sitemap.xml");
    match &site.url {
        Some(url) => write("sitemap.xml".into(), feeds::sitemap(site, url, entries))?,
        None if sitemap.exists() => fs::remove_file(&sitemap).map_err(io(&sitemap))?,
        None => {}
    }
    write(
        "robots.txt".into(),
        feeds::robots(site, site.url.as_deref()),
    )?;
    // Feeds of categories that no longer have articles go.
    for dir in ["feed", "category"] {
        remove_stale(out, &out.join(dir), &kept)?;
    }
    Ok(())
}

/// Writes `site.schema.json`, `article.schema.json` and
/// `listing.schema.json` for authors' editors and validators.
pub fn write_schemas(dir: &Path) -> Result<(), BuildError> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    for (name, schema) in schemas() {
        let path = dir.join(name);
        fs::write(&path, schema).map_err(io(&path))?;
    }
    Ok(())
}

/// The schema files' names and contents.
pub fn schemas() -> Vec<(&'static str, String)> {
    let pretty =
        |s: schemars::Schema| serde_json::to_string_pretty(&s).expect("schemas serialize") + "\n";
    vec![
        ("site.schema.json", pretty(schemars::schema_for!(Site))),
        (
            "article.schema.json",
            pretty(schemars::schema_for!(Article)),
        ),
        (
            "listing.schema.json",
            pretty(schemars::schema_for!(Listing)),
        ),
    ]
}
