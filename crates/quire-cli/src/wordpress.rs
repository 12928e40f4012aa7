//! `quire import wordpress`: a WordPress export (WXR 1.0–1.2) becomes a
//! Quire content folder that `quire build` turns into a site.
//!
//! What comes over: every published post and page (author, local date with
//! its UTC offset, categories with their hierarchy, tags, excerpt, sticky
//! flag, featured image), and every approved comment (pingbacks and
//! trackbacks too) in its thread. What does not, and is reported: drafts,
//! scheduled, private and password-protected entries, and comments that
//! are pending, spam or in the trash.
//!
//! Bodies are converted as WordPress would render them (shortcodes,
//! `wpautop` paragraphs, block comments removed), Jetpack's leftovers are
//! dropped, and the result is cleaned with the app's own allowlist. Links
//! to the old site become Quire addresses; old `?p=ID` and `?page_id=ID`
//! links and nested page paths go into `redirects.json`, which the build
//! publishes and the app honours. Media are listed in `media-manifest.json`;
//! with `--media`, local copies replace remote URLs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use quire_core::date::DateTime;
use quire_core::redirect;
use quire_core::route::percent_decode;
use quire_core::route::{is_valid_slug, is_year, slugify, RESERVED_SLUGS};
use quire_core::sanitize::Allowlist;
use quire_core::{
    Article, Author, Comment, CommentStatus, EntryKind, Image, MenuItem, Site, Summary, Term,
    FORMAT_VERSION,
};
use serde::Serialize;

use crate::markdown::sanitize_with;
use crate::{io, BuildError};

/// What `quire import wordpress` reads and where it writes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The WXR file (Tools → Export in WordPress).
    pub export: PathBuf,
    /// The content folder to create (new or empty).
    pub out: PathBuf,
    /// A copy of the old site's `wp-content/uploads` folder: images found
    /// there are copied into the content's `media/` and linked locally.
    pub media: Option<PathBuf>,
    /// Also publish password-protected entries (their text becomes public).
    pub include_protected: bool,
}

/// What an import did, printed as a table at the end.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub posts: usize,
    pub pages: usize,
    pub comments: usize,
    pub authors: usize,
    pub categories: usize,
    pub tags: usize,
    pub attachments: usize,
    /// Media copied into `media/` (with `--media`).
    pub media_local: usize,
    /// Media still linked on the old site.
    pub media_remote: usize,
    pub redirects: usize,
    /// Entries and comments left out, by reason, with examples.
    pub skipped: BTreeMap<String, Vec<String>>,
    /// Things converted or removed that the owner may want to look at.
    pub notes: BTreeMap<String, usize>,
}

impl ImportReport {
    fn skip(&mut self, reason: &str, what: String) {
        self.skipped
            .entry(reason.to_owned())
            .or_default()
            .push(what);
    }
    fn note(&mut self, what: impl Into<String>) {
        *self.notes.entry(what.into()).or_default() += 1;
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<44} {:>6}", "Imported", "count")?;
        writeln!(f, "{:-<44} {:->6}", "", "")?;
        for (label, n) in [
            ("posts", self.posts),
            ("pages", self.pages),
            ("approved comments", self.comments),
            ("authors", self.authors),
            ("categories", self.categories),
            ("tags", self.tags),
            ("attachments (media-manifest.json)", self.attachments),
            ("media copied into media/", self.media_local),
            ("media still on the old site", self.media_remote),
            ("redirects (redirects.json)", self.redirects),
        ] {
            writeln!(f, "{label:<44} {n:>6}")?;
        }
        if !self.skipped.is_empty() {
            writeln!(f)?;
            writeln!(f, "{:<44} {:>6}", "Not imported", "count")?;
            writeln!(f, "{:-<44} {:->6}", "", "")?;
            for (reason, items) in &self.skipped {
                writeln!(f, "{reason:<44} {:>6}", items.len())?;
                for item in items.iter().take(5) {
                    writeln!(f, "    {item}")?;
                }
                if items.len() > 5 {
                    writeln!(f, "    … and {} more", items.len() - 5)?;
                }
            }
        }
        if !self.notes.is_empty() {
            writeln!(f)?;
            writeln!(f, "{:<44} {:>6}", "Converted", "count")?;
            writeln!(f, "{:-<44} {:->6}", "", "")?;
            for (what, n) in &self.notes {
                writeln!(f, "{what:<44} {n:>6}")?;
            }
        }
        Ok(())
    }
}

/// Why an import failed before writing anything.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("{file}: not a readable XML file: {reason}")]
    Xml { file: String, reason: String },
    #[error("{file}: not a WordPress export (WXR): {reason}")]
    NotWxr { file: String, reason: String },
    #[error("{0} already has content; import into a new or empty folder")]
    NotEmpty(String),
}

/// One `<item>` of the export, as read.
#[derive(Debug, Clone, Default)]
struct Item {
    id: u64,
    kind: String,
    status: String,
    title: String,
    slug: String,
    link: String,
    creator: String,
    content: String,
    excerpt: String,
    date_local: String,
    date_gmt: String,
    modified_local: String,
    modified_gmt: String,
    parent: u64,
    menu_order: i64,
    password: String,
    sticky: bool,
    comment_status: String,
    attachment_url: String,
    categories: Vec<String>,
    tags: Vec<String>,
    meta: HashMap<String, String>,
    comments: Vec<RawComment>,
}

#[derive(Debug, Clone, Default)]
struct RawComment {
    id: u64,
    parent: u64,
    author: String,
    url: String,
    date_local: String,
    date_gmt: String,
    content: String,
    approved: String,
    kind: String,
}

/// One entry of `media-manifest.json`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct MediaEntry {
    /// The URL on the old site.
    pub url: String,
    /// Where the import links it now: `media/...` (copied) or the old URL.
    pub now: String,
    /// The attachment's post id, when the export lists it as one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment: Option<u64>,
    /// The slugs of the entries that show it.
    pub used_by: Vec<String>,
}

/// Imports `opts.export` into `opts.out`. The folder must not hold content.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let file = opts.export.display().to_string();
    let text = fs::read_to_string(&opts.export).map_err(io(&opts.export))?;
    if opts.out.join("site.json").exists()
        || ["articles", "pages"]
            .iter()
            .any(|d| fs::read_dir(opts.out.join(d)).is_ok_and(|mut r| r.next().is_some()))
    {
        return Err(ImportError::NotEmpty(opts.out.display().to_string()));
    }
    let export = read_export(&file, &text)?;
    let mut report = ImportReport::default();
    let converted = convert(&export, opts, &mut report)?;
    write(&converted, &opts.out)?;
    Ok(report)
}

