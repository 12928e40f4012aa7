//! `quire check`: every problem of a content folder (sources) or a built
//! site (its `data/` JSON), reported at once, without writing anything.
//! Beyond what a build refuses, it finds links inside articles that lead
//! nowhere on the site, and images that are not in the media folder.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use quire_core::parse::parse;
use quire_core::route::{strip_base, ListingKind, Route};
use quire_core::{Article, ContentError, EntryKind, Listing, Site};

use crate::{io, read_sources, BuildError, BuildReport};

/// What `quire check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Source or data files read.
    pub files: usize,
    pub problems: Vec<ContentError>,
}

/// Checks `dir`: a content folder (it has `site.json`) or a built site (it
/// has `data/site.json`).
pub fn check(dir: &Path) -> Result<CheckReport, BuildError> {
    if dir.join("site.json").is_file() {
        check_sources(dir)
    } else if dir.join("data/site.json").is_file() {
        check_output(dir)
    } else {
        Err(BuildError::New(format!(
            "{} is neither a content folder (with site.json) nor a built site (with data/site.json)",
            dir.display()
        )))
    }
}

fn check_sources(dir: &Path) -> Result<CheckReport, BuildError> {
    let mut report = BuildReport::default();
    // Drafts too: they will be published one day.
    let sources = read_sources(dir, true, &mut report)?;
    let mut problems = sources.errors;
    crate::read_redirects(dir, &mut problems)?;
    if let Some(site) = &sources.site {
        let media = dir.join("media");
        check_all_links(site, &sources.entries, &media, &mut problems);
    }
    Ok(CheckReport {
        files: 1 + sources.entries.len(),
        problems,
    })
}

fn check_output(dir: &Path) -> Result<CheckReport, BuildError> {
    let data = dir.join("data");
    let mut problems = Vec::new();
    let mut files = 0;
    let read = |path: &Path| fs::read_to_string(path).map_err(io(path));
    let site_file = data.join("site.json");
    files += 1;
    let site = parse::<Site>(&site_file.display().to_string(), &read(&site_file)?)
        .map_err(|e| problems.push(e))
        .ok();
    let mut entries = Vec::new();
    for path in json_files(&data)? {
        if path == site_file {
            continue;
        }
        if path == data.join("redirects.json") {
            files += 1;
            crate::read_redirects(&data, &mut problems)?;
            continue;
        }
        files += 1;
        let name = path.display().to_string();
        let text = read(&path)?;
        let rel = path.strip_prefix(&data).unwrap_or(&path);
        let result = if rel.starts_with("articles") || rel.starts_with("pages") {
            parse::<Article>(&name, &text).map(|a| entries.push((name.clone(), a)))
        } else {
            parse::<Listing>(&name, &text).map(drop)
        };
        if let Err(e) = result {
            problems.push(e);
        }
    }
    if let Some(site) = &site {
        let media = dir.join("media");
        check_all_links(site, &entries, &media, &mut problems);
    }
    Ok(CheckReport { files, problems })
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(io(&d))?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Every `href`/`src` of an element in `html`, with the attribute's name.
pub fn links(html: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag = &rest[start + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let mut attrs = &tag[..end];
        rest = &tag[end..];
        // Skip the tag name, then read name=value pairs.
        attrs = attrs.trim_start_matches(|c: char| !c.is_whitespace());
        loop {
            attrs = attrs.trim_start();
            let name_end = attrs
                .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
                .unwrap_or(attrs.len());
            if name_end == 0 {
                if attrs.is_empty() {
                    break;
                }
                attrs = &attrs[1..];
                continue;
            }
            let name = &attrs[..name_end];
            attrs = attrs[name_end..].trim_start();
            let Some(after) = attrs.strip_prefix('=') else {
                continue;
            };
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], &body[(close + 1).min(body.len())..])
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
                out.push((
                    if name.eq_ignore_ascii_case("src") {
                        "src"
                    } else {
                        "href"
                    },
                    value,
                ));
            }
            attrs = next;
        }
    }
    out
}

/// Every article's links that lead nowhere on this site, and images
/// missing from the media folder. Links to other sites are not followed.
fn check_all_links(
    site: &Site,
    entries: &[(String, Article)],
    media: &Path,
    problems: &mut Vec<ContentError>,
) {
    // The addresses that exist, gathered once for all articles.
    let posts: HashSet<String> = entries
        .iter()
        .filter(|(_, a)| a.meta.kind == EntryKind::Post)
        .map(|(_, a)| a.meta.permalink().trim_matches('/').to_owned())
        .collect();
    let pages: HashSet<&str> = entries
        .iter()
        .filter(|(_, a)| a.meta.kind == EntryKind::Page)
        .map(|(_, a)| a.meta.slug.as_str())
        .collect();
    for (file, article) in entries {
        check_links(file, article, site, &posts, &pages, media, problems);
    }
}

/// One article's links, against the site's `posts` (permalinks without
/// slashes) and `pages` (slugs).
fn check_links(
    file: &str,
    article: &Article,
    site: &Site,
    posts: &HashSet<String>,
    pages: &HashSet<&str>,
    media: &Path,
    problems: &mut Vec<ContentError>,
) {
    let mut targets: Vec<(&str, &str)> = links(&article.body_html);
    if let Some(img) = &article.meta.featured_image {
        targets.push(("src", img.src.as_str()));
    }
    for (attr, raw) in targets {
        let value = raw.trim();
        let external = value.contains(':') || value.starts_with("//") || value.starts_with('#');
        if value.is_empty() || external {
            continue;
        }
        let path = value
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .trim_start_matches('/');
        // Links may carry the site's base path (`/blog/…`) or be relative to it.
        let path = strip_base(&format!("/{path}"), &site.base_path)
            .map(|p| p.trim_start_matches('/').to_owned())
            .unwrap_or_else(|| path.to_owned());
        let problem = if let Some(m) = path.strip_prefix("media/") {
            (!media.join(m).is_file())
                .then(|| format!("{attr}={value:?}: media/{m} is not in the media folder"))
        } else if attr == "src" {
            Some(format!(
                "src={value:?}: images must be under media/ or on another site"
            ))
        } else if path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
        {
            None // another file of the site (a feed, a download): not ours to judge
        } else {
            match Route::parse(&format!("/{path}")) {
                Route::Article { .. } => (!posts.contains(path.trim_end_matches('/')))
                    .then(|| format!("href={value:?}: no article has this address")),
                Route::Page { slug } => (!pages.contains(slug.as_str()))
                    .then(|| format!("href={value:?}: no page has this address")),
                Route::Listing(l) => {
                    let terms = match l.kind {
                        ListingKind::Category => Some(&site.categories),
                        ListingKind::Tag => Some(&site.tags),
                        _ => None,
                    };
                    match terms {
                        Some(t) if !t.iter().any(|t| t.slug == l.key) => {
                            Some(format!("href={value:?}: no such {}", l.kind.segment()))
                        }
                        _ if l.kind == ListingKind::Author && site.author(&l.key).is_none() => {
                            Some(format!("href={value:?}: no such author"))
                        }
                        _ => None,
                    }
                }
                Route::Drafts | Route::Saved => None,
                Route::NotFound => Some(format!(
                    "href={value:?}: no page of this site has this address"
                )),
            }
        };
        if let Some(reason) = problem {
            problems.push(ContentError::Invalid {
                file: file.to_owned(),
                path: "$.body_html".into(),
                reason,
            });
        }
    }
}
