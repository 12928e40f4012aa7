//! `quire`: turns a content folder into the data files the reader fetches.
//!
//! ```text
//! quire build [CONTENT_DIR] [--out DIR] [--base /blog/] [--comments URL]
//! quire schema [--out DIR]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use quire_cli::{build, write_schemas, BuildOptions};

const USAGE: &str = "\
quire: build a Quire site's data files

USAGE:
    quire build [CONTENT_DIR] [--out DIR] [--base PATH] [--comments URL]
        Reads CONTENT_DIR (default: content) — site.json, articles/*.json,
        pages/*.json, media/ — validates everything, and writes DIR/data/
        (default DIR: public) with sharded listings, plus DIR/media/.
        --base is the path the site is served under (default: /).
        --comments sets the Isso comment server of this deployment
        (site.json: comments.provider isso, comments.url URL).

    quire schema [--out DIR]
        Writes the JSON Schemas of the content format (default: docs/schema).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut out = None;
    let mut base = "/".to_owned();
    let mut comments = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--out" | "--base" | "--comments" if i + 1 >= args.len() => {
                eprintln!("error: {} needs a value\n\n{USAGE}", args[i]);
                return ExitCode::from(2);
            }
            "--out" => {
                out = Some(PathBuf::from(&args[i + 1]));
                i += 1;
            }
            "--base" => {
                base = args[i + 1].clone();
                i += 1;
            }
            "--comments" => {
                comments = Some(args[i + 1].clone());
                i += 1;
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            a if a.starts_with('-') => {
                eprintln!("error: unknown option {a}\n\n{USAGE}");
                return ExitCode::from(2);
            }
            a => positional.push(a.to_owned()),
        }
        i += 1;
    }
    let result = match positional.first().map(String::as_str) {
        Some("build") => {
            let content = positional
                .get(1)
                .map_or_else(|| PathBuf::from("content"), PathBuf::from);
            let opts = BuildOptions {
                content,
                out: out.unwrap_or_else(|| PathBuf::from("public")),
                base,
                comments,
            };
            build(&opts).map(|report| println!("{report}"))
        }
        Some("schema") => write_schemas(&out.unwrap_or_else(|| PathBuf::from("docs/schema"))),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