/// The whole export, as read from the XML.
#[derive(Debug, Default)]
struct Export {
    title: String,
    description: String,
    language: String,
    /// The blog's own address (`wp:base_blog_url`, else `<link>`).
    site_url: String,
    authors: Vec<(String, String)>,
    /// nicename, name, parent nicename.
    categories: Vec<(String, String, String)>,
    tags: Vec<(String, String)>,
    items: Vec<Item>,
}

fn read_export(file: &str, text: &str) -> Result<Export, ImportError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc =
        roxmltree::Document::parse_with_options(text, options).map_err(|e| ImportError::Xml {
            file: file.to_owned(),
            reason: e.to_string(),
        })?;
    let root = doc.root_element();
    let not_wxr = |reason: &str| ImportError::NotWxr {
        file: file.to_owned(),
        reason: reason.to_owned(),
    };
    if root.tag_name().name() != "rss" {
        return Err(not_wxr("the root element is not <rss>"));
    }
    let channel = root
        .children()
        .find(|n| n.has_tag_name("channel"))
        .ok_or_else(|| not_wxr("there is no <channel>"))?;
    if !channel
        .children()
        .any(|n| is(&n, Ns::Wp, "wxr_version") || is(&n, Ns::Wp, "base_site_url"))
    {
        return Err(not_wxr(
            "there is no wp:wxr_version; export the site with Tools → Export in WordPress",
        ));
    }
    let mut export = Export {
        title: text_of(&channel, Ns::None, "title"),
        description: text_of(&channel, Ns::None, "description"),
        language: text_of(&channel, Ns::None, "language"),
        site_url: {
            let blog = text_of(&channel, Ns::Wp, "base_blog_url");
            if blog.is_empty() {
                text_of(&channel, Ns::None, "link")
            } else {
                blog
            }
        },
        ..Default::default()
    };
    for n in channel.children().filter(|n| n.is_element()) {
        if is(&n, Ns::Wp, "author") {
            export.authors.push((
                text_of(&n, Ns::Wp, "author_login"),
                text_of(&n, Ns::Wp, "author_display_name"),
            ));
        } else if is(&n, Ns::Wp, "category") {
            export.categories.push((
                text_of(&n, Ns::Wp, "category_nicename"),
                text_of(&n, Ns::Wp, "cat_name"),
                text_of(&n, Ns::Wp, "category_parent"),
            ));
        } else if is(&n, Ns::Wp, "tag") {
            export.tags.push((
                text_of(&n, Ns::Wp, "tag_slug"),
                text_of(&n, Ns::Wp, "tag_name"),
            ));
        } else if n.has_tag_name("item") {
            export.items.push(read_item(&n));
        }
    }
    Ok(export)
}

fn read_item(n: &roxmltree::Node) -> Item {
    let wp = |name| text_of(n, Ns::Wp, name);
    let mut item = Item {
        id: wp("post_id").parse().unwrap_or(0),
        kind: wp("post_type"),
        status: wp("status"),
        title: text_of(n, Ns::None, "title"),
        slug: wp("post_name"),
        link: text_of(n, Ns::None, "link"),
        creator: text_of(n, Ns::Dc, "creator"),
        content: text_of(n, Ns::Content, "encoded"),
        excerpt: text_of(n, Ns::Excerpt, "encoded"),
        date_local: wp("post_date"),
        date_gmt: wp("post_date_gmt"),
        modified_local: wp("post_modified"),
        modified_gmt: wp("post_modified_gmt"),
        parent: wp("post_parent").parse().unwrap_or(0),
        menu_order: wp("menu_order").parse().unwrap_or(0),
        password: wp("post_password"),
        sticky: wp("is_sticky") == "1",
        comment_status: wp("comment_status"),
        attachment_url: wp("attachment_url"),
        ..Default::default()
    };
    for c in n.children().filter(|c| c.is_element()) {
        if c.has_tag_name("category") {
            let slug = c.attribute("nicename").unwrap_or_default().to_owned();
            match c.attribute("domain") {
                Some("category") => item.categories.push(slug),
                Some("post_tag") => item.tags.push(slug),
                _ => {}
            }
        } else if is(&c, Ns::Wp, "postmeta") {
            item.meta.insert(
                text_of(&c, Ns::Wp, "meta_key"),
                text_of(&c, Ns::Wp, "meta_value"),
            );
        } else if is(&c, Ns::Wp, "comment") {
            let w = |name| text_of(&c, Ns::Wp, name);
            item.comments.push(RawComment {
                id: w("comment_id").parse().unwrap_or(0),
                parent: w("comment_parent").parse().unwrap_or(0),
                author: w("comment_author"),
                url: w("comment_author_url"),
                date_local: w("comment_date"),
                date_gmt: w("comment_date_gmt"),
                content: w("comment_content"),
                approved: w("comment_approved"),
                kind: w("comment_type"),
            });
        }
    }
    item
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    None,
    Wp,
    Excerpt,
    Content,
    Dc,
}

/// Which of WXR's namespaces `uri` is. The `wp` one changed with every WXR
/// version (`http://wordpress.org/export/1.0/` … `https://…/1.2/`).
fn ns_of(uri: Option<&str>) -> Ns {
    match uri {
        None => Ns::None,
        Some(u) if u.contains("wordpress.org/export/") && u.ends_with("/excerpt/") => Ns::Excerpt,
        Some(u) if u.contains("wordpress.org/export/") => Ns::Wp,
        Some(u) if u.contains("purl.org/rss/1.0/modules/content") => Ns::Content,
        Some(u) if u.contains("purl.org/dc/elements/1.1") => Ns::Dc,
        Some(_) => Ns::None,
    }
}

fn is(n: &roxmltree::Node, ns: Ns, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && ns_of(n.tag_name().namespace()) == ns
}

/// The text of the first child element `ns:name` (CDATA or plain), trimmed
/// at the ends only for one-line values.
fn text_of(n: &roxmltree::Node, ns: Ns, name: &str) -> String {
    let Some(c) = n.children().find(|c| is(c, ns, name)) else {
        return String::new();
    };
    let text: String = c
        .children()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect();
    if text.contains('\n') && matches!(ns, Ns::Content | Ns::Excerpt) {
        text
    } else {
        text.trim().to_owned()
    }
}

/// The import, ready to write.
struct Converted {
    site: Site,
    entries: Vec<Article>,
    redirects: BTreeMap<String, String>,
    media: Vec<MediaEntry>,
    /// Files to copy into `media/`: (from, to relative to media/).
    copies: Vec<(PathBuf, String)>,
}

/// Site-wide lookups used while converting bodies.
struct Links {
    /// Old site URL without scheme and trailing slash (`example.com/blog`).
    host_path: String,
    /// Old path (`/2010/10/05/slug/`, no host) → new site path (no leading `/`).
    by_path: HashMap<String, String>,
    /// Post or page id → new site path.
    by_id: HashMap<u64, String>,
    /// Attachment id → its file URL.
    attachments: HashMap<u64, String>,
    /// Old media URL → new address, filled as bodies are converted.
    media: HashMap<String, String>,
}

