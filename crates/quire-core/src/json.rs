//! A small, strict JSON reader: text → [`Value`] → typed model.
//!
//! The app reads every content file through this module, and so does the CLI,
//! so both accept exactly the same files. It replaces serde_json on the read
//! path because, in the wasm, serde_json plus the derived deserializers cost
//! about a sixth of the app's size; this reader is a few kilobytes. Writing
//! stays with serde (the CLI), and a test checks that for every content file
//! this reader and serde's derived deserializers agree.
//!
//! Two kinds of failure, both precise:
//! - [`SyntaxError`]: not JSON; carries the line and column.
//! - [`Shape`]: JSON of the wrong shape; carries the JSON path (`$.items[3].date`)
//!   tracked while converting, so no second pass over the text is needed.

use std::fmt::Write as _;

/// A parsed JSON value. Numbers keep their text: the format only has whole
/// numbers, and parsing them on demand avoids pulling float parsing into the
/// wasm.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in document order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// What kind of value this is, for messages ("expected a string, found an array").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Text that is not well-formed JSON. Line and column are 1-based; the
/// column counts characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub reason: &'static str,
}

/// Deeper nesting than any content file needs; refusing it keeps hostile
/// input from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// Parses a whole JSON text (one value, surrounding whitespace allowed).
pub fn parse_value(text: &str) -> Result<Value, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected characters after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, reason: &'static str) -> SyntaxError {
        let pos = self.pos.min(self.bytes.len());
        // Back up to a character boundary so slicing cannot panic.
        let mut end = pos;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[..end];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        SyntaxError {
            line: before.bytes().filter(|&b| b == b'\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error("the file ends where a value was expected")),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                if depth >= MAX_DEPTH {
                    return Err(self.error("nested too deeply"));
                }
                self.pos += 1;
                let (close, missing) = if open == b'[' {
                    (b']', "expected `,` or `]`")
                } else {
                    (b'}', "expected `,` or `}`")
                };
                let mut items = Vec::new();
                let mut members = Vec::new();
                if !self.eat(close) {
                    loop {
                        if open == b'[' {
                            items.push(self.value(depth + 1)?);
                        } else {
                            self.skip_ws();
                            if self.peek() != Some(b'"') {
                                return Err(self.error("expected a member name in double quotes"));
                            }
                            let key = self.string()?;
                            if !self.eat(b':') {
                                return Err(self.error("expected `:`"));
                            }
                            members.push((key, self.value(depth + 1)?));
                        }
                        if self.eat(close) {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.error(missing));
                        }
                    }
                }
                Ok(if open == b'[' {
                    Value::Array(items)
                } else {
                    Value::Object(members)
                })
            }
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err(self.error("expected a digit")),
            n if leading_zero && n > 1 => {
                return Err(self.error("numbers cannot have leading zeros"))
            }
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(Value::Number(self.text[start..self.pos].to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error("expected four hex digits after \\u")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    /// A string starting at the opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Stops only at ASCII bytes, so this is a whole-character slice.
            out.push_str(&self.text[start..self.pos]);
            match self.peek() {
                None => return Err(self.error("the file ends inside a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self.peek();
                    self.pos += 1;
                    let c = match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code)
                                && self.bytes[self.pos..].starts_with(b"\\u")
                            {
                                self.pos += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.error("invalid surrogate pair"));
                                }
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            }
                            char::from_u32(code)
                                .ok_or_else(|| self.error("invalid unicode escape"))?
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("invalid escape"));
                        }
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.error("control character in a string")),
            }
        }
    }
}

/// Appends `s` to `out` as a JSON string literal (quoted and escaped).
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a string member after the first, `,"key":"value"`, to `out`.
pub fn push_member(out: &mut String, key: &str, value: &str) {
    let _ = write!(out, ",\"{key}\":");
    push_json_string(out, value);
}

/// Why a versioned stored value (`{"v": N, …}`) could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredError {
    /// Not JSON, or not the expected shape: what is wrong.
    Damaged(String),
    /// Another version than the one asked for (`None`: no version at all).
    Version(Option<u64>),
}

/// Reads data the app stored itself: an object whose `v` member must be
/// `version`, then the value as `T`.
pub fn read_versioned<T: FromJson>(text: &str, version: u32) -> Result<T, StoredError> {
    let value = parse_value(text).map_err(|e| StoredError::Damaged(e.reason.to_owned()))?;
    let found = match &value {
        Value::Object(members) => match members.iter().find(|(k, _)| k == "v") {
            Some((_, Value::Number(n))) => n.parse::<u64>().ok(),
            _ => None,
        },
        _ => None,
    };
    if found != Some(u64::from(version)) {
        return Err(StoredError::Version(found));
    }
    from_value(value).map_err(|e| StoredError::Damaged(format!("{}: {}", e.path, e.reason)))
}

/// A value of the wrong shape, located by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub path: String,
    pub reason: String,
}

