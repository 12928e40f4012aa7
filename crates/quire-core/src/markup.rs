//! Markup shared by the app and the static pages the CLI writes: the site
//! menu, a listing's article cards and its pager, and an article's byline,
//! featured image, terms and neighbours. Both render these from here, so a
//! page the app takes over shows the same markup before and after (nothing
//! moves, nothing flashes), and each is written once. Links go through
//! `href`, which puts a site path under the base path.

use crate::paginate::{page_links, PageLink};
use crate::text::reading_label;
use crate::{ArticleLink, Image, Site, Summary, Term};

/// Text made safe for HTML text and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// WordPress allows posts without a title; they still need link text.
pub fn untitled(title: &str) -> String {
    if title.trim().is_empty() {
        "(untitled)".to_owned()
    } else {
        title.to_owned()
    }
}

/// Title, date, author, reading time and excerpt of one article in a
/// listing, appended to `out`. `href` is the article's address under the
/// site's base path, `date` its date as the page writes dates.
pub fn card_html(out: &mut String, summary: &Summary, site: &Site, href: &str, date: &str) {
    let author = site
        .author(&summary.author)
        .map_or(summary.author.as_str(), |a| a.name.as_str());
    out.push_str(r#"<article class="card"#);
    if summary.sticky {
        out.push_str(" sticky");
    }
    // Which file the article is read from: offline, lists mark the cards
    // whose article this device has (offline.js).
    out.push_str(&format!(r#"" data-file="{}""#, escape(&summary.file())));
    if let Some(lang) = &summary.language {
        out.push_str(&format!(r#" lang="{}""#, escape(lang)));
    }
    if let Some(dir) = summary.direction {
        out.push_str(&format!(r#" dir="{}""#, dir.as_str()));
    }
    out.push('>');
    if summary.sticky {
        out.push_str(r#"<p class="badge">Featured</p>"#);
    }
    out.push_str(&format!(
        r#"<h2 class="card-title"><a href="{}">{}</a></h2><p class="entry-meta"><time datetime="{}">{}</time> · {} · {}"#,
        escape(href),
        escape(&untitled(&summary.title)),
        summary.date,
        escape(date),
        escape(author),
        reading_label(summary.reading_minutes),
    ));
    if summary.comment_count > 0 {
        out.push_str(&format!(" · {} comments", summary.comment_count));
    }
    out.push_str("</p>");
    if !summary.excerpt.is_empty() {
        out.push_str(&format!(
            r#"<p class="card-excerpt">{}</p>"#,
            escape(&summary.excerpt)
        ));
    }
    out.push_str("</article>");
}

/// The inside of a listing's `<nav class="pager">`: newer/older links and
/// page numbers, `href(n)` being page `n`'s address. `None` for a listing
/// of one page (no pager).
pub fn pager_html(current: u32, total_pages: u32, href: impl Fn(u32) -> String) -> Option<String> {
    if total_pages <= 1 {
        return None;
    }
    let mut html = String::new();
    if current > 1 {
        html.push_str(&format!(
            r#"<a href="{}" class="newer" rel="prev">← Newer</a>"#,
            escape(&href(current - 1))
        ));
    }
    html.push_str("<ul>");
    for l in page_links(current, total_pages) {
        html.push_str(&match l {
            PageLink::Gap => r#"<li class="gap" aria-hidden="true">…</li>"#.to_owned(),
            PageLink::Page(n) if n == current => {
                format!(r#"<li><span class="current" aria-current="page">{n}</span></li>"#)
            }
            PageLink::Page(n) => format!(
                r#"<li><a href="{}" aria-label="Page {n}">{n}</a></li>"#,
                escape(&href(n))
            ),
        });
    }
    html.push_str("</ul>");
    if current < total_pages {
        html.push_str(&format!(
            r#"<a href="{}" class="older" rel="next">Older →</a>"#,
            escape(&href(current + 1))
        ));
    }
    Some(html)
}

/// `<li><a href=…>label</a></li>`, escaped; `current` marks the link to
/// the page being read (`aria-current="page"`, as WordPress marks its
/// current menu item).
pub fn link_item(href: &str, label: &str, current: bool) -> String {
    format!(
        r#"<li><a href="{}"{}>{}</a></li>"#,
        escape(href),
        if current {
            r#" aria-current="page""#
        } else {
            ""
        },
        escape(label)
    )
}

/// The site menu's items (the inside of `<nav class="site-nav"><ul>`): the
/// home page, the site's static pages, the saved articles. `href` turns a
/// site path into a link under the base path; `current` is the site path
/// of the page being read, if it is known when the menu is written.
pub fn menu_html(site: &Site, href: &dyn Fn(&str) -> String, current: Option<&str>) -> String {
    let mut html = String::new();
    let mut item = |path: &str, label: &str| {
        html.push_str(&link_item(&href(path), label, current == Some(path)));
    };
    item("/", "Home");
    for m in &site.menu {
        item(&format!("/{}/", m.slug), &m.title);
    }
    item("/saved/", "Saved");
    html
}

/// An article's byline: author (linked to their archive), date and reading
/// time. `date` is the date as the page writes dates.
pub fn byline_html(
    meta: &Summary,
    site: &Site,
    href: &dyn Fn(&str) -> String,
    date: &str,
) -> String {
    let author = site
        .author(&meta.author)
        .map_or(meta.author.as_str(), |a| a.name.as_str());
    format!(
        r#"By <a href="{}" rel="author">{}</a> · <time datetime="{}">{}</time> · {}"#,
        escape(&href(&format!("/author/{}/", meta.author))),
        escape(author),
        meta.date,
        escape(date),
        reading_label(meta.reading_minutes)
    )
}

/// The inside of an article's `<footer class="entry-footer">`: its
/// categories and tags, each linked to its archive. `None` when it has
/// neither (no footer).
pub fn terms_html(meta: &Summary, site: &Site, href: &dyn Fn(&str) -> String) -> Option<String> {
    let mut html = String::new();
    terms(
        &mut html,
        "category",
        "Filed under",
        &meta.categories,
        &site.categories,
        href,
    );
    terms(&mut html, "tag", "Tagged", &meta.tags, &site.tags, href);
    (!html.is_empty()).then_some(html)
}

/// One kind of term of an article (`kind`: `category` or `tag`), labelled.
fn terms(
    out: &mut String,
    kind: &str,
    label: &str,
    slugs: &[String],
    names: &[Term],
    href: &dyn Fn(&str) -> String,
) {
    if slugs.is_empty() {
        return;
    }
    out.push_str(&format!(
        r#"<span class="term-label">{label}</span> <ul class="terms {kind}">"#
    ));
    for s in slugs {
        let name = names
            .iter()
            .find(|t| &t.slug == s)
            .map_or(s.as_str(), |t| t.name.as_str());
        out.push_str(&format!(
            r#"<li><a href="{}" rel="{kind}">{}</a></li>"#,
            escape(&href(&format!("/{kind}/{s}/"))),
            escape(name)
        ));
    }
    out.push_str("</ul> ");
}

/// The inside of a post's `<nav class="post-navigation">`: links to the
/// previous (older) and next (newer) articles.
pub fn post_nav_html(
    previous: Option<&ArticleLink>,
    next: Option<&ArticleLink>,
    href: &dyn Fn(&str) -> String,
) -> String {
    let link = |l: Option<&ArticleLink>, rel: &str, label: &str| {
        l.map_or(String::new(), |l| {
            format!(
                r#"<a href="{}" rel="{rel}" class="nav-{rel}"><span class="nav-label">{label}</span> <span class="nav-title">{}</span></a> "#,
                escape(&href(&l.permalink())),
                escape(&untitled(&l.title))
            )
        })
    };
    link(previous, "prev", "Previous article") + &link(next, "next", "Next article")
}

/// An article's featured image (the inside of `<figure
/// class="featured-image">`): with its size, so the page does not move
/// when it loads, and fetched first (it is usually the largest paint).
pub fn featured_image_html(img: &Image) -> String {
    let size =
        |n: Option<u32>, attr: &str| n.map(|n| format!(r#" {attr}="{n}""#)).unwrap_or_default();
    format!(
        r#"<img src="{}" alt="{}"{}{} fetchpriority="high">"#,
        escape(&img.src),
        escape(&img.alt),
        size(img.width, "width"),
        size(img.height, "height")
    )
}

/// A fingerprint of an article's `body_html` (FNV-1a), which an entry page
/// writes on its body (`data-body`): the app adopts that body, already
/// sanitized from this very text, instead of sanitizing it again, and only
/// when the fingerprints match (an entry page older than its article file
/// is not adopted).
pub fn fingerprint(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::DateTime;
    use crate::MenuItem;

    fn href(path: &str) -> String {
        format!("/blog{path}")
    }

    fn site() -> Site {
        Site {
            menu: vec![MenuItem {
                slug: "about".into(),
                title: "About <us>".into(),
            }],
            categories: vec![Term {
                slug: "news".into(),
                name: "News & views".into(),
                ..Term::default()
            }],
            ..Site::default()
        }
    }

    #[test]
    fn the_menu_links_home_the_pages_and_saved_articles_and_marks_the_current_one() {
        assert_eq!(
            menu_html(&site(), &href, Some("/about/")),
            r#"<li><a href="/blog/">Home</a></li><li><a href="/blog/about/" aria-current="page">About &lt;us&gt;</a></li><li><a href="/blog/saved/">Saved</a></li>"#
        );
        assert!(!menu_html(&site(), &href, None).contains("aria-current"));
    }

    #[test]
    fn terms_are_named_from_the_site_or_by_their_slug_and_absent_without_any() {
        let mut meta = Summary {
            categories: vec!["news".into()],
            tags: vec!["unlisted".into()],
            ..Summary::default()
        };
        assert_eq!(
            terms_html(&meta, &site(), &href).unwrap(),
            r#"<span class="term-label">Filed under</span> <ul class="terms category"><li><a href="/blog/category/news/" rel="category">News &amp; views</a></li></ul> <span class="term-label">Tagged</span> <ul class="terms tag"><li><a href="/blog/tag/unlisted/" rel="tag">unlisted</a></li></ul> "#
        );
        meta.categories.clear();
        meta.tags.clear();
        assert_eq!(terms_html(&meta, &site(), &href), None);
    }

    #[test]
    fn neighbours_are_linked_where_there_are_any_and_untitled_ones_get_link_text() {
        let older = ArticleLink {
            slug: "old".into(),
            title: " ".into(),
            date: DateTime::parse("2026-01-02T10:00:00Z").unwrap(),
        };
        assert_eq!(
            post_nav_html(Some(&older), None, &href),
            r#"<a href="/blog/2026/01/02/old/" rel="prev" class="nav-prev"><span class="nav-label">Previous article</span> <span class="nav-title">(untitled)</span></a> "#
        );
        assert_eq!(post_nav_html(None, None, &href), "");
    }

    #[test]
    fn fingerprints_tell_texts_apart() {
        assert_eq!(fingerprint(""), 0x811c_9dc5);
        // FNV-1a's published test vector.
        assert_eq!(fingerprint("a"), 0xe40c_292c);
        assert_ne!(fingerprint("<p>One</p>"), fingerprint("<p>One.</p>"));
    }

    #[test]
    fn the_byline_names_an_unknown_author_by_their_slug() {
        let meta = Summary {
            author: "a<b".into(),
            date: DateTime::parse("2026-01-02T10:00:00Z").unwrap(),
            reading_minutes: 3,
            ..Summary::default()
        };
        assert_eq!(
            byline_html(&meta, &site(), &href, "January 2, 2026"),
            r#"By <a href="/blog/author/a&lt;b/" rel="author">a&lt;b</a> · <time datetime="2026-01-02T10:00:00Z">January 2, 2026</time> · 3 min read"#
        );
    }
}
