//! Static entry pages: `<permalink>/index.html` for every article and page
//! of a built site, made from the site's own `index.html`. Each carries the
//! title, description, canonical link and Open Graph / Twitter card tags in
//! its head, and the article itself in the boot shell, so link previews,
//! search engines and readers without JavaScript get the text, and the
//! first paint does not wait for the wasm. The app takes over in place
//! (the shell stays until the app's first page is rendered).

use std::fs;
use std::path::Path;

use quire_core::date::Ymd;
use quire_core::markup;
use quire_core::parse::parse;
use quire_core::route::{ListingRef, PageNo, Route};
use quire_core::sanitize::Allowlist;
use quire_core::{paths, Article, EntryKind, Listing, Site};

use crate::feeds::{home, xml};
use crate::markdown::sanitize_with;
use crate::{io, BuildError};

const BRANDING: (&str, &str) = ("<!-- quire:branding -->", "<!-- /quire:branding -->");
const CONTENT: (&str, &str) = ("<!-- quire:content -->", "<!-- /quire:content -->");

/// The app shell every entry page is made from, and the page hosts serve
/// for any other route (nginx, `_redirects`, the service worker): the
/// built `index.html` as trunk wrote it, before `index.html` became the
/// home page.
pub const SHELL: &str = "shell.html";

/// Writes an entry page for every article and page under `root` (a built
/// site: `shell.html` and `data/`), and the home page (`index.html`: the
/// first page of the home listing). Returns how many pages.
pub fn write_entry_pages(root: &Path) -> Result<usize, BuildError> {
    let index = root.join(SHELL);
    let shell = fs::read_to_string(&index).map_err(io(&index))?;
    for (start, end) in [BRANDING, CONTENT] {
        if !shell.contains(start) || !shell.contains(end) {
            return Err(BuildError::New(format!(
                "{} has no {start} … {end} part to fill; was it copied from Quire's built index.html?",
                index.display()
            )));
        }
    }
    let read = |rel: String| -> Result<String, BuildError> {
        let path = root.join(&rel);
        fs::read_to_string(&path).map_err(io(&path))
    };
    let site: Site =
        parse(&paths::site(), &read(paths::site())?).map_err(|e| BuildError::Content(vec![e]))?;
    let mut count = 0;
    for dir in ["articles", "pages"] {
        let folder = root.join(paths::DATA_DIR).join(dir);
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = fs::read_to_string(&file).map_err(io(&file))?;
            let article: Article = parse(&file.display().to_string(), &text)
                .map_err(|e| BuildError::Content(vec![e]))?;
            let out = root
                .join(article.meta.permalink().trim_matches('/'))
                .join("index.html");
            if let Some(parent) = out.parent() {
                fs::create_dir_all(parent).map_err(io(parent))?;
            }
            fs::write(&out, entry_page(&shell, &site, &article)).map_err(io(&out))?;
            count += 1;
        }
    }
    let home: Listing = {
        let file = paths::listing(&ListingRef::home());
        parse(&file, &read(file.clone())?).map_err(|e| BuildError::Content(vec![e]))?
    };
    let out = root.join("index.html");
    fs::write(&out, home_page(&shell, &site, &home)).map_err(io(&out))?;
    Ok(count + 1)
}