impl Links {
    /// The path on the old site when `url` points there (`/x/y/?p=1`).
    fn old_path(&self, url: &str) -> Option<String> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .or_else(|| url.strip_prefix("//"))?;
        let rest = rest.strip_prefix("www.").unwrap_or(rest);
        let host = self
            .host_path
            .strip_prefix("www.")
            .unwrap_or(&self.host_path);
        let after = rest.strip_prefix(host)?;
        if !(after.is_empty() || after.starts_with(['/', '?', '#'])) {
            return None;
        }
        let mut path = format!("/{after}");
        while path.contains("//") {
            path = path.replace("//", "/");
        }
        Some(path)
    }

    /// The Quire address for a link to the old site, if it has one.
    fn rewrite(&self, url: &str) -> Option<String> {
        if let Some(now) = self.media.get(url) {
            return Some(now.clone());
        }
        let path = self.old_path(url)?;
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p.to_owned(), format!("#{f}")),
            None => (path, String::new()),
        };
        let (path, query) = path.split_once('?').unwrap_or((&path, ""));
        // `?p=ID`, `?page_id=ID`: the entry with that id.
        if let Some(key) = redirect::key("/", query).filter(|k| k.starts_with('?')) {
            let id = key.rsplit('=').next().and_then(|id| id.parse::<u64>().ok());
            return id
                .and_then(|id| self.by_id.get(&id))
                .map(|p| format!("{p}{fragment}"));
        }
        let mut path = path.to_owned();
        if !path.ends_with('/') && !path.rsplit('/').next().unwrap_or("").contains('.') {
            path.push('/');
        }
        if path == "/" {
            return Some(format!("./{fragment}"));
        }
        self.by_path
            .get(&path)
            .or_else(|| self.by_path.get(&percent_decode(&path)))
            .map(|p| format!("{p}{fragment}"))
    }
}

