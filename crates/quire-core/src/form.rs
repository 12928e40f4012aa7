//! The "Leave a Reply" form's rules, with WordPress's fields and limits, and
//! the words the form uses about time ("saved 3 minutes ago").

/// The fields of the comment form, in the order they are shown (the first
/// field with an error takes focus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Comment,
    Name,
    Email,
    Website,
}

impl Field {
    /// The `id`/`name` of the field's input.
    pub fn id(self) -> &'static str {
        match self {
            Field::Comment => "comment",
            Field::Name => "author",
            Field::Email => "email",
            Field::Website => "url",
        }
    }

    /// Longest value WordPress accepts, in characters.
    pub fn max_chars(self) -> usize {
        match self {
            Field::Comment => 65_525,
            Field::Name => 245,
            Field::Email => 100,
            Field::Website => 200,
        }
    }
}

/// What the reader typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentInput {
    pub comment: String,
    pub name: String,
    pub email: String,
    pub website: String,
}

/// One field's problem, worded for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// Every problem with the form, in field order (empty when it can be sent).
pub fn validate(input: &CommentInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut check = |field: Field, value: &str, required: &str| {
        let value = value.trim();
        let message = if value.is_empty() {
            (!required.is_empty()).then(|| required.to_owned())
        } else if value.chars().count() > field.max_chars() {
            Some(format!(
                "This is too long: at most {} characters.",
                field.max_chars()
            ))
        } else {
            match field {
                Field::Email if !looks_like_email(value) => {
                    Some("Enter an email address like name@example.org.".to_owned())
                }
                Field::Website if !looks_like_web_address(value) => Some(
                    "Enter a web address starting with http:// or https://, or leave it empty."
                        .to_owned(),
                ),
                _ => None,
            }
        };
        if let Some(message) = message {
            errors.push(FieldError { field, message });
        }
    };
    check(Field::Comment, &input.comment, "Write a comment.");
    check(Field::Name, &input.name, "Enter your name.");
    check(Field::Email, &input.email, "Enter your email address.");
    check(Field::Website, &input.website, "");
    errors
}

/// `local@domain.tld`, without spaces: the shape browsers' `type=email` and
/// WordPress's `is_email` both demand.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// An `http` or `https` address with a host.
pub fn looks_like_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// "just now", "1 minute ago", "3 hours ago", "yesterday", "5 days ago":
/// how long ago `then` was at `now` (both in milliseconds since the epoch).
pub fn ago(now: u64, then: u64) -> String {
    let minutes = now.saturating_sub(then) / 60_000;
    let (n, unit) = match minutes {
        0 => return "just now".to_owned(),
        m if m < 60 => (m, "minute"),
        m if m < 24 * 60 => (m / 60, "hour"),
        m if m < 2 * 24 * 60 => return "yesterday".to_owned(),
        m => (m / (24 * 60), "day"),
    };
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(comment: &str, name: &str, email: &str, website: &str) -> CommentInput {
        CommentInput {
            comment: comment.into(),
            name: name.into(),
            email: email.into(),
            website: website.into(),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<Field> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_form_passes() {
        assert_eq!(validate(&input("Nice.", "Ana", "ana@example.org", "")), []);
        assert_eq!(
            validate(&input(
                "Nice.",
                "Ana",
                "ana@mail.example.org",
                "https://ana.example/blog"
            )),
            []
        );
    }

    #[test]
    fn required_fields_are_reported_in_form_order() {
        let errors = validate(&input("  ", "", "", ""));
        assert_eq!(fields(&errors), [Field::Comment, Field::Name, Field::Email]);
        assert_eq!(errors[0].message, "Write a comment.");
    }

    #[test]
    fn wordpress_limits_apply() {
        let at_limit = "x".repeat(245);
        assert_eq!(validate(&input("c", &at_limit, "a@b.co", "")), []);
        let errors = validate(&input(&"c".repeat(65_526), &"x".repeat(246), "a@b.co", ""));
        assert_eq!(fields(&errors), [Field::Comment, Field::Name]);
        assert_eq!(
            errors[1].message,
            "This is too long: at most 245 characters."
        );
        let long_email = format!("{}@example.org", "a".repeat(90));
        assert_eq!(
            fields(&validate(&input("c", "n", &long_email, ""))),
            [Field::Email]
        );
        let long_url = format!("https://example.org/{}", "a".repeat(190));
        assert_eq!(
            fields(&validate(&input("c", "n", "a@b.co", &long_url))),
            [Field::Website]
        );
    }

    #[test]
    fn email_and_website_need_their_shapes() {
        for bad in [
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "a b@example.org",
            "ana@.org",
            "ana@example.",
            "a@b@c.org",
            "ana@ex..org",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
        for good in [
            "ana@example.org",
            "a.b+tag@mail.example.co.uk",
            "שלום@example.org",
        ] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in [
            "example.org",
            "javascript:alert(1)",
            "ftp://example.org",
            "https://",
            "https:// example.org",
            "data:text/html,x",
        ] {
            assert!(!looks_like_web_address(bad), "{bad}");
        }
        for good in ["http://example.org", "HTTPS://Example.org/path?q#f"] {
            assert!(looks_like_web_address(good), "{good}");
        }
    }

    #[test]
    fn time_is_worded_like_a_person_would() {
        let m = 60_000;
        assert_eq!(ago(10 * m, 10 * m), "just now");
        assert_eq!(ago(10 * m, 10 * m - 59_000), "just now");
        assert_eq!(ago(10 * m, 9 * m), "1 minute ago");
        assert_eq!(ago(10 * m, 7 * m), "3 minutes ago");
        assert_eq!(ago(200 * m, 80 * m), "2 hours ago");
        assert_eq!(ago(3000 * m, 3000 * m - 30 * 60 * m), "yesterday");
        assert_eq!(ago(20_000 * m, 20_000 * m - 5 * 24 * 60 * m), "5 days ago");
        assert_eq!(ago(0, 5), "just now", "a clock that went backwards");
    }
}
