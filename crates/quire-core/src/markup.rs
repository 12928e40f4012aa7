//! Markup shared by the app and the static pages the CLI writes: a listing's
//! article cards and its pager. Both render these from here, so a page the
//! app takes over shows the same markup before and after (no shift, no
//! flash), and each is written once.

use crate::paginate::{page_links, PageLink};
use crate::text::reading_label;
use crate::{Site, Summary};

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