fn convert(
    export: &Export,
    opts: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Converted, ImportError> {
    // Terms and authors.
    let mut term_slugs: HashMap<String, String> = HashMap::new();
    let mut term_slug = |raw: &str, name: &str| -> String {
        if let Some(s) = term_slugs.get(raw) {
            return s.clone();
        }
        let decoded = percent_decode(raw).to_lowercase();
        let slug = if is_valid_slug(&decoded) {
            decoded
        } else {
            slugify(&decoded)
                .or_else(|| slugify(name))
                .unwrap_or_else(|| "term".to_owned())
        };
        term_slugs.insert(raw.to_owned(), slug.clone());
        slug
    };
    let mut categories = Vec::new();
    for (nicename, name, _) in &export.categories {
        let slug = term_slug(nicename, name);
        categories.push(Term {
            slug,
            name: decode_entities(name),
            parent: None,
        });
    }
    for (i, (_, _, parent)) in export.categories.iter().enumerate() {
        if !parent.is_empty() {
            let p = term_slug(parent, parent);
            if categories.iter().any(|c| c.slug == p) && p != categories[i].slug {
                categories[i].parent = Some(p);
            }
        }
    }
    let mut tags: Vec<Term> = export
        .tags
        .iter()
        .map(|(slug, name)| Term {
            slug: term_slug(slug, name),
            name: decode_entities(name),
            parent: None,
        })
        .collect();
    let mut authors: Vec<Author> = Vec::new();
    let mut author_slugs: HashMap<String, String> = HashMap::new();
    for (login, display) in &export.authors {
        let slug = slugify(login).unwrap_or_else(|| format!("author-{}", authors.len() + 1));
        author_slugs.insert(login.clone(), slug.clone());
        authors.push(Author {
            slug,
            name: if display.is_empty() {
                login.clone()
            } else {
                decode_entities(display)
            },
            url: None,
            bio: String::new(),
        });
    }

    // Which entries are published, and their new addresses.
    let by_id: HashMap<u64, &Item> = export.items.iter().map(|i| (i.id, i)).collect();
    let mut published: Vec<&Item> = Vec::new();
    for item in &export.items {
        let kind = match item.kind.as_str() {
            "post" => "post",
            "page" => "page",
            "attachment" => {
                report.attachments += 1;
                continue;
            }
            "nav_menu_item" => continue,
            other => {
                report.skip(
                    "other content types (plugins)",
                    format!("{other} {}", item.id),
                );
                continue;
            }
        };
        let name = || format!("{kind} {}: {}", item.id, plain(&item.title));
        match item.status.as_str() {
            "publish" if !item.password.is_empty() && !opts.include_protected => {
                report.skip("password-protected (--include-protected)", name())
            }
            "publish" => published.push(item),
            "draft" | "auto-draft" | "pending" => report.skip("drafts", name()),
            "future" => report.skip("scheduled (future)", name()),
            "private" => report.skip("private", name()),
            "trash" => report.skip("in the trash", name()),
            other => report.skip(&format!("status {other}"), name()),
        }
    }
    // Slugs: valid, not reserved, unique per kind.
    let mut used: HashSet<(bool, String)> = HashSet::new();
    let mut slugs: HashMap<u64, String> = HashMap::new();
    for item in &published {
        let page = item.kind == "page";
        let decoded = percent_decode(&item.slug).to_lowercase();
        let mut slug = if is_valid_slug(&decoded) {
            decoded
        } else {
            slugify(&decoded)
                .or_else(|| slugify(&plain(&item.title)))
                .unwrap_or_else(|| format!("{}-{}", item.kind, item.id))
        };
        if page && (RESERVED_SLUGS.contains(&slug.as_str()) || is_year(&slug)) {
            report.note(format!("page slug \"{slug}\" renamed (reserved)"));
            slug = format!("{slug}-page");
        }
        if used.contains(&(page, slug.clone())) {
            slug = format!("{slug}-{}", item.id);
        }
        used.insert((page, slug.clone()));
        slugs.insert(item.id, slug);
    }
    let mut dates: HashMap<u64, DateTime> = HashMap::new();
    let mut links = Links {
        host_path: export
            .site_url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
        by_path: HashMap::new(),
        by_id: HashMap::new(),
        attachments: HashMap::new(),
        media: HashMap::new(),
    };
    let mut redirects = BTreeMap::new();
    for item in &published {
        let date = wp_date(&item.date_local, &item.date_gmt).ok_or_else(|| {
            BuildError::Content(vec![quire_core::ContentError::Invalid {
                file: opts.export.display().to_string(),
                path: format!("item {} wp:post_date", item.id),
                reason: format!("\"{}\" is not a date", item.date_local),
            }])
        })?;
        dates.insert(item.id, date);
        let slug = &slugs[&item.id];
        let new = if item.kind == "page" {
            format!("{slug}/")
        } else {
            format!(
                "{:04}/{:02}/{:02}/{slug}/",
                date.date.year, date.date.month, date.date.day
            )
        };
        links.by_id.insert(item.id, new.clone());
        // A link may already use the new address (WordPress's own permalink
        // when the dates agree).
        links.by_path.insert(format!("/{new}"), new.clone());
        redirects.insert(
            format!(
                "?{}={}",
                if item.kind == "page" { "page_id" } else { "p" },
                item.id
            ),
            new.clone(),
        );
        if let Some(old) = links.old_path(&item.link) {
            let old = old.split(['?', '#']).next().unwrap_or("/").to_owned();
            let decoded = percent_decode(&old);
            if old != "/" && decoded.trim_start_matches('/') != new {
                redirects.insert(decoded, new.clone());
            }
            if old != "/" {
                links.by_path.insert(percent_decode(&old), new.clone());
                links.by_path.insert(old, new.clone());
            }
        }
    }
    // Attachments: their pages link to the file.
    let mut media: BTreeMap<String, MediaEntry> = BTreeMap::new();
    let mut copies = Vec::new();
    for item in export.items.iter().filter(|i| i.kind == "attachment") {
        if item.attachment_url.is_empty() {
            continue;
        }
        links
            .attachments
            .insert(item.id, item.attachment_url.clone());
        let now = local_media(&item.attachment_url, opts, &mut copies)
            .unwrap_or_else(|| item.attachment_url.clone());
        links.media.insert(item.attachment_url.clone(), now.clone());
        // Its attachment page (`/2010/09/10/post/photo/`) shows the file.
        if let Some(old) = links.old_path(&item.link) {
            let old = old.split(['?', '#']).next().unwrap_or("/").to_owned();
            if old != "/" {
                let old = if old.ends_with('/') {
                    old
                } else {
                    format!("{old}/")
                };
                links.by_path.insert(percent_decode(&old), now.clone());
            }
        }
        redirects.insert(format!("?attachment_id={}", item.id), now.clone());
        media.insert(
            item.attachment_url.clone(),
            MediaEntry {
                url: item.attachment_url.clone(),
                now,
                attachment: Some(item.id),
                used_by: Vec::new(),
            },
        );
    }

    // Entries. From here on the links only get read: one shared copy
    // serves every body's and comment's rewriting.
    let links = std::sync::Arc::new(links);
    let known_categories: HashSet<String> = categories.iter().map(|c| c.slug.clone()).collect();
    let known_tags: HashSet<String> = tags.iter().map(|t| t.slug.clone()).collect();
    let mut entries = Vec::new();
    for item in &published {
        let slug = slugs[&item.id].clone();
        let kind = if item.kind == "page" {
            EntryKind::Page
        } else {
            EntryKind::Post
        };
        let gallery: Vec<String> = {
            let mut kids: Vec<&Item> = export
                .items
                .iter()
                .filter(|a| a.kind == "attachment" && a.parent == item.id)
                .collect();
            kids.sort_by_key(|a| (a.menu_order, a.id));
            kids.iter().map(|a| a.attachment_url.clone()).collect()
        };
        let body = convert_body(&item.content, &links, &gallery, &by_id, report);
        // Media used by this entry.
        for url in media_urls(&item.content, &links) {
            let now = links
                .media
                .get(&url)
                .cloned()
                .or_else(|| local_media(&url, opts, &mut copies))
                .unwrap_or_else(|| url.clone());
            let e = media.entry(url.clone()).or_insert_with(|| MediaEntry {
                url: url.clone(),
                now: now.clone(),
                attachment: None,
                used_by: Vec::new(),
            });
            if !e.used_by.contains(&slug) {
                e.used_by.push(slug.clone());
            }
        }
        let body = relink_media(&body, &media);
        let mut cats: Vec<String> = Vec::new();
        for raw in &item.categories {
            let s = term_slug(raw, raw);
            if !known_categories.contains(&s) {
                categories.push(Term {
                    slug: s.clone(),
                    name: raw.clone(),
                    parent: None,
                });
            }
            if !cats.contains(&s) {
                cats.push(s);
            }
        }
        let mut item_tags: Vec<String> = Vec::new();
        for raw in &item.tags {
            let s = term_slug(raw, raw);
            if !known_tags.contains(&s) && !tags.iter().any(|t| t.slug == s) {
                tags.push(Term {
                    slug: s.clone(),
                    name: raw.clone(),
                    parent: None,
                });
            }
            if !item_tags.contains(&s) {
                item_tags.push(s);
            }
        }
        // WordPress files a post without a category under "Uncategorized";
        // Quire simply lists it without one.
        let author = author_slugs.get(&item.creator).cloned().unwrap_or_else(|| {
            let slug = slugify(&item.creator).unwrap_or_else(|| "unknown".to_owned());
            if !authors.iter().any(|a| a.slug == slug) {
                authors.push(Author {
                    slug: slug.clone(),
                    name: if item.creator.is_empty() {
                        "Unknown".to_owned()
                    } else {
                        item.creator.clone()
                    },
                    url: None,
                    bio: String::new(),
                });
            }
            author_slugs.insert(item.creator.clone(), slug.clone());
            slug
        });
        let mut title = plain(&item.title);
        if title.is_empty() {
            title = "Untitled".to_owned();
            report.note("entries without a title, named \"Untitled\"");
        }
        let featured_image = item
            .meta
            .get("_thumbnail_id")
            .and_then(|id| id.parse::<u64>().ok())
            .and_then(|id| {
                let url = links.attachments.get(&id)?;
                let alt = by_id
                    .get(&id)
                    .and_then(|a| a.meta.get("_wp_attachment_image_alt"))
                    .map(|s| decode_entities(s))
                    .unwrap_or_default();
                let src = links.media.get(url).cloned().unwrap_or_else(|| url.clone());
                if let Some(e) = media.get_mut(url) {
                    if !e.used_by.contains(&slug) {
                        e.used_by.push(slug.clone());
                    }
                }
                Some(Image {
                    src,
                    alt,
                    width: None,
                    height: None,
                })
            });
        let comments = convert_comments(item, &links, report);
        let modified = wp_date(&item.modified_local, &item.modified_gmt)
            .filter(|m| m.unix_seconds() > dates[&item.id].unix_seconds());
        report.comments += comments.len();
        match kind {
            EntryKind::Post => report.posts += 1,
            EntryKind::Page => report.pages += 1,
        }
        entries.push(Article {
            version: FORMAT_VERSION,
            meta: Summary {
                slug,
                kind,
                title,
                date: dates[&item.id],
                modified,
                author,
                excerpt: plain(&item.excerpt),
                categories: cats,
                tags: item_tags,
                reading_minutes: 0,
                comment_count: 0,
                featured_image,
                sticky: item.sticky && kind == EntryKind::Post,
                language: None,
                direction: None,
            },
            body_html: body,
            comments,
            comments_open: item.comment_status == "open",
            previous: None,
            next: None,
        });
    }
    // The menu: top-level pages, in WordPress's menu order.
    let mut top: Vec<&&Item> = published
        .iter()
        .filter(|i| i.kind == "page" && i.parent == 0)
        .collect();
    top.sort_by_key(|i| (i.menu_order, plain(&i.title)));
    let menu = top
        .iter()
        .map(|i| MenuItem {
            slug: slugs[&i.id].clone(),
            title: plain(&i.title),
        })
        .collect();
    report.authors = authors.len();
    report.categories = categories.len();
    report.tags = tags.len();
    report.redirects = redirects.len();
    let media: Vec<MediaEntry> = media.into_values().collect();
    report.media_local = media.iter().filter(|m| m.now.starts_with("media/")).count();
    report.media_remote = media.len() - report.media_local;
    let language = if export.language.is_empty() {
        "en".to_owned()
    } else {
        export.language.clone()
    };
    let site = Site {
        version: FORMAT_VERSION,
        title: if export.title.is_empty() {
            "Imported site".to_owned()
        } else {
            decode_entities(&export.title)
        },
        tagline: decode_entities(&export.description),
        language,
        authors,
        categories,
        tags,
        menu,
        page_size: 10,
        base_path: "/".to_owned(),
        ..Default::default()
    };
    Ok(Converted {
        site,
        entries,
        redirects,
        media,
        copies,
    })
}

/// `2010-10-05 00:27:25` (local) and its `…_gmt` twin as a date with the
/// site's offset at that time. WordPress writes `0000-00-00 00:00:00` for
/// a GMT date it never set: then the local time is taken as UTC.
fn wp_date(local: &str, gmt: &str) -> Option<DateTime> {
    let l = DateTime::parse(&format!("{}Z", local.trim().replace(' ', "T"))).ok()?;
    let offset = DateTime::parse(&format!("{}Z", gmt.trim().replace(' ', "T")))
        .ok()
        .filter(|g| g.date.year > 1970)
        .map_or(0, |g| {
            let minutes = (l.unix_seconds() - g.unix_seconds()) / 60;
            // Offsets come in quarter hours; a second's drift is noise.
            ((minutes as f64 / 15.0).round() * 15.0) as i64
        });
    if offset.abs() > 18 * 60 {
        return Some(l);
    }
    let sign = if offset < 0 { '-' } else { '+' };
    DateTime::parse(&format!(
        "{}{sign}{:02}:{:02}",
        local.trim().replace(' ', "T"),
        offset.abs() / 60,
        offset.abs() % 60
    ))
    .ok()
}

fn convert_comments(
    item: &Item,
    links: &std::sync::Arc<Links>,
    report: &mut ImportReport,
) -> Vec<Comment> {
    let title = plain(&item.title);
    let mut out = Vec::new();
    for c in &item.comments {
        let status = match c.approved.as_str() {
            "1" => CommentStatus::Approved,
            "spam" => CommentStatus::Spam,
            "trash" | "post-trashed" => CommentStatus::Trash,
            _ => CommentStatus::Pending,
        };
        if status != CommentStatus::Approved {
            let reason = match status {
                CommentStatus::Spam => "comments marked spam",
                CommentStatus::Trash => "comments in the trash",
                _ => "comments awaiting moderation",
            };
            report.skip(reason, format!("comment {} on \"{title}\"", c.id));
            continue;
        }
        let Some(date) = wp_date(&c.date_local, &c.date_gmt) else {
            report.skip(
                "comments with no readable date",
                format!("comment {}", c.id),
            );
            continue;
        };
        if matches!(c.kind.as_str(), "pingback" | "trackback") {
            report.note(format!("{}s kept as comments", c.kind));
        }
        let text = sanitize_with(
            &autop(&strip_comments(&c.content)),
            Allowlist::Comment,
            rewriter(links),
        );
        out.push(Comment {
            id: c.id,
            parent: (c.parent != 0).then_some(c.parent),
            author_name: if c.author.trim().is_empty() {
                "Anonymous".to_owned()
            } else {
                decode_entities(&c.author)
            },
            author_url: Some(c.url.trim().to_owned())
                .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
            date,
            text,
            status: CommentStatus::Approved,
        });
    }
    // A reply to a comment that is not published hangs from the top.
    let ids: HashSet<u64> = out.iter().map(|c| c.id).collect();
    for c in &mut out {
        if c.parent.is_some_and(|p| !ids.contains(&p)) {
            c.parent = None;
        }
    }
    out
}

fn rewriter(
    links: &std::sync::Arc<Links>,
) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let links = std::sync::Arc::clone(links);
    move |url| links.rewrite(url.trim())
}

