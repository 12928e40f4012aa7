//! Feeds and the sitemap: Atom and RSS 2.0 of the newest articles (and of
//! each category), `sitemap.xml` and `robots.txt`. They need absolute
//! addresses, so they are written only when the site has a `url`
//! (site.json, or `quire build --url`).

use quire_core::date::DateTime;
use quire_core::{Article, Site, Summary};

/// How many articles a feed carries.
pub const FEED_SIZE: usize = 20;

/// `&`, `<`, `>`, `"` and `'` as XML entities.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 822 (RSS) form of a timestamp, in UTC.
pub fn rfc822(t: &DateTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = t.unix_seconds();
    let utc = DateTime::from_unix_seconds(secs).unwrap_or_default();
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        DAYS[secs.div_euclid(86_400).rem_euclid(7) as usize],
        utc.date.day,
        MONTHS[utc.date.month as usize - 1],
        utc.date.year,
        utc.hour,
        utc.minute,
        utc.second
    )
}

/// The site's home address: its `url` (origin) and base path.
pub fn home(site: &Site, url: &str) -> String {
    format!("{}{}", url.trim_end_matches('/'), site.base_path)
}

/// Makes the relative `href`/`src` values of article HTML absolute (feed
/// readers have no `<base>`); `/…` values get the origin.
pub fn absolutize(html: &str, home: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['h', 's']) {
        let tail = &rest[at..];
        let attr = ["href=\"", "src=\""]
            .into_iter()
            .find(|a| tail.starts_with(a));
        let preceded = rest[..at].ends_with(char::is_whitespace);
        match attr {
            Some(a) if preceded => {
                out.push_str(&rest[..at + a.len()]);
                let value = &tail[a.len()..];
                let relative = !(value.starts_with('#')
                    || value.starts_with("//")
                    || value.split(['/', '"']).next().unwrap_or("").contains(':'));
                if relative {
                    out.push_str(if value.starts_with('/') { origin } else { home });
                }
                rest = value;
            }
            _ => {
                out.push_str(&rest[..at + 1]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn updated(a: &Article) -> DateTime {
    a.meta.modified.unwrap_or(a.meta.date)
}

/// An Atom feed of `articles` (newest first). `path` is the feed's own path
/// under the base (`atom.xml`), `title` its title.
pub fn atom(site: &Site, url: &str, path: &str, title: &str, articles: &[&Article]) -> String {
    let home = home(site, url);
    let origin = url.trim_end_matches('/');
    let newest = articles
        .iter()
        .map(|a| updated(a))
        .max_by_key(DateTime::unix_seconds)
        .unwrap_or_default();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n<title>{title}</title>\n<subtitle>{sub}</subtitle>\n<id>{home}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{home}{path}\"/>\n<updated>{newest}</updated>\n<generator>Quire</generator>\n",
        lang = xml(&site.language),
        title = xml(title),
        sub = xml(&site.tagline),
        home = xml(&home),
        path = xml(path),
    );
    for a in articles.iter().take(FEED_SIZE) {
        let m = &a.meta;
        let link = format!("{home}{}", m.permalink().trim_start_matches('/'));
        let author = site
            .author(&m.author)
            .map_or(m.author.as_str(), |a| a.name.as_str());
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{link}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
            xml(&m.title),
            m.date,
            updated(a),
            xml(author),
            link = xml(&link),
        ));
        for c in &m.categories {
            out.push_str(&format!(
                "<category term=\"{}\" label=\"{}\"/>\n",
                xml(c),
                xml(site.term_name(quire_core::route::ListingKind::Category, c))
            ));
        }
        if !m.excerpt.is_empty() {
            out.push_str(&format!("<summary>{}</summary>\n", xml(&m.excerpt)));
        }
        out.push_str(&format!(
            "<content type=\"html\">{}</content>\n</entry>\n",
            xml(&absolutize(&a.body_html, &home, origin))
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// An RSS 2.0 feed of `articles` (newest first).
pub fn rss(site: &Site, url: &str, path: &str, title: &str, articles: &[&Article]) -> String {
    let home = home(site, url);
    let origin = url.trim_end_matches('/');
    let newest = articles
        .iter()
        .map(|a| updated(a))
        .max_by_key(DateTime::unix_seconds)
        .unwrap_or_default();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>{title}</title>\n<link>{home}</link>\n<description>{sub}</description>\n<language>{lang}</language>\n<lastBuildDate>{date}</lastBuildDate>\n<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{home}{path}\"/>\n<generator>Quire</generator>\n",
        title = xml(title),
        home = xml(&home),
        sub = xml(&site.tagline),
        lang = xml(&site.language),
        date = rfc822(&newest),
        path = xml(path),
    );
    for a in articles.iter().take(FEED_SIZE) {
        let m = &a.meta;
        let link = xml(&format!("{home}{}", m.permalink().trim_start_matches('/')));
        let author = site
            .author(&m.author)
            .map_or(m.author.as_str(), |a| a.name.as_str());
        out.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{link}</link>\n<guid isPermaLink=\"true\">{link}</guid>\n<pubDate>{}</pubDate>\n<dc:creator>{}</dc:creator>\n",
            xml(&m.title),
            rfc822(&m.date),
            xml(author),
        ));
        for c in &m.categories {
            out.push_str(&format!(
                "<category>{}</category>\n",
                xml(site.term_name(quire_core::route::ListingKind::Category, c))
            ));
        }
        out.push_str(&format!(
            "<description>{}</description>\n<content:encoded>{}</content:encoded>\n</item>\n",
            xml(&m.excerpt),
            xml(&absolutize(&a.body_html, &home, origin))
        ));
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// `sitemap.xml`: the home page, every article and page, every category.
pub fn sitemap(site: &Site, url: &str, entries: &[&Summary]) -> String {
    let home = home(site, url);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    out.push_str(&format!("<url><loc>{}</loc></url>\n", xml(&home)));
    for a in entries {
        out.push_str(&format!(
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            xml(&format!("{home}{}", a.permalink().trim_start_matches('/'))),
            a.modified.unwrap_or(a.date)
        ));
    }
    for c in &site.categories {
        out.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            xml(&format!("{home}category/{}/", c.slug))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled except the reader's own pages;
/// names the sitemap when there is one.
pub fn robots(site: &Site, url: Option<&str>) -> String {
    let base = &site.base_path;
    let mut out = format!("User-agent: *\nDisallow: {base}drafts/\nDisallow: {base}saved/\n");
    if let Some(url) = url {
        out.push_str(&format!("\nSitemap: {}sitemap.xml\n", home(site, url)));
    }
    out
}