/// Where the conversion is (the JSON path of the value being read), and the
/// first problem met.
///
/// Readers do not stop at a problem: they note it here and carry on with a
/// default value, and [`from_value`] reports the first one. Not unwinding
/// through `?` at every member keeps each reader small in the wasm.
pub struct Cx {
    path: String,
    error: Option<Shape>,
}

impl Cx {
    /// Notes a problem at the current path (only the first one is kept).
    pub fn fail(&mut self, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(Shape {
                path: self.path.clone(),
                reason: reason.into(),
            });
        }
    }

    fn expected(&mut self, what: &str, found: &Value) {
        self.fail(format!("expected {what}, found {}", found.kind()));
    }

    /// Reads `v` one level down (`.key` or `[index]`).
    fn nested<T: FromJson>(&mut self, v: Value, key: Option<&str>, index: usize) -> T {
        let len = self.path.len();
        match key {
            Some(k) => {
                self.path.push('.');
                self.path.push_str(k);
            }
            None => {
                let _ = write!(self.path, "[{index}]");
            }
        }
        let out = T::from_json(v, self);
        self.path.truncate(len);
        out
    }
}

/// A type that can be read from a JSON value. On a problem, the reader notes
/// it in `cx` and returns a default.
pub trait FromJson: Sized + Default {
    fn from_json(v: Value, cx: &mut Cx) -> Self;
}

/// Reads a whole value as `T`, starting at the path `$`.
pub fn from_value<T: FromJson>(v: Value) -> Result<T, Shape> {
    let mut cx = Cx {
        path: String::from("$"),
        error: None,
    };
    let value = T::from_json(v, &mut cx);
    match cx.error {
        Some(e) => Err(e),
        None => Ok(value),
    }
}

/// The members of an object, taken one by one; members never taken are
/// unknown fields and are ignored.
pub struct Obj(Vec<(String, Value)>);

impl Obj {
    /// The members of `v`; none if it is not an object (noted in `cx`).
    pub fn new(v: Value, cx: &mut Cx) -> Obj {
        match v {
            Value::Object(members) => Obj(members),
            other => {
                cx.expected("an object", &other);
                Obj(Vec::new())
            }
        }
    }

    fn take(&mut self, key: &str, cx: &mut Cx) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        let (_, v) = self.0.swap_remove(i);
        if self.0.iter().any(|(k, _)| k == key) {
            cx.fail(format!("duplicate field `{key}`"));
        }
        Some(v)
    }

    /// A required member.
    pub fn req<T: FromJson>(&mut self, key: &str, cx: &mut Cx) -> T {
        match self.take(key, cx) {
            Some(v) => cx.nested(v, Some(key), 0),
            None => {
                cx.fail(format!("missing field `{key}`"));
                T::default()
            }
        }
    }

    /// An optional member; absent and `null` both read as `None`.
    pub fn opt<T: FromJson>(&mut self, key: &str, cx: &mut Cx) -> Option<T> {
        match self.take(key, cx) {
            None | Some(Value::Null) => None,
            Some(v) => Some(cx.nested(v, Some(key), 0)),
        }
    }

    /// A member with a default for when it is absent (or `null`).
    pub fn or<T: FromJson>(&mut self, key: &str, cx: &mut Cx, default: T) -> T {
        self.opt(key, cx).unwrap_or(default)
    }
}

/// Any value, as it is (for members whose shape the reader checks itself).
impl FromJson for Value {
    fn from_json(v: Value, _: &mut Cx) -> Self {
        v
    }
}

impl FromJson for String {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        match v {
            Value::String(s) => s,
            other => {
                cx.expected("a string", &other);
                String::new()
            }
        }
    }
}

impl FromJson for bool {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        match v {
            Value::Bool(b) => b,
            other => {
                cx.expected("true or false", &other);
                false
            }
        }
    }
}

/// A whole number that fits `max`; one function for every integer type.
fn whole(v: Value, cx: &mut Cx, max: u64) -> u64 {
    match v {
        Value::Number(text) => match text.parse::<u64>() {
            Ok(n) if n <= max => n,
            _ => {
                cx.fail(format!(
                    "expected a whole number from 0 to {max}, found {text}"
                ));
                0
            }
        },
        other => {
            cx.expected("a whole number", &other);
            0
        }
    }
}

impl FromJson for u64 {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        whole(v, cx, u64::MAX)
    }
}

impl FromJson for u32 {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        whole(v, cx, u32::MAX.into()) as u32
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        match v {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| cx.nested(item, None, i))
                .collect(),
            other => {
                cx.expected("an array", &other);
                Vec::new()
            }
        }
    }
}

