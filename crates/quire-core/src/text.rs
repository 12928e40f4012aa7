//! Small text rules shared by the app and the CLI: plain text of HTML,
//! reading time and the wording of comment counts.

/// Average adult silent-reading speed, in words per minute.
pub const WORDS_PER_MINUTE: usize = 230;

/// The text of an HTML fragment: each tag becomes a space, and the five
/// entities that escaping produces are decoded. For counting and comparing
/// text, never for rendering.
pub fn plain_text(html: &str) -> String {
    let mut in_tag = false;
    let mut text = String::with_capacity(html.len());
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Words in an HTML fragment, ignoring tags.
pub fn word_count(html: &str) -> usize {
    plain_text(html).split_whitespace().count()
}

/// Whole minutes to read `words`, at least one.
pub fn reading_minutes(words: usize) -> u32 {
    words.div_ceil(WORDS_PER_MINUTE).max(1) as u32
}

/// "1 min read", "7 min read".
pub fn reading_label(minutes: u32) -> String {
    format!("{} min read", minutes.max(1))
}

/// The heading above comments, worded as WordPress does.
pub fn comments_heading(count: usize, title: &str) -> String {
    match count {
        0 => format!("Be the first to comment on “{title}”"),
        1 => format!("One thought on “{title}”"),
        n => format!("{n} thoughts on “{title}”"),
    }
}

/// A letter or digit of any script.
///
/// With the `unicode` feature (the CLI, which validates content at build
/// time) this is exact. Without it (the app) it is exact for ASCII and
/// accepts any other character outside the Latin-1, General and CJK
/// punctuation blocks: Unicode's letter tables would cost the app ~2 KB of
/// wasm to re-check what the build already checked.
pub fn is_word_char(c: char) -> bool {
    if cfg!(feature = "unicode") {
        c.is_alphanumeric()
    } else {
        c.is_ascii_alphanumeric() || is_other_script(c)
    }
}

/// [`is_word_char`] without uppercase letters (slugs).
pub fn is_lower_word_char(c: char) -> bool {
    if cfg!(feature = "unicode") {
        c.is_ascii_digit() || (c.is_alphabetic() && !c.is_uppercase())
    } else {
        c.is_ascii_lowercase() || c.is_ascii_digit() || is_other_script(c)
    }
}

fn is_other_script(c: char) -> bool {
    c > '\u{BF}'
        && !('\u{2000}'..='\u{206F}').contains(&c)
        && !('\u{3000}'..='\u{303F}').contains(&c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn word_characters_of_any_script() {
        use super::{is_lower_word_char, is_word_char};
        for c in ['a', 'Z', '7', 'é', 'ש', '語'] {
            assert!(is_word_char(c), "{c}");
        }
        for c in [' ', '.', '<', '"', '“', '—', '\u{3000}'] {
            assert!(!is_word_char(c), "{c}");
            assert!(!is_lower_word_char(c), "{c}");
        }
        assert!(is_lower_word_char('ß') && !is_lower_word_char('A'));
        if cfg!(feature = "unicode") {
            assert!(!is_lower_word_char('É'));
        }
    }

    use super::*;

    #[test]
    fn counts_words_outside_tags() {
        assert_eq!(
            word_count("<p>Hello <em>big</em>\nworld</p><img alt=\"x y z\">"),
            3
        );
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(231), 2);
        assert_eq!(reading_label(4), "4 min read");
    }

    #[test]
    fn words_comment_headings_like_wordpress() {
        assert_eq!(comments_heading(1, "Tea"), "One thought on “Tea”");
        assert_eq!(comments_heading(12, "Tea"), "12 thoughts on “Tea”");
        assert!(comments_heading(0, "Tea").contains("first"));
    }
}