/// The home page: `shell` with the first page of the home listing, as the
/// app renders it (`src/routes/listing.rs`; cards and pager from
/// [`quire_core::markup`]).
pub fn home_page(shell: &str, site: &Site, page: &Listing) -> String {
    let description = if site.tagline.is_empty() {
        site.title.as_str()
    } else {
        site.tagline.as_str()
    };
    let head = head(&Preview {
        title_tag: site.title.clone(),
        site_name: &site.title,
        title: &site.title,
        description,
        og_type: "website",
        language: &site.language,
        url: site.url.as_deref().map(|u| home(site, u)),
        image: None,
        times: Vec::new(),
    });
    let href = |path: &str| under_base(site, path);
    let mut cards = String::new();
    for summary in &page.items {
        markup::card_html(
            &mut cards,
            summary,
            site,
            &href(&summary.permalink()),
            &long_date(summary.ymd(), &site.language),
        );
    }
    let mut body = String::from(
        r#"<section class="listing" aria-labelledby="listing-title"><header class="listing-header" id="listing-title"><h1 class="page-title" tabindex="-1">Latest articles</h1></header>"#,
    );
    if page.items.is_empty() {
        body.push_str(r#"<p class="empty">Nothing has been published here yet.</p>"#);
    }
    body.push_str(&format!(r#"<div class="cards">{cards}</div>"#));
    let pager = markup::pager_html(1, page.total_pages, |n| {
        PageNo::new(n)
            .map(|p| href(&Route::Listing(ListingRef::home().with_page(p)).to_path()))
            .unwrap_or_default()
    });
    if let Some(pager) = pager {
        body.push_str(&format!(
            r#"<nav class="pager" aria-label="Pagination">{pager}</nav>"#
        ));
    }
    body.push_str("</section>");
    fill_shell(
        shell,
        site,
        &head,
        (&site.language, site.direction.as_str()),
        (&paths::listing(&ListingRef::home()), "/"),
        &body,
    )
}

/// A date as the app shows it ([`Ymd::long_english`]); other languages get
/// the same numbers in ISO order, replaced by the app through `Intl`.
fn long_date(d: Ymd, language: &str) -> String {
    d.long_english(language)
        .unwrap_or_else(|| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
}

/// A site path (`/2026/03/14/slug/`) as a link under the site's base path
/// (`/blog/2026/03/14/slug/`), as the app's `url` makes it.
fn under_base(site: &Site, path: &str) -> String {
    format!("{}{path}", site.base_path.trim_end_matches('/'))
}

fn replace_part(html: &str, (start, end): (&str, &str), with: &str) -> String {
    match (html.find(start), html.find(end)) {
        (Some(a), Some(b)) if a < b => format!("{}{with}{}", &html[..a], &html[b + end.len()..]),
        _ => html.to_owned(),
    }
}

/// One entry page: `shell` (the built `index.html`) with the article's
/// head tags and text.
pub fn entry_page(shell: &str, site: &Site, article: &Article) -> String {
    let m = &article.meta;
    let title = &markup::untitled(&m.title);
    let description = if m.excerpt.is_empty() {
        &site.tagline
    } else {
        &m.excerpt
    };
    let lang = m.language.as_deref().unwrap_or(&site.language);
    let dir = m.direction.unwrap_or(site.direction).as_str();
    let absolute = site.url.as_deref().map(|u| home(site, u));
    let image = m.featured_image.as_ref();
    let mut times = Vec::new();
    if m.kind == EntryKind::Post {
        times.push(("article:published_time", m.date.to_string()));
        if let Some(t) = m.modified {
            times.push(("article:modified_time", t.to_string()));
        }
    }
    let head = head(&Preview {
        title_tag: format!("{title} – {}", site.title),
        site_name: &site.title,
        title,
        description,
        og_type: if m.kind == EntryKind::Post {
            "article"
        } else {
            "website"
        },
        language: lang,
        url: absolute
            .as_ref()
            .map(|h| format!("{h}{}", m.permalink().trim_start_matches('/'))),
        image: image.zip(absolute.as_ref()).map(|(img, h)| {
            let src = if img.src.contains("://") {
                img.src.clone()
            } else {
                format!("{h}{}", img.src.trim_start_matches('/'))
            };
            (src, img.alt.as_str())
        }),
        times,
    });

    // The same markup as the app's page (`src/routes/article.rs`, through
    // `quire_core::markup`), down to the discussion: when the app takes
    // over, nothing the reader sees moves.
    let href = |path: &str| under_base(site, path);
    let is_post = m.kind == EntryKind::Post;
    let mut body = format!("<article class=\"entry\"><header class=\"entry-header\"><h1 class=\"page-title\" tabindex=\"-1\">{}</h1>", xml(title));
    if is_post {
        let date = long_date(m.ymd(), &site.language);
        body.push_str(&format!(
            "<p class=\"entry-meta\">{}</p>",
            markup::byline_html(m, site, &href, &date)
        ));
    }
    // Where the app puts its "Save for offline" toggle (the row keeps its
    // height while the toggle is hidden).
    body.push_str("<p class=\"entry-actions\"></p></header>");
    if let Some(img) = image {
        body.push_str(&format!(
            "<figure class=\"featured-image\">{}</figure>",
            markup::featured_image_html(img)
        ));
    }
    // `#note` links (footnotes) stay on the article: with `<base href>` in
    // the page a bare fragment would point at the site's home page (the
    // app rewrites them the same way, `src/html.rs`).
    let here = href(&m.permalink());
    let body_html = sanitize_with(&article.body_html, Allowlist::Article, move |link| {
        link.starts_with('#').then(|| format!("{here}{link}"))
    });
    body.push_str(&format!(
        "<div class=\"entry-content\" data-body=\"{}\">{body_html}</div>",
        markup::fingerprint(&article.body_html)
    ));
    if let Some(terms) = markup::terms_html(m, site, &href) {
        body.push_str(&format!("<footer class=\"entry-footer\">{terms}</footer>"));
    }
    body.push_str("</article>");
    if is_post {
        body.push_str(&format!(
            "<nav class=\"post-navigation\" aria-label=\"More articles\">{}</nav>",
            markup::post_nav_html(article.previous.as_ref(), article.next.as_ref(), &href)
        ));
    }

    fill_shell(
        shell,
        site,
        &head,
        (lang, dir),
        (&m.file(), &m.permalink()),
        &body,
    )
}

/// What a page's head tells link previews and search engines.
struct Preview<'a> {
    /// The `<title>` text.
    title_tag: String,
    site_name: &'a str,
    title: &'a str,
    description: &'a str,
    /// `og:type`: `article` or `website`.
    og_type: &'a str,
    language: &'a str,
    /// The page's absolute address, when the site has a `url`.
    url: Option<String>,
    /// The absolute address and alt text of the image a preview shows.
    image: Option<(String, &'a str)>,
    /// `article:published_time` and `article:modified_time`, for posts.
    times: Vec<(&'static str, String)>,
}

/// The `<title>`, description, Open Graph and Twitter card tags and the
/// canonical link of a page, every value escaped.
fn head(p: &Preview) -> String {
    let mut head = format!("<title>{}</title>\n", xml(&p.title_tag));
    let mut meta = |attr: &str, key: &str, value: &str| {
        head.push_str(&format!(
            "    <meta {attr}=\"{key}\" content=\"{}\" />\n",
            xml(value)
        ));
    };
    meta("name", "description", p.description);
    meta("property", "og:type", p.og_type);
    meta("property", "og:site_name", p.site_name);
    meta("property", "og:title", p.title);
    meta("property", "og:description", p.description);
    meta("property", "og:locale", &p.language.replace('-', "_"));
    if let Some(u) = &p.url {
        meta("property", "og:url", u);
    }
    if let Some((src, alt)) = &p.image {
        meta("property", "og:image", src);
        if !alt.is_empty() {
            meta("property", "og:image:alt", alt);
        }
    }
    for (key, value) in &p.times {
        meta("property", key, value);
    }
    let card = if p.image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    meta("name", "twitter:card", card);
    meta("name", "twitter:title", p.title);
    meta("name", "twitter:description", p.description);
    if let Some(u) = &p.url {
        head.push_str(&format!(
            "    <link rel=\"canonical\" href=\"{}\" />\n",
            xml(u)
        ));
    }
    head
}

/// `shell` with `head` (title and meta tags), the page's language and
/// direction, the site's name and `body` in the boot shell, which also
/// names the content files the app will read first (`data-files`: the
/// boot module preloads them with the app, after the first paint).
fn fill_shell(
    shell: &str,
    site: &Site,
    head: &str,
    (lang, dir): (&str, &str),
    (file, path): (&str, &str),
    body: &str,
) -> String {
    // The site menu as the app's header has it (`SiteHeader`), with the
    // page's own entry marked; the app adds its "Drafts" entry, hidden
    // until the reader has drafts.
    let href = |path: &str| under_base(site, path);
    let branding = format!(
        "<div class=\"site-branding\"><a href=\"{}\" class=\"site-title\">{}</a><p class=\"site-tagline\">{}</p></div><nav class=\"site-nav\" aria-label=\"Site\"><ul>{}</ul></nav>",
        xml(&site.base_path),
        xml(&site.title),
        xml(&site.tagline),
        markup::menu_html(site, &href, Some(path))
    );
    let mut html = shell.replacen("<title>Quire</title>\n", head, 1);
    if html == shell {
        html = shell.replacen("<title>Quire</title>", head, 1);
    }
    let html = html.replacen(
        "<html lang=\"en\" dir=\"ltr\">",
        &format!("<html lang=\"{}\" dir=\"{dir}\">", xml(lang)),
        1,
    );
    let html = html.replacen(
        " aria-busy=\"true\"",
        &format!(" data-files=\"{} {}\"", xml(&paths::site()), xml(file)),
        1,
    );
    // The header speaks the site's language, as the app's does, whatever
    // the article's.
    let html = html.replacen(
        "<header class=\"site-header\">",
        &format!(
            "<header class=\"site-header\" lang=\"{}\" dir=\"{}\">",
            xml(&site.language),
            site.direction.as_str()
        ),
        1,
    );
    let html = replace_part(&html, BRANDING, &branding);
    replace_part(&html, CONTENT, body)
}
