//! The HTML allowlist policy. The app applies it to the browser's own parse of
//! article and comment HTML (so what is checked is exactly what would render);
//! the content pipeline applies the same lists. Anything not listed here is
//! removed: there is no denylist to forget an entry in.

/// Which allowlist applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowlist {
    /// Article and page bodies: text structure, images, tables, figures.
    Article,
    /// Comment bodies: WordPress's comment tags (links, emphasis, code,
    /// quotes, line breaks).
    Comment,
}

/// What to do with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementRule {
    /// Keep the element (with allowed attributes only).
    Keep,
    /// Drop the element but keep its sanitized children (`<font>`, `<center>`).
    Unwrap,
    /// Drop the element and everything inside it (`<script>`, `<iframe>`).
    Remove,
}

/// Elements whose content is never text for the reader, or is active.
const REMOVE: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "option",
    "link",
    "meta",
    "base",
    "title",
    "head",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "source",
    "track",
    "portal",
    "dialog",
    "slot",
    "xmp",
    "plaintext",
    "param",
];

const ARTICLE_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// WordPress's `$allowedtags` for comments, plus `p` and `pre` which comment
/// servers produce when they render Markdown.
const COMMENT_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "del",
    "em",
    "i",
    "p",
    "pre",
    "q",
    "s",
    "strike",
    "strong",
];

/// Attributes allowed on any kept element.
const GLOBAL_ATTRS: &[&str] = &["title", "lang", "dir"];

/// Attributes that hold a URL and must pass [`url_is_safe`].
const URL_ATTRS: &[&str] = &["href", "src", "cite"];

impl Allowlist {
    /// Every element this list keeps.
    pub fn kept(self) -> &'static [&'static str] {
        match self {
            Allowlist::Article => ARTICLE_TAGS,
            Allowlist::Comment => COMMENT_TAGS,
        }
    }

    /// Every element removed with its content.
    pub fn removed() -> &'static [&'static str] {
        REMOVE
    }

    /// The rule for an element, by lowercase tag name.
    pub fn element(self, tag: &str) -> ElementRule {
        let tags = match self {
            Allowlist::Article => ARTICLE_TAGS,
            Allowlist::Comment => COMMENT_TAGS,
        };
        if REMOVE.contains(&tag) {
            ElementRule::Remove
        } else if tags.contains(&tag) {
            ElementRule::Keep
        } else {
            ElementRule::Unwrap
        }
    }

    /// Whether a (lowercase) attribute may stay on a kept element. URL
    /// attributes must also pass [`url_is_safe`]; `style` and every `on*`
    /// handler are never allowed.
    pub fn attribute(self, tag: &str, attr: &str) -> bool {
        if GLOBAL_ATTRS.contains(&attr) {
            return true;
        }
        match self {
            Allowlist::Comment => matches!(
                (tag, attr),
                ("a", "href") | ("blockquote" | "q", "cite") | ("del", "datetime")
            ),
            Allowlist::Article => matches!(
                (tag, attr),
                (_, "id" | "class")
                    | ("a", "href" | "hreflang")
                    | (
                        "img",
                        "src" | "alt" | "width" | "height" | "loading" | "decoding"
                    )
                    | ("blockquote" | "q" | "del" | "ins", "cite")
                    | ("del" | "ins" | "time", "datetime")
                    | ("td" | "th", "colspan" | "rowspan" | "headers")
                    | ("th", "scope" | "abbr")
                    | ("col" | "colgroup", "span")
                    | ("ol", "start" | "reversed" | "type")
                    | ("li", "value")
                    | ("details", "open")
                    | ("abbr" | "dfn", "title")
            ),
        }
    }

    /// Whether the attribute's value is a URL to be checked.
    pub fn is_url_attribute(attr: &str) -> bool {
        URL_ATTRS.contains(&attr)
    }
}

/// Whether an `id` or `class` value is harmless: plain tokens only, and none
/// that could collide with the app's own ids (`quire-…`, `main`).
pub fn token_is_safe(value: &str) -> bool {
    value.split_ascii_whitespace().all(|t| {
        !t.starts_with("quire-")
            && t != "main"
            && t.chars()
                .all(|c| c == '-' || c == '_' || crate::text::is_word_char(c))
    })
}

/// Whether a URL may be followed or loaded: relative URLs, fragments, and the
/// `http`, `https`, `mailto` and `tel` schemes. Everything else, notably
/// `javascript:`, `vbscript:` and `data:`, is refused, including obfuscated
/// forms (`jav&#x09;ascript:` arrives here already decoded as `jav\tascript:`,
/// and browsers ignore tabs and newlines in URLs, so we do too).
pub fn url_is_safe(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) if slash < colon => true,
        (Some(colon), _) => matches!(&cleaned[..colon], "http" | "https" | "mailto" | "tel"),
        (None, _) => true,
    }
}

/// Whether a link leaves the site: an absolute http(s) URL (or a
/// protocol-relative one) to another host. Such links get
/// `rel="noopener noreferrer"`.
pub fn is_external(href: &str, own_host: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    let rest = if let Some(r) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        r
    } else if let Some(r) = lower.strip_prefix("//") {
        r
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    host != own_host.to_ascii_lowercase()
}