/// A WordPress body as the old site showed it, as sanitized HTML for Quire.
fn convert_body(
    raw: &str,
    links: &std::sync::Arc<Links>,
    gallery: &[String],
    items: &HashMap<u64, &Item>,
    report: &mut ImportReport,
) -> String {
    let blocks = raw.contains("<!-- wp:");
    if blocks {
        report.note("block-editor posts (block comments removed)");
    }
    let html = strip_comments(raw);
    let html = shortcodes(&html, links, gallery, items, report);
    let html = strip_jetpack(&html, report);
    let html = iframes_to_links(&html, report);
    // The block editor stores finished HTML; classic posts get wpautop.
    let html = if blocks {
        linkify_lines(&html)
    } else {
        autop(&html)
    };
    sanitize_with(&html, Allowlist::Article, rewriter(links))
}

/// The media URLs (uploads on the old site, or attachment files) a body uses.
fn media_urls(raw: &str, links: &Links) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=\"", "src='", "href=\"", "href='"] {
        let quote = if attr.ends_with('"') { '"' } else { '\'' };
        let mut rest = raw;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let url = &rest[..rest.find(quote).unwrap_or(rest.len())];
            let is_media = url.contains("/wp-content/uploads/")
                || url.contains(".files.wordpress.com/")
                || links.attachments.values().any(|a| a == url);
            if is_media && url.starts_with("http") && !out.iter().any(|u| u == url) {
                out.push(url.to_owned());
            }
        }
    }
    out
}

/// Points media links at their local copies.
fn relink_media(html: &str, media: &BTreeMap<String, MediaEntry>) -> String {
    let mut out = html.to_owned();
    for m in media.values().filter(|m| m.now != m.url) {
        for q in ['"', '\''] {
            out = out.replace(&format!("{q}{}{q}", m.url), &format!("{q}{}{q}", m.now));
            // As escaped by the sanitizer.
            let escaped = m.url.replace('&', "&amp;");
            out = out.replace(&format!("{q}{escaped}{q}"), &format!("{q}{}{q}", m.now));
        }
    }
    out
}