/// Reads a string naming one of a fixed set of values (a unit enum).
pub fn one_of<T: Copy + Default>(v: Value, cx: &mut Cx, choices: &[(&str, T)]) -> T {
    let s = String::from_json(v, cx);
    if let Some((_, value)) = choices.iter().find(|(name, _)| *name == s) {
        return *value;
    }
    let mut reason = format!("unknown value \"{s}\", expected one of");
    for (i, (name, _)) in choices.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        let _ = write!(reason, "{sep}\"{name}\"");
    }
    cx.fail(reason);
    T::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: &[(&str, Value)]) -> Value {
        Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v = parse_value(
            " {\"a\": [1, -2.5e3, true, false, null], \"b\": \"x\\n\\u00e9\\ud83d\\ude00\\\"/\", \"c\": {}} ",
        )
        .unwrap();
        assert_eq!(
            v,
            obj(&[
                (
                    "a",
                    Value::Array(vec![
                        Value::Number("1".into()),
                        Value::Number("-2.5e3".into()),
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                    ])
                ),
                ("b", Value::String("x\né😀\"/".into())),
                ("c", Value::Object(vec![])),
            ])
        );
        assert_eq!(
            parse_value("\"שָׁלוֹם\"").unwrap(),
            Value::String("שָׁלוֹם".into())
        );
    }

    #[test]
    fn syntax_errors_point_at_the_place() {
        let err = |text: &str| parse_value(text).unwrap_err();
        let e = err("{\n  \"a\": 1,\n  \"b\": }");
        assert_eq!((e.line, e.column, e.reason), (3, 8, "expected a value"));
        assert_eq!(err("[1, 2").reason, "expected `,` or `]`");
        assert_eq!(err("{\"a\" 1}").reason, "expected `:`");
        assert_eq!(
            err("{\"a\": 1,}").reason,
            "expected a member name in double quotes"
        );
        assert_eq!(err("[1,]").reason, "expected a value");
        assert_eq!(err("01").reason, "numbers cannot have leading zeros");
        assert_eq!(err("1.").reason, "expected a digit after the decimal point");
        assert_eq!(err("\"a\tb\"").reason, "control character in a string");
        assert_eq!(err("\"\\x\"").reason, "invalid escape");
        assert_eq!(err("\"abc").reason, "the file ends inside a string");
        assert_eq!(
            err("{} {}").reason,
            "unexpected characters after the JSON value"
        );
        assert_eq!(err("").reason, "the file ends where a value was expected");
        assert_eq!(err("tru").reason, "expected a value");
        // Columns count characters, not bytes.
        assert_eq!(err("\"é\" x").column, 5);
        let deep = "[".repeat(100_000);
        assert_eq!(err(&deep).reason, "nested too deeply");
    }

    #[derive(Debug, Default, PartialEq)]
    struct Point {
        x: u32,
        tags: Vec<String>,
        label: Option<String>,
    }

    impl FromJson for Point {
        fn from_json(v: Value, cx: &mut Cx) -> Self {
            let mut o = Obj::new(v, cx);
            Point {
                x: o.req("x", cx),
                tags: o.or("tags", cx, Vec::new()),
                label: o.opt("label", cx),
            }
        }
    }

    fn read(text: &str) -> Result<Vec<Point>, Shape> {
        from_value(parse_value(text).unwrap())
    }

    #[test]
    fn converts_with_defaults_and_ignores_unknown_members() {
        assert_eq!(
            read(r#"[{"x": 1, "extra": [1, {"y": 2}]}, {"x": 4294967295, "tags": ["a"], "label": null}]"#)
                .unwrap(),
            [
                Point { x: 1, tags: vec![], label: None },
                Point { x: u32::MAX, tags: vec!["a".into()], label: None },
            ]
        );
    }

    #[test]
    fn shape_errors_carry_the_json_path() {
        let err = |text: &str| {
            let e = read(text).unwrap_err();
            (e.path, e.reason)
        };
        assert_eq!(
            err(r#"[{"x": 1}, {"x": 2, "tags": ["a", 3]}]"#),
            (
                "$[1].tags[1]".into(),
                "expected a string, found a number".into()
            )
        );
        assert_eq!(err(r#"[{}]"#), ("$[0]".into(), "missing field `x`".into()));
        assert_eq!(
            err(r#"[{"x": -1}]"#),
            (
                "$[0].x".into(),
                "expected a whole number from 0 to 4294967295, found -1".into()
            )
        );
        assert_eq!(err(r#"[{"x": 4294967296}]"#).0, "$[0].x");
        assert_eq!(
            err(r#"[{"x": 1.5}]"#).1,
            "expected a whole number from 0 to 4294967295, found 1.5"
        );
        assert_eq!(
            err(r#"[{"x": 1, "x": 2}]"#),
            ("$[0]".into(), "duplicate field `x`".into())
        );
        assert_eq!(
            err(r#"{"x": 1}"#),
            ("$".into(), "expected an array, found an object".into())
        );
    }

    #[test]
    fn strings_are_written_back_exactly() {
        for s in [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            "\n\r\t\u{1}\u{1f}",
            "שָׁלוֹם 😀",
        ] {
            let mut out = String::new();
            push_json_string(&mut out, s);
            assert_eq!(parse_value(&out), Ok(Value::String(s.to_owned())), "{out}");
        }
    }

    #[test]
    fn unit_values_list_the_choices() {
        let e = from_value::<crate::model::Direction>(Value::String("up".into())).unwrap_err();
        assert_eq!(
            e.reason,
            "unknown value \"up\", expected one of \"ltr\", \"rtl\""
        );
    }
}