/// Where the bare web addresses in a piece of plain text are, as byte
/// ranges, for turning them into links (as WordPress's `make_clickable`
/// does for comments). An address starts with `http://`, `https://` or
/// `www.`, and ends before whitespace, `<`, a quote, or trailing
/// punctuation that belongs to the sentence (`.`, `,`, `)` without an
/// opening one, …).
pub fn find_bare_urls(text: &str) -> Vec<std::ops::Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &lower[i..];
        let starts = ["https://", "http://", "www."]
            .iter()
            .find(|p| rest.starts_with(**p))
            .filter(|_| {
                // Only at the start of a word.
                text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || "([{\"'".contains(c))
            });
        let Some(prefix) = starts else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut end = i + text[i..]
            .find(|c: char| c.is_whitespace() || "<>\"'`".contains(c))
            .unwrap_or(text.len() - i);
        // Trailing punctuation ends the sentence, not the address; a `)`
        // stays only if the address opened one.
        loop {
            let candidate = &text[i..end];
            let Some(last) = candidate.chars().next_back() else {
                break;
            };
            let unbalanced =
                last == ')' && candidate.matches('(').count() < candidate.matches(')').count();
            if ".,;:!?".contains(last) || unbalanced {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        if end - i > prefix.len() {
            out.push(i..end);
        }
        i = end.max(i + prefix.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_urls_are_found_without_sentence_punctuation() {
        let found = |text: &str| -> Vec<String> {
            find_bare_urls(text)
                .into_iter()
                .map(|r| text[r].to_owned())
                .collect()
        };
        assert_eq!(
            found("See https://example.org/a?b=1#c."),
            ["https://example.org/a?b=1#c"]
        );
        assert_eq!(
            found("(see http://en.wikipedia.org/wiki/Slow_(food)), and www.example.org!"),
            [
                "http://en.wikipedia.org/wiki/Slow_(food)",
                "www.example.org"
            ]
        );
        assert_eq!(
            found("שלום https://example.org/שלום, bye"),
            ["https://example.org/שלום"]
        );
        assert_eq!(
            found("no links: https:// or xhttp://a.b or mailto:x@y.z"),
            Vec::<String>::new()
        );
        assert_eq!(found("\"https://a.example\"<b>"), ["https://a.example"]);
    }

    #[test]
    fn active_content_is_removed_whole() {
        for tag in [
            "script", "iframe", "object", "embed", "style", "svg", "form", "template",
        ] {
            assert_eq!(
                Allowlist::Article.element(tag),
                ElementRule::Remove,
                "{tag}"
            );
            assert_eq!(
                Allowlist::Comment.element(tag),
                ElementRule::Remove,
                "{tag}"
            );
        }
        assert_eq!(Allowlist::Article.element("font"), ElementRule::Unwrap);
        assert_eq!(Allowlist::Article.element("figure"), ElementRule::Keep);
    }

    #[test]
    fn comments_get_the_narrow_list() {
        for tag in ["a", "em", "strong", "code", "blockquote", "q", "br", "del"] {
            assert_eq!(Allowlist::Comment.element(tag), ElementRule::Keep, "{tag}");
        }
        for tag in ["img", "table", "h2", "div", "span"] {
            assert_eq!(
                Allowlist::Comment.element(tag),
                ElementRule::Unwrap,
                "{tag}"
            );
        }
        assert!(!Allowlist::Comment.attribute("a", "class"));
        assert!(Allowlist::Comment.attribute("a", "href"));
    }

    #[test]
    fn no_handlers_or_styles_survive() {
        for list in [Allowlist::Article, Allowlist::Comment] {
            for attr in [
                "onclick",
                "onerror",
                "onload",
                "style",
                "srcdoc",
                "formaction",
                "xlink:href",
            ] {
                assert!(!list.attribute("img", attr), "{attr}");
                assert!(!list.attribute("a", attr), "{attr}");
            }
        }
        assert!(Allowlist::Article.attribute("img", "alt"));
        assert!(Allowlist::Article.attribute("td", "colspan"));
    }

    #[test]
    fn only_safe_url_schemes_pass() {
        for ok in [
            "https://a.org/x",
            "http://a.org",
            "/2026/01/01/x/",
            "x.png",
            "#top",
            "?q=1",
            "mailto:a@b.org",
            "tel:+123",
            "./a:b",
        ] {
            assert!(url_is_safe(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:image/svg+xml;base64,AAAA",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
        ] {
            assert!(!url_is_safe(bad), "{bad:?}");
        }
    }

    #[test]
    fn tells_external_links() {
        assert!(is_external("https://example.org/x", "quire.test"));
        assert!(is_external("//evil.test/", "quire.test"));
        assert!(is_external("https://quire.test@evil.test/", "quire.test"));
        assert!(!is_external("https://quire.test/2026/", "quire.test"));
        assert!(!is_external("/about/", "quire.test"));
        assert!(!is_external("mailto:a@b.c", "quire.test"));
    }

    #[test]
    fn ids_and_classes_cannot_clobber_the_app() {
        assert!(token_is_safe("aligncenter wp-image-5"));
        assert!(!token_is_safe("quire-main"));
        assert!(!token_is_safe("main"));
        assert!(!token_is_safe("x\" onmouseover=\"y"));
    }
}
