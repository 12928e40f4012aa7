# Quire — the two commands:
#   make serve   installs what is missing, builds the sample site, serves it
#   make test    installs what is missing, runs every test
# Both are idempotent. BASE sets the path the site is served under, in one
# place: trunk's public_url (<base href>) and site.json's base_path follow it.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

BASE ?= /
# The site's source content (the CLI turns it into public/data).
CONTENT ?= content
DIST ?= dist
PORT ?= 8080
# The Isso comment server `make serve` runs next to the site, and the
# e2e tests' one. COMMENTS, when set, is written into site.json.
ISSO_PORT ?= 8081
E2E_COMMENTS := http://127.0.0.1:8633
COMMENTS ?=
# The site's public origin (https://news.example.org): canonical links,
# absolute feed links and sitemap.xml. `make serve` sets its own.
URL ?=

.PHONY: setup content build dist-blog dist-next dist-wordpress serve test test-native test-e2e lint bench bench-scale clean

setup:
	@scripts/setup.sh

content:
	cargo run --quiet --release -p quire-cli -- build $(CONTENT) --out public --base $(BASE) $(if $(COMMENTS),--comments $(COMMENTS)) $(if $(URL),--url $(URL))

# The release build users deploy. WASM_SIZE: three code-size switches that
# are nightly-only, used on the pinned stable compiler through RUSTC_BOOTSTRAP
# and only for this build (std rebuilt with immediate-abort panics, no panic
# locations, no Debug formatting): about 13 KB brotli. ARCHITECTURE.md "Size"
# says why and what to do if a compiler release drops one of them.
WASM_SIZE := RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components \
  -Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"

build: setup content
	$(WASM_SIZE) trunk build --release --offline --public-url $(BASE) --dist $(DIST)

# Serves the sample site with a local Isso (database under target/isso-serve),
# so posting a comment works at once.
serve:
	$(MAKE) --no-print-directory build COMMENTS=http://127.0.0.1:$(ISSO_PORT) URL=http://127.0.0.1:$(PORT)
	@scripts/serve.sh $(DIST) $(BASE) 127.0.0.1:$(PORT) 127.0.0.1:$(ISSO_PORT)

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p quire-app -- -D warnings

test-native:
	cargo test --workspace

# Two release builds: at the domain root and under /blog/.
dist-blog:
	$(MAKE) --no-print-directory build BASE=/blog/ DIST=dist-blog

# WordPress's theme unit test export, imported and built as a site of its
# own (target/dist-wordpress): tests/wordpress.spec.ts opens every entry.
WP_EXPORT ?= crates/quire-cli/tests/fixtures/wordpress/themeunittestdata.wordpress.xml
dist-wordpress:
	rm -rf target/content-wordpress
	cargo run --quiet --release -p quire-cli -- import wordpress $(WP_EXPORT) --out target/content-wordpress
	$(MAKE) --no-print-directory build CONTENT=target/content-wordpress BASE=/ DIST=target/dist-wordpress

# A second deploy, at both bases, from slightly changed content (a new
# tagline and article title): the update tests swap it in under a reader
# who has the first one.
dist-next:
	rm -rf target/content-next && cp -r content target/content-next
	sed -i 's/"tagline": "Slow news,/"tagline": "Slower news,/' target/content-next/site.json
	sed -i 's/^title: The case for slow news$$/title: The case for slow news, revised/' \
	  target/content-next/articles/the-case-for-slow-news.md
	grep -q '"Slower news,' target/content-next/site.json
	grep -q '^title: The case for slow news, revised$$' target/content-next/articles/the-case-for-slow-news.md
	$(MAKE) --no-print-directory build CONTENT=target/content-next BASE=/ DIST=target/dist-next
	$(MAKE) --no-print-directory build CONTENT=target/content-next BASE=/blog/ DIST=target/dist-blog-next

test-e2e:
	$(MAKE) --no-print-directory build BASE=/ DIST=dist COMMENTS=$(E2E_COMMENTS)
	$(MAKE) --no-print-directory dist-blog COMMENTS=$(E2E_COMMENTS)
	$(MAKE) --no-print-directory dist-next COMMENTS=$(E2E_COMMENTS)
	$(MAKE) --no-print-directory dist-wordpress
	$(MAKE) --no-print-directory content BASE=/
	cd end2end && npx playwright test

test: setup lint test-native test-e2e
	@scripts/bench-size.sh dist --budget

# The side-by-side benchmark against static HTML (bench/bench.mjs): cold,
# warm and offline loads, bytes, memory, Lighthouse. Prints markdown tables
# with each target's verdict; results in bench-results/. RUNS=7 LH_RUNS=7.
bench: build
	@scripts/bench-size.sh dist
	@[ -f bench/node_modules/lighthouse/package.json ] || npm ci --prefix bench --no-audit --no-fund
	node bench/bench.mjs dist

# The content build at scale (ARTICLES generated articles: cold, unchanged,
# one edit) and page loads of that site against the sample site.
ARTICLES ?= 100000
bench-scale: build
	@scripts/bench-build.sh $(ARTICLES)

clean:
	rm -rf dist dist-blog public/data public/media target/e2e
