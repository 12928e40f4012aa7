//! An article's entry in a listing.

use quire_core::markup;
use quire_core::{Site, Summary};

use super::page::format_date;
use crate::app::url;

/// One article's card (markup shared with the static home page the CLI
/// writes: [`markup::card_html`]).
pub fn card_html(out: &mut String, summary: &Summary, site: &Site) {
    markup::card_html(
        out,
        summary,
        site,
        &url(&summary.permalink()),
        &format_date(summary.ymd(), &site.language),
    );
}

pub use quire_core::markup::untitled;