/// With `--media`, the local copy of an uploaded file: `media/<path after
/// uploads/>` when the folder has it (by its uploads path, else by name).
fn local_media(
    url: &str,
    opts: &ImportOptions,
    copies: &mut Vec<(PathBuf, String)>,
) -> Option<String> {
    let dir = opts.media.as_ref()?;
    let path = url.split(['?', '#']).next()?;
    let rel = path
        .split_once("/wp-content/uploads/")
        .map(|(_, r)| r.to_owned())
        .or_else(|| {
            path.split_once(".files.wordpress.com/")
                .map(|(_, r)| r.to_owned())
        })
        .unwrap_or_else(|| path.rsplit('/').next().unwrap_or_default().to_owned());
    let rel = percent_decode(&rel);
    if rel.is_empty() || rel.split('/').any(|s| s == ".." || s.is_empty()) {
        return None;
    }
    let name = rel.rsplit('/').next()?.to_owned();
    let from = [dir.join(&rel), dir.join(&name)]
        .into_iter()
        .find(|p| p.is_file())?;
    if !copies.iter().any(|(_, to)| *to == rel) {
        copies.push((from, rel.clone()));
    }
    Some(format!("media/{rel}"))
}

fn write(c: &Converted, out: &Path) -> Result<(), ImportError> {
    for dir in ["articles", "pages", "media"] {
        fs::create_dir_all(out.join(dir)).map_err(io(&out.join(dir)))?;
    }
    let put = |rel: &str, text: String| -> Result<(), ImportError> {
        let path = out.join(rel);
        fs::write(&path, text + "\n").map_err(io(&path))?;
        Ok(())
    };
    put("site.json", pretty(&c.site))?;
    for a in &c.entries {
        let dir = match a.meta.kind {
            EntryKind::Post => "articles",
            EntryKind::Page => "pages",
        };
        put(&format!("{dir}/{}.json", a.meta.slug), pretty(a))?;
    }
    put("redirects.json", pretty(&c.redirects))?;
    put("media-manifest.json", pretty(&c.media))?;
    for (from, rel) in &c.copies {
        let to = out.join("media").join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::copy(from, &to).map_err(io(from))?;
    }
    Ok(())
}

/// Pretty JSON for any of the written shapes.
fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("content types serialize")
}

// ---- Text helpers ----------------------------------------------------------

/// Markup removed, entities decoded, whitespace collapsed (titles may hold
/// markup and entities).
fn plain(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes HTML character references: numeric ones and the named ones
/// WordPress writes.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let ch = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                n.and_then(char::from_u32)
            } else {
                Some(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => '\u{a0}',
                    "hellip" => '…',
                    "ndash" => '–',
                    "mdash" => '—',
                    "lsquo" => '‘',
                    "rsquo" => '’',
                    "ldquo" => '“',
                    "rdquo" => '”',
                    "copy" => '©',
                    "reg" => '®',
                    "trade" => '™',
                    "laquo" => '«',
                    "raquo" => '»',
                    "times" => '×',
                    "deg" => '°',
                    _ => return None,
                })
            }?;
            Some((ch, e + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes HTML comments: block-editor delimiters (`<!-- wp:… -->`),
/// `<!--more-->` and `<!--nextpage-->`.
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(end) => rest = &rest[i + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// WordPress's `wpautop`: blank lines separate paragraphs, single line
/// breaks become `<br>`, and block-level markup is left alone. `<pre>`
/// keeps its text as written.
pub fn autop(html: &str) -> String {
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    if html.trim().is_empty() {
        return String::new();
    }
    // Protect <pre> (and <script>/<style>, which the sanitizer removes).
    let mut saved: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut rest = html.as_str();
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(i) = lower.find("<pre") else {
            text.push_str(rest);
            break;
        };
        let end = lower[i..].find("</pre>").map_or(rest.len(), |e| i + e + 6);
        text.push_str(&rest[..i]);
        text.push_str(&format!("\n\n\u{1}{}\u{1}\n\n", saved.len()));
        saved.push(rest[i..end].to_owned());
        rest = &rest[end..];
    }
    const BLOCK: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "col",
        "colgroup",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "map",
        "math",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "iframe",
        "style",
        "script",
        "hgroup",
        "area",
        "legend",
        "option",
        "select",
        "object",
        "embed",
        "audio",
        "video",
        "source",
        "noscript",
    ];
    // Block-level tags stand on their own: a blank line before each start
    // tag and after each end tag, as wpautop does.
    let block_name = |tag: &str| -> Option<String> {
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        BLOCK.contains(&name.as_str()).then_some(name)
    };
    let mut spaced = String::with_capacity(text.len() + 64);
    let mut rest = text.as_str();
    while let Some(i) = rest.find('<') {
        spaced.push_str(&rest[..i]);
        let Some(end) = rest[i..].find('>') else {
            spaced.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let tag = &rest[i..i + end + 1];
        if block_name(tag).is_some() {
            if tag.starts_with("</") {
                spaced.push_str(tag);
                spaced.push_str("\n\n");
            } else {
                spaced.push_str("\n\n");
                spaced.push_str(tag);
                if tag.ends_with("/>") || tag.to_ascii_lowercase().starts_with("<hr") {
                    spaced.push_str("\n\n");
                }
            }
        } else {
            spaced.push_str(tag);
        }
        rest = &rest[i + end + 1..];
    }
    spaced.push_str(rest);
    let is_block = |chunk: &str| {
        chunk.starts_with('\u{1}')
            || chunk.starts_with('<') && block_name(chunk).is_some()
            || chunk.ends_with('>')
                && chunk
                    .rfind("</")
                    .is_some_and(|i| block_name(&chunk[i..]).is_some())
    };
    let mut out = String::new();
    let mut open: Vec<String> = Vec::new();
    for chunk in spaced
        .split("\n\n")
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        // Text directly inside a list item, cell or figure is not a paragraph.
        let in_inline_parent = open.last().is_some_and(|t| {
            matches!(
                t.as_str(),
                "li" | "td"
                    | "th"
                    | "dt"
                    | "dd"
                    | "figcaption"
                    | "caption"
                    | "summary"
                    | "p"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "pre"
                    | "address"
            )
        });
        if is_block(chunk) {
            out.push_str(&linkify_lines(chunk));
            if chunk.starts_with('<') && !chunk.starts_with("</") && !chunk.ends_with("/>") {
                if let Some(name) = block_name(chunk) {
                    let closes = chunk.contains(&format!("</{name}>"));
                    if !closes && !matches!(name.as_str(), "hr" | "col" | "area" | "source") {
                        open.push(name);
                    }
                }
            } else if let Some(name) = chunk.strip_prefix("</").and_then(|_| block_name(chunk)) {
                if let Some(at) = open.iter().rposition(|t| *t == name) {
                    open.truncate(at);
                }
            }
        } else if let Some(url) = lone_url(chunk) {
            out.push_str(&format!("<p><a href=\"{url}\">{url}</a></p>"));
        } else if in_inline_parent {
            out.push_str(
                &chunk
                    .lines()
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join("<br />\n"),
            );
        } else {
            let lines: Vec<&str> = chunk.lines().map(str::trim_end).collect();
            out.push_str("<p>");
            out.push_str(&lines.join("<br />\n"));
            out.push_str("</p>");
        }
        out.push('\n');
    }
    for (i, block) in saved.iter().enumerate() {
        out = out.replace(&format!("\u{1}{i}\u{1}"), block);
    }
    out
}

/// A chunk that is only a URL: WordPress turns these into embeds (oEmbed);
/// Quire shows the link.
fn lone_url(chunk: &str) -> Option<&str> {
    let t = chunk.trim();
    ((t.starts_with("http://") || t.starts_with("https://"))
        && !t.contains(char::is_whitespace)
        && !t.contains(['<', '>', '"']))
    .then_some(t)
}

/// Lines that are only a URL become links (embeds in block content).
fn linkify_lines(html: &str) -> String {
    html.lines()
        .map(|line| match lone_url(line) {
            Some(url) => format!("<a href=\"{url}\">{url}</a>"),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `<iframe src>` (YouTube, VideoPress, maps) is not shown by Quire:
/// a link to what it showed takes its place.
fn iframes_to_links(html: &str, report: &mut ImportReport) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(i) = lower.find("<iframe") else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let end = lower[i..]
            .find("</iframe>")
            .map(|e| i + e + 9)
            .or_else(|| lower[i..].find('>').map(|e| i + e + 1))
            .unwrap_or(rest.len());
        let tag = &rest[i..end];
        if let Some(src) = attr(tag, "src").filter(|s| s.starts_with("http") || s.starts_with("//"))
        {
            let src = if src.starts_with("//") {
                format!("https:{src}")
            } else {
                src
            };
            let host = src
                .split("//")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .unwrap_or("the web");
            out.push_str(&format!(
                "<p><a href=\"{}\">Embedded content from {}</a></p>",
                src.replace('"', "&quot;"),
                host.trim_start_matches("www.")
            ));
            report.note("embeds (iframes) turned into links");
        }
        rest = &rest[end..];
    }
}

/// The value of attribute `name` in the start tag `tag`.
fn attr(tag: &str, name: &str) -> Option<String> {
    let attrs = parse_attrs(
        tag.trim_start_matches('<')
            .split_once(char::is_whitespace)?
            .1,
    );
    attrs
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| decode_entities(&v))
}

/// `key="v" key='v' key=v positional` → pairs (positional values have an
/// empty key).
fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.trim_end_matches(['>', '/', ']']).chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return out;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            if (c == '"' || c == '\'') && key.is_empty() {
                break;
            }
            key.push(c);
            chars.next();
        }
        let value = if chars.peek() == Some(&'=') || key.is_empty() {
            if chars.peek() == Some(&'=') {
                chars.next();
            }
            match chars.peek() {
                Some(&q) if q == '"' || q == '\'' => {
                    chars.next();
                    let v: String = chars.by_ref().take_while(|&c| c != q).collect();
                    v
                }
                _ => {
                    let mut v = String::new();
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        v.push(c);
                        chars.next();
                    }
                    v
                }
            }
        } else {
            // A bare word: a positional value.
            let v = std::mem::take(&mut key);
            out.push((String::new(), v));
            continue;
        };
        out.push((key.to_ascii_lowercase(), value));
    }
}

