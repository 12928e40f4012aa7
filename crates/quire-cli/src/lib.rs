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

use quire_core::paginate::{home_order, newest_first, page_count, shard};
use quire_core::parse::{parse, Validate};
use quire_core::route::{ListingKind, ListingRef};
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
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "built {} articles, {} pages, {} listing files, {} published comments",
            self.articles, self.pages, self.listing_files, self.comments
        )?;
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

fn write_json<T: Serialize>(root: &Path, rel: &str, value: &T) -> Result<(), BuildError> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let text = serde_json::to_string(value).expect("content types always serialize");
    fs::write(&path, text).map_err(io(&path))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), BuildError> {
    fs::create_dir_all(to).map_err(io(to))?;
    let mut entries: Vec<_> = fs::read_dir(from)
        .map_err(io(from))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).map_err(io(&src))?;
        }
    }
    Ok(())
}

/// English month names (archive titles, entry-page dates).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Cross-file rules: every author, category and tag an entry names exists,
/// and no two entries share a slug.
fn check_references(site: &Site, entries: &[(String, Article)], errors: &mut Vec<ContentError>) {
    let known = |list: &[quire_core::Term], s: &str| list.iter().any(|t| t.slug == s);
    let mut seen = HashSet::new();
    for (file, a) in entries {
        let m = &a.meta;
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
    for (dir, kind) in [("articles", EntryKind::Post), ("pages", EntryKind::Page)] {
        for path in read_dir_sources(&content.join(dir))? {
            let file = path.display().to_string();
            let (article, draft) = if path.extension().is_some_and(|e| e == "md") {
                let text = fs::read_to_string(&path).map_err(io(&path))?;
                let stem = path
                    .file_stem()
                    .map_or(String::new(), |s| s.to_string_lossy().into_owned());
                match markdown::read(&file, &stem, kind, &text) {
                    Ok(source) => (source.article, source.draft),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            } else {
                match load::<Article>(&path, &mut errors)? {
                    Some(a) => (a, false),
                    None => continue,
                }
            };
            if article.meta.kind != kind {
                errors.push(ContentError::Invalid {
                    file: file.clone(),
                    path: "$.meta.kind".into(),
                    reason: format!("files in {dir}/ must have kind {kind:?}"),
                });
            }
            if !drafts && draft {
                report.drafts += 1;
                continue;
            }
            if !drafts && kind == EntryKind::Post && article.meta.date.unix_seconds() > now {
                report.scheduled += 1;
                continue;
            }
            entries.push((file, article));
        }
    }
    if let Some(site) = &site {
        check_references(site, &entries, &mut errors);
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
    let Sources {
        site,
        entries,
        mut errors,
    } = read_sources(&opts.content, opts.drafts, &mut report)?;
    let redirects = read_redirects(&opts.content, &mut errors)?;
    let Some(mut site) = site else {
        return Err(BuildError::Content(errors));
    };
    if !errors.is_empty() {
        return Err(BuildError::Content(errors));
    }

    // Derived fields: reading time, shown comments, neighbours.
    let mut articles: Vec<Article> = Vec::new();
    let mut pages: Vec<Article> = Vec::new();
    for (_, mut a) in entries {
        a.version = FORMAT_VERSION;
        a.meta.reading_minutes = reading_minutes(word_count(&a.body_html));
        // Data files are public: unpublished comments never leave the source.
        a.comments.retain(|c| c.status == CommentStatus::Approved);
        let shown = shown_count(&build_threads(&a.comments, u32::MAX, Default::default()));
        a.meta.comment_count = shown as u32;
        report.comments += shown;
        match a.meta.kind {
            EntryKind::Post => articles.push(a),
            EntryKind::Page => pages.push(a),
        }
    }
    articles.sort_by(|a, b| newest_first(&a.meta, &b.meta));
    let link = |a: &Article| ArticleLink {
        slug: a.meta.slug.clone(),
        title: a.meta.title.clone(),
        date: a.meta.date,
    };
    let links: Vec<ArticleLink> = articles.iter().map(link).collect();
    for (i, a) in articles.iter_mut().enumerate() {
        a.next = i.checked_sub(1).map(|j| links[j].clone());
        a.previous = links.get(i + 1).cloned();
    }

    site.base_path = opts.base.clone();
    if let Some(url) = &opts.comments {
        site.comments.provider = Some("isso".to_owned());
        site.comments.url = Some(url.clone());
    }
    if let Some(url) = &opts.url {
        site.url = Some(url.trim_end_matches('/').to_owned());
    }
    site.article_count = articles.len() as u32;
    site.version = FORMAT_VERSION;

    let data = opts.out.join(paths::DATA_DIR);
    if data.exists() {
        fs::remove_dir_all(&data).map_err(io(&data))?;
    }
    write_json(&opts.out, &paths::site(), &site)?;
    // Always written (`{}` without an import), so that the app's look-up
    // before "Page not found" never ends in a second 404.
    write_json(
        &opts.out,
        &quire_core::redirect::file(),
        &redirects.unwrap_or_default(),
    )?;
    for a in &articles {
        write_json(&opts.out, &paths::article(&a.meta.slug), a)?;
    }
    for p in &pages {
        write_json(&opts.out, &paths::page(&p.meta.slug), p)?;
    }

    // Listings: home (sticky first), then one per taxonomy term and archive.
    let mut listings: BTreeMap<(ListingKind, String), (String, Vec<Summary>)> = BTreeMap::new();
    let mut home: Vec<Summary> = articles.iter().map(|a| a.meta.clone()).collect();
    home_order(&mut home);
    listings.insert((ListingKind::Home, String::new()), (String::new(), home));
    for a in &articles {
        let m = &a.meta;
        let d = m.ymd();
        let mut add = |kind, key: String, title: String| {
            listings
                .entry((kind, key))
                .or_insert_with(|| (title, Vec::new()))
                .1
                .push(m.clone());
        };
        for c in &m.categories {
            add(
                ListingKind::Category,
                c.clone(),
                site.term_name(ListingKind::Category, c).to_owned(),
            );
        }
        for t in &m.tags {
            add(
                ListingKind::Tag,
                t.clone(),
                site.term_name(ListingKind::Tag, t).to_owned(),
            );
        }
        let author = site
            .author(&m.author)
            .map_or(m.author.clone(), |a| a.name.clone());
        add(ListingKind::Author, m.author.clone(), author);
        add(
            ListingKind::Year,
            format!("{:04}", d.year),
            format!("{:04}", d.year),
        );
        add(
            ListingKind::Month,
            format!("{:04}/{:02}", d.year, d.month),
            format!("{} {:04}", MONTHS[d.month as usize - 1], d.year),
        );
    }
    for ((kind, key), (title, items)) in listings {
        let total_pages = page_count(items.len(), site.page_size);
        for (page, chunk) in shard(&items, site.page_size) {
            let listing = Listing {
                version: FORMAT_VERSION,
                kind,
                key: key.clone(),
                title: title.clone(),
                page: page.get(),
                total_pages,
                total_items: items.len() as u32,
                items: chunk.to_vec(),
            };
            let at = ListingRef {
                kind,
                key: key.clone(),
                page,
            };
            write_json(&opts.out, &paths::listing(&at), &listing)?;
            report.listing_files += 1;
        }
    }
    let media = opts.content.join("media");
    if media.is_dir() {
        let out_media = opts.out.join("media");
        if out_media.exists() {
            fs::remove_dir_all(&out_media).map_err(io(&out_media))?;
        }
        copy_dir(&media, &out_media)?;
    }
    write_feeds(&opts.out, &site, &articles, &pages)?;
    report.articles = articles.len();
    report.pages = pages.len();
    Ok(report)
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
    site: &Site,
    articles: &[Article],
    pages: &[Article],
) -> Result<(), BuildError> {
    let url = site.url.as_deref().unwrap_or("");
    let write = |rel: String, text: String| -> Result<(), BuildError> {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        fs::write(&path, text).map_err(io(&path))
    };
    for dir in ["feed", "category"] {
        let stale = out.join(dir);
        if stale.exists() {
            fs::remove_dir_all(&stale).map_err(io(&stale))?;
        }
    }
    let all: Vec<&Article> = articles.iter().collect();
    write(
        "feed/index.xml".into(),
        feeds::rss(site, url, "feed/", &site.title, &all),
    )?;
    write(
        "feed/atom/index.xml".into(),
        feeds::atom(site, url, "feed/atom/", &site.title, &all),
    )?;
    for c in &site.categories {
        let these: Vec<&Article> = all
            .iter()
            .copied()
            .filter(|a| a.meta.categories.contains(&c.slug))
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
        Some(url) => {
            let entries: Vec<&Article> = articles.iter().chain(pages).collect();
            write("sitemap.xml".into(), feeds::sitemap(site, url, &entries))?;
        }
        None if sitemap.exists() => fs::remove_file(&sitemap).map_err(io(&sitemap))?,
        None => {}
    }
    write(
        "robots.txt".into(),
        feeds::robots(site, site.url.as_deref()),
    )
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
