//! An article's entry in a listing.

use quire_core::text::reading_label;
use quire_core::{Site, Summary};

use super::page::format_date;
use crate::app::url;
use crate::html::escape;

/// Title, byline, date, reading time and excerpt of one article, as
/// markup (every text escaped): a view tree per card cost more wasm.
pub fn card_html(out: &mut String, summary: &Summary, site: &Site) {
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
        escape(&url(&summary.permalink())),
        escape(&untitled(&summary.title)),
        summary.date,
        format_date(summary.ymd(), &site.language),
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

/// WordPress allows posts without a title; they still need link text.
pub fn untitled(title: &str) -> String {
    if title.trim().is_empty() {
        "(untitled)".to_owned()
    } else {
        title.to_owned()
    }
}