/// Jetpack's leftovers in exported bodies: share bars, "Like this:",
/// "%d bloggers like this", related posts.
fn strip_jetpack(html: &str, report: &mut ImportReport) -> String {
    let mut out = html.to_owned();
    for class in [
        "sharedaddy",
        "jp-relatedposts",
        "jp-post-flair",
        "wpl-likebox",
        "sd-sharing",
        "sharing-hidden",
    ] {
        while let Some(range) = element_with_class(&out, class) {
            out.replace_range(range, "");
            report.note("Jetpack share and like boxes removed");
        }
    }
    for phrase in [
        "Like this:",
        "Like Loading...",
        "Like Loading…",
        "%d bloggers like this:",
        "%d bloggers like this",
        "Share this:",
    ] {
        if out.contains(phrase) {
            out = out.replace(phrase, "");
            report.note("Jetpack \"Like this\" texts removed");
        }
    }
    out
}

/// The byte range of the first element whose class list has `class`, from
/// its start tag to its matching end tag.
fn element_with_class(html: &str, class: &str) -> Option<std::ops::Range<usize>> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rel) = lower[from..].find('<') {
        let start = from + rel;
        let tag_end = start + lower[start..].find('>')? + 1;
        let tag = &html[start..tag_end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let has = !name.is_empty()
            && attr(tag, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class));
        if has {
            let (open, close) = (format!("<{name}"), format!("</{name}>"));
            let mut depth = 1;
            let mut at = tag_end;
            while depth > 0 {
                let next_open = lower[at..].find(&open).map(|i| at + i);
                let next_close = lower[at..].find(&close).map(|i| at + i);
                match (next_open, next_close) {
                    (Some(o), Some(c)) if o < c => {
                        depth += 1;
                        at = o + open.len();
                    }
                    (_, Some(c)) => {
                        depth -= 1;
                        at = c + close.len();
                    }
                    _ => return Some(start..html.len()),
                }
            }
            return Some(start..at);
        }
        from = tag_end;
    }
    None
}

/// Shortcodes WordPress or Jetpack register that Quire cannot show; they
/// are removed (keeping any text they wrap) even without attributes.
const REMOVED_SHORTCODES: &[&str] = &[
    "contact-form",
    "contact-field",
    "googlemaps",
    "polldaddy",
    "crowdsignal",
    "playlist",
    "archives",
    "sitemap",
    "instagram",
    "twitter",
    "tweet",
    "slideshow",
    "wpvideo",
    "recipe",
    "portfolio",
    "testimonials",
    "blog_subscription_form",
    "jetpack_subscription_form",
    "simple-payment",
    "vimeo",
    "youtube",
    "soundcloud",
    "ted",
    "flickr",
    "gist",
    "dailymotion",
    "scribd",
    "slideshare",
    "spotify",
    "issuu",
    "googleapps",
    "audio",
    "video",
    "embed",
];

