//! `quire`: turns a content folder into the data files the reader fetches.
//! `quire --help` and `quire <command> --help` describe every command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quire_cli::check::check;
use quire_cli::{build, new_entry, write_schemas, BuildOptions, NewOptions};

/// Build a Quire site's data files from Markdown and JSON sources.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the content folder and write the site's data files.
    ///
    /// Reads CONTENT_DIR: site.json, articles/ and pages/ (Markdown `*.md`
    /// with front matter, or `*.json` in the content format), media/. Every
    /// problem is reported at once. Writes OUT/data/ (sharded listings, one
    /// file per article), OUT/media/, feeds at WordPress's addresses
    /// (OUT/feed/, OUT/feed/atom/, OUT/category/<slug>/feed/), and
    /// OUT/robots.txt and, with a url, OUT/sitemap.xml.
    ///
    /// Incremental: files whose bytes would not change are left alone, and
    /// files no longer produced are deleted. Sources are read in two
    /// streaming passes (summaries first, then each entry again), so memory
    /// grows with the number of entries, not their text. A progress bar
    /// shows on terminals for large sites.
    Build {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
        /// The site root to write into.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// The path the site is served under, e.g. / or /blog/.
        #[arg(long, default_value = "/")]
        base: String,
        /// The Isso comment server of this deployment (its http(s) address).
        #[arg(long, value_name = "URL")]
        comments: Option<String>,
        /// Also publish drafts and posts dated in the future (previews).
        #[arg(long)]
        drafts: bool,
        /// The site's public origin (https://news.example.org), overriding
        /// site.json's `url`: canonical links, feeds and the sitemap use it.
        #[arg(long)]
        url: Option<String>,
    },
    /// Start a new article (or page) as a Markdown draft.
    ///
    /// Writes CONTENT_DIR/articles/<slug>.md (pages/ with --page) with front
    /// matter to fill in, dated now and marked `draft: true`; prints its path.
    New {
        /// The title.
        title: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The slug (default: made from the title).
        #[arg(long)]
        slug: Option<String>,
        /// The author's slug (default: the first author in site.json).
        #[arg(long)]
        author: Option<String>,
        /// A static page rather than a dated article.
        #[arg(long)]
        page: bool,
    },
    /// Report every problem of a content folder or a built site, at once.
    ///
    /// DIR is a content folder (with site.json: its Markdown and JSON
    /// sources, drafts included) or a built site (with data/site.json: the
    /// JSON the app reads). Finds what `build` refuses (bad dates, unknown
    /// authors or terms, duplicate slugs, malformed files) and, in
    /// articles, links to addresses that do not exist on the site and
    /// images missing from media/. Exits 1 if there is any problem.
    Check {
        /// The folder to check.
        #[arg(default_value = "content")]
        dir: PathBuf,
    },
    /// Write a static entry page for every article and page of a built
    /// site, and its home page.
    ///
    /// SITE is a built site (shell.html, the app shell, and data/, e.g.
    /// dist/); writes SITE/<permalink>/index.html from its shell.html, with
    /// the article's title, description, canonical link, Open Graph and
    /// Twitter card tags and its text, and SITE/index.html with the first
    /// page of the home listing: for link previews, search engines, readers
    /// without JavaScript, and a first paint that does not wait for the
    /// app. `make build` runs it (scripts/post_build.py).
    Pages {
        /// The built site.
        site: PathBuf,
    },
    /// Print every source of a content folder as JSON, as the build reads it.
    ///
    /// A JSON array of {file, draft, article}: each article or page in the
    /// content format, its Markdown already turned into sanitized HTML,
    /// drafts and unpublished (pending, spam) comments included. For
    /// scripts, tests, and moving Markdown sources to other tools. Fails,
    /// reporting every problem, if a source is invalid.
    Dump {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
    },
    /// Write a synthetic content folder, for benchmarks and scale tests.
    ///
    /// N articles (Markdown sources, or JSON with --format json) with
    /// realistic spreads of length, headings and lists, comments (threads,
    /// some pending), categories and tags; the same --seed gives the same
    /// corpus. Build it like any content folder.
    Generate {
        /// How many articles.
        #[arg(long)]
        articles: usize,
        /// The content folder to create (new or empty).
        #[arg(long, default_value = "target/generated")]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The kind of source files.
        #[arg(long, value_enum, default_value_t)]
        format: quire_cli::generate::SourceFormat,
    },
    /// Turn another platform's export into a Quire content folder.
    #[command(subcommand)]
    Import(Import),
    /// Write the JSON Schemas of the content format.
    Schema {
        /// Where to write them.
        #[arg(long, default_value = "docs/schema")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum Import {
    /// Import a WordPress export (WXR 1.0–1.2, Tools → Export → All content).
    ///
    /// Writes OUT/site.json, OUT/articles/ and OUT/pages/ (JSON in the
    /// content format) with every published post and page and every
    /// approved comment in its thread; OUT/redirects.json (old `?p=ID`,
    /// `?page_id=ID` and page addresses, honoured by the app) and
    /// OUT/media-manifest.json (every image and attachment, where it is
    /// now). Drafts, scheduled, private and password-protected entries and
    /// unapproved comments are left out; a table at the end says what was
    /// imported, converted and skipped.
    Wordpress {
        /// The export file (.xml).
        export: PathBuf,
        /// The content folder to create (new or empty).
        #[arg(long, default_value = "content")]
        out: PathBuf,
        /// The old site's wp-content/uploads folder: images found there are
        /// copied into OUT/media/ and linked from there.
        #[arg(long, value_name = "DIR")]
        media: Option<PathBuf>,
        /// Also import password-protected posts and pages (their text
        /// becomes public).
        #[arg(long)]
        include_protected: bool,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build {
            content,
            out,
            base,
            comments,
            drafts,
            url,
        } => build(&BuildOptions {
            content,
            out,
            base,
            comments,
            drafts,
            url,
        })
        .map(|report| println!("{report}")),
        Command::New {
            title,
            content,
            slug,
            author,
            page,
        } => new_entry(&NewOptions {
            title,
            content,
            slug,
            author,
            page,
        })
        .map(|path| println!("{}", path.display())),
        Command::Schema { out } => write_schemas(&out),
        Command::Dump { content } => quire_cli::dump(&content).map(|sources| {
            println!(
                "{}",
                serde_json::to_string_pretty(&sources).expect("content types always serialize")
            )
        }),
        Command::Generate {
            articles,
            out,
            seed,
            format,
        } => quire_cli::generate::generate(&quire_cli::generate::GenerateOptions {
            articles,
            out: out.clone(),
            seed,
            format,
        })
        .map(|comments| {
            println!(
                "wrote {articles} articles with {comments} comments to {}",
                out.display()
            )
        }),
        Command::Pages { site } => {
            quire_cli::entry::write_entry_pages(&site).map(|n| println!("wrote {n} entry pages"))
        }
        Command::Import(Import::Wordpress {
            export,
            out,
            media,
            include_protected,
        }) => {
            let opts = quire_cli::wordpress::ImportOptions {
                export,
                out: out.clone(),
                media,
                include_protected,
            };
            match quire_cli::wordpress::import(&opts) {
                Ok(report) => {
                    print!("{report}");
                    println!(
                        "\nwrote {}; build it with: quire build {}",
                        out.display(),
                        out.display()
                    );
                    Ok(())
                }
                Err(quire_cli::wordpress::ImportError::Build(e)) => Err(e),
                Err(e) => Err(quire_cli::BuildError::New(e.to_string())),
            }
        }
        Command::Check { dir } => match check(&dir) {
            Ok(report) if report.problems.is_empty() => {
                println!("checked {} files: no problems", report.files);
                Ok(())
            }
            Ok(report) => Err(quire_cli::BuildError::Content(report.problems)),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