/// Converts shortcodes: `[caption]` to a figure, `[gallery]` to figures of
/// its images, `[embed]`, `[audio]`, `[video]` (and the like) to links;
/// any other shortcode is removed, keeping the text it wraps. Brackets that
/// are not shortcodes (`[1]`, `[sic]`) stay, as does `[[escaped]]`.
fn shortcodes(
    html: &str,
    links: &Links,
    gallery: &[String],
    items: &HashMap<u64, &Item>,
    report: &mut ImportReport,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // `[[x]]` is WordPress's escape for a literal `[x]`.
        if rest.starts_with("[[") {
            if let Some(end) = rest.find("]]") {
                out.push_str(&rest[1..end + 1]);
                rest = &rest[end + 2..];
                continue;
            }
        }
        let name: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let after_name = &rest[1 + name.len()..];
        let Some(close) = after_name.find(']') else {
            out.push('[');
            rest = &rest[1..];
            continue;
        };
        let in_brackets = &after_name[..close];
        let open_ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && (after_name.starts_with(']') || after_name.starts_with([' ', '\t', '/']))
            && !in_brackets.contains(['[', '\n'])
            && (name == "caption" || !in_brackets.contains('<'));
        if !open_ok {
            out.push('[');
            rest = &rest[1..];
            continue;
        }
        let attrs_text = &after_name[..close];
        let attrs = parse_attrs(attrs_text.trim_end_matches('/'));
        let self_closed = attrs_text.trim_end().ends_with('/');
        let end_tag = format!("[/{name}]");
        let tail = &after_name[close + 1..];
        let (inner, consumed) = match (!self_closed).then(|| tail.find(&end_tag)).flatten() {
            Some(e) => (
                Some(&tail[..e]),
                1 + name.len() + close + 1 + e + end_tag.len(),
            ),
            None => (None, 1 + name.len() + close + 1),
        };
        let known = matches!(name.as_str(), "caption" | "wp_caption" | "gallery")
            || REMOVED_SHORTCODES.contains(&name.as_str());
        let named_attrs = attrs.iter().any(|(k, _)| !k.is_empty());
        if !known && inner.is_none() && !named_attrs && !self_closed {
            // `[sic]`, `[1]`: ordinary text.
            out.push('[');
            rest = &rest[1..];
            continue;
        }
        let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
        match name.as_str() {
            "caption" | "wp_caption" => {
                let inner = inner.unwrap_or_default();
                let inner = shortcodes(inner, links, gallery, items, report);
                // The image (maybe inside a link) comes first; the caption
                // is the text after it, or the caption="" attribute.
                let lower = inner.to_ascii_lowercase();
                let split = ["</a>", "/>", ">"]
                    .iter()
                    .find_map(|end| {
                        let img = lower.find("<img")?;
                        let from = if *end == "</a>" {
                            let a = lower.find("<a")?;
                            if a > img {
                                return None;
                            }
                            lower.find("</a>")?
                        } else {
                            img + lower[img..].find(end)?
                        };
                        Some(from + end.len())
                    })
                    .unwrap_or(0);
                let (media, text) = inner.split_at(split);
                let caption = get("caption").unwrap_or_else(|| text.trim().to_owned());
                let align = get("align").unwrap_or_default();
                out.push_str(&format!(
                    "<figure class=\"wp-caption {}\">{}<figcaption>{}</figcaption></figure>",
                    align.replace('"', ""),
                    media.trim(),
                    caption
                ));
                report.note("[caption] turned into figures");
            }
            "gallery" => {
                let urls: Vec<String> = match get("ids").or_else(|| get("include")) {
                    Some(ids) => ids
                        .split(',')
                        .filter_map(|id| id.trim().parse::<u64>().ok())
                        .filter_map(|id| links.attachments.get(&id).cloned())
                        .collect(),
                    None => gallery.to_vec(),
                };
                let exclude: Vec<String> = get("exclude")
                    .map(|ids| {
                        ids.split(',')
                            .filter_map(|id| id.trim().parse::<u64>().ok())
                            .filter_map(|id| links.attachments.get(&id).cloned())
                            .collect()
                    })
                    .unwrap_or_default();
                let columns = get("columns")
                    .and_then(|c| c.parse::<u32>().ok())
                    .unwrap_or(3);
                let by_url: HashMap<&str, &&Item> = items
                    .values()
                    .filter(|i| i.kind == "attachment")
                    .map(|i| (i.attachment_url.as_str(), i))
                    .collect();
                let mut figures = String::new();
                for url in urls.iter().filter(|u| !exclude.contains(u)) {
                    let (alt, caption) =
                        by_url
                            .get(url.as_str())
                            .map_or((String::new(), String::new()), |a| {
                                (
                                    a.meta
                                        .get("_wp_attachment_image_alt")
                                        .map(|s| decode_entities(s))
                                        .unwrap_or_default(),
                                    plain(&a.excerpt),
                                )
                            });
                    let alt = alt.replace('"', "&quot;");
                    figures.push_str(&format!("<figure class=\"gallery-item\"><img src=\"{url}\" alt=\"{alt}\" loading=\"lazy\" />"));
                    if !caption.is_empty() {
                        figures.push_str(&format!("<figcaption>{caption}</figcaption>"));
                    }
                    figures.push_str("</figure>");
                }
                if figures.is_empty() {
                    report.note("[gallery] with no images found (left out)");
                } else {
                    out.push_str(&format!(
                        "<div class=\"gallery gallery-columns-{columns}\">{figures}</div>"
                    ));
                    report.note("[gallery] turned into figures");
                }
            }
            "embed" | "audio" | "video" | "wpvideo" | "youtube" | "vimeo" => {
                let url = inner
                    .map(|s| s.trim().to_owned())
                    .filter(|s| s.starts_with("http"))
                    .or_else(|| {
                        [
                            "src", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv", "url",
                        ]
                        .iter()
                        .find_map(|k| get(k))
                    })
                    .or_else(|| {
                        attrs
                            .iter()
                            .find(|(k, _)| k.is_empty())
                            .map(|(_, v)| v.clone())
                    })
                    .filter(|u| u.starts_with("http"));
                if let Some(url) = url {
                    let label = match name.as_str() {
                        "audio" => "Listen",
                        "video" | "wpvideo" | "youtube" | "vimeo" => "Watch",
                        _ => "Open",
                    };
                    out.push_str(&format!(
                        "<p><a href=\"{}\">{label}: {}</a></p>",
                        url.replace('"', "&quot;"),
                        url.replace('<', "&lt;")
                    ));
                }
                report.note(format!("[{name}] turned into links"));
            }
            _ => {
                if let Some(inner) = inner {
                    out.push_str(&shortcodes(inner, links, gallery, items, report));
                }
                report.note(format!("[{name}] removed (not shown by Quire)"));
            }
        }
        rest = &rest[consumed..];
    }
    out.push_str(rest);
    out
}
