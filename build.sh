#!/usr/bin/env bash
# Ditto's one entry point. Run `./build.sh --help`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD

usage() {
  cat <<'USAGE'
Usage: ./build.sh [COMMAND] [OPTIONS]

Commands:
  (none), build   Install what is missing (wasm32 target, wasm-bindgen-cli at the
                  pinned version, wasm-opt if available), build the engine to wasm
                  and write dist/chrome/, dist/firefox/, their zips and dist/www/.
  test            Build, then run every check: cargo test, clippy, fmt, web-ext lint
                  and the end-to-end suite in real Chromium and Firefox ESR.
                  Installs the browsers and npm test packages when missing.
                  Ends with "N passed, M failed".
  serve           Build and serve the playground (dist/www) on 127.0.0.1.
                  --port N   port to listen on (default 8080)
  eval [DIR]      Engine quality: precision/recall on a labelled set made from the
                  real pages in DIR (default ../shared/corpus/pages).
  bench [DIR]     Engine speed, native (criterion), wasm in Node, and wasm in a
                  page of headless Chromium and Firefox; then the budget's yardstick
                  on the same paragraphs: MinHash + LSH in Python (rensa,
                  datasketch, installed in target/bench-venv).
  bench pageload [DIR]  What Ditto costs a page load: build, then load each page
                  of DIR (default ../shared/corpus/pages) alternately without the
                  extension, with it, and on a site where it is off, in Chromium and
                  Firefox: added main-thread time, DCL to first highlight, longest
                  task, heap, wasm memory (per page, median, p90).
                  --runs N (4)  --pages K (24)  --dist DIR  --browsers chromium,firefox
  bench trace [DIR]  Where that time goes (Chromium performance trace): Ditto's
                  main-thread tasks split into script evaluation, wasm, its
                  JavaScript, forced style and layout, GC; and the whole main thread
                  where on minus where off.  --runs N (2)  --pages K (8)  --dist DIR
  bench stages [DIR]  What each stage of a page load adds (Chromium): builds whose
                  content scripts stop after the starter, after evaluating the
                  bundle, after starting without analysing, and the whole, each
                  on minus off.  --runs N (4)  --pages K (12)
  bench profile [DIR]  Ditto's JavaScript per page load, sampled by the CPU profiler
                  (Chromium): per page, and the functions it spends most in.
                  --runs N (2)  --pages K (12)  --top N (20)  --builds NAME=DIR,...
  bench memory    Build the engine, then time the memory of pages read with 100,000
                  paragraphs: a page's lookup, recording, storing, loading, its size.
  sweep [DIR]     Build, then open every page in DIR (default ../shared/corpus/pages)
                  in Chromium and Firefox with the extension: per page blocks,
                  repeats, items collapsed, analysis time, longest task; fails on
                  extension errors or extension network requests.
                  --browser chromium|firefox   one browser only
  judge [DIR…]    Build, then load every page of each DIR (default the shared corpus
                  pages and aggregators) in Chromium and Firefox with the extension and
                  score what Ditto collapses and highlights against tests/labels/:
                  collapse precision and recall, highlight precision, highlights in
                  code, and every collapse or highlight the labels do not know.
                  --browser chromium|firefox   one browser only
                  --dist DIR                   judge another build (DIR/chrome, DIR/firefox)
  screenshot      Build, then write docs/playground.png (the playground in Chromium).
  -h, --help      This help.
USAGE
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

WASM_TARGET=wasm32-unknown-unknown
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || die "Cargo.toml must pin wasm-bindgen with '=X.Y.Z'"
export PATH="$HOME/.cargo/bin:$PATH"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

APT_UPDATED=
apt_install() {
  command -v apt-get >/dev/null || return 1
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq || return 1; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_toolchain() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    say "adding Rust target $WASM_TARGET"
    rustup target add "$WASM_TARGET" || die "could not add $WASM_TARGET: run rustup target add $WASM_TARGET"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 10 minutes, once)"
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" \
      || die "could not install wasm-bindgen-cli: run cargo install wasm-bindgen-cli --version =$WASM_BINDGEN_VERSION"
  fi
  if ! command -v wasm-opt >/dev/null; then
    say "installing binaryen (wasm-opt)"
    apt_install binaryen || true
  fi
}

file_size() { stat -c %s "$1"; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.1f MiB", b/1048576; else printf "%.1f KiB", b/1024 }'; }

build_engine() {
  say "building the engine (release, $WASM_TARGET)"
  cargo build --release --lib --target "$WASM_TARGET"
  local raw=target/$WASM_TARGET/release/ditto.wasm out=target/wasm-web
  rm -rf "$out" && mkdir -p "$out"
  # wasm-opt runs on rustc's output, before wasm-bindgen: binaryen 108 (Debian's)
  # misnumbers table exports when a module has two tables, and wasm-bindgen adds
  # a second one (its externref table); one-table input round-trips correctly.
  # -O1, not -O3: binaryen 108's -O2 and up inline rustc's already optimised
  # code into functions V8 runs about 35% slower (measured A/B in one Node
  # process: engine 3.3 µs/paragraph at -O1 or unoptimised, 4.5 at -O2/-O3/-Os);
  # -O1 keeps that speed and still trims the module.
  if command -v wasm-opt >/dev/null; then
    wasm-opt -O1 --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-simd \
      -o target/ditto.opt.wasm "$raw"
    raw=target/ditto.opt.wasm
  else
    echo "notice: wasm-opt not found (apt-get install binaryen); the wasm is not optimised"
  fi
  wasm-bindgen --target web --no-typescript --out-name ditto_core --out-dir "$out" "$raw"
  # Callers import engine/ditto.js (js/ditto.js: the packing wrapper around
  # wasm-bindgen's ditto_core.js) and load engine/ditto_bg.wasm.
  mv "$out/ditto_core_bg.wasm" "$out/ditto_bg.wasm"
  cp js/ditto.js "$out/ditto.js"
}

# dist/<browser>/: the extension tree, the engine, and the shared manifest
# merged with the browser's own part (extension/platform/<browser>.json).
package_extension() {
  local browser=$1 dir=dist/$1
  rm -rf "$dir" && mkdir -p "$dir"
  (cd extension && tar --exclude=./platform --exclude=./manifest.json -cf - .) | (cd "$dir" && tar -xf -)
  mkdir -p "$dir/engine" && cp target/wasm-web/ditto.js target/wasm-web/ditto_core.js target/wasm-web/ditto_bg.wasm "$dir/engine/"
  # The content script and the starter, bundled (bundle_content_scripts).
  bundle_content_scripts "$dir" full
  # The popup and options pages: one module each, with the npm packages they
  # use (tldts: the Public Suffix List) inside.
  for page in popup/popup.js options/options.js; do
    NODE_PATH=tools/node_modules tools/node_modules/.bin/esbuild "extension/$page" --bundle --format=esm --target=chrome105,firefox140 \
      --legal-comments=none --log-level=warning --outfile="$dir/$page" --allow-overwrite
  done
  rm "$dir/popup/i18n.js" "$dir/shared/domains.js"
  # The background: one module, with the idb wrapper for IndexedDB inside.
  NODE_PATH=tools/node_modules tools/node_modules/.bin/esbuild extension/background/background.js --bundle --format=esm \
    --target=chrome105,firefox140 --external:../engine/ditto.js --legal-comments=none --log-level=warning \
    --outfile="$dir/background/background.js" --allow-overwrite
  rm "$dir/background/read-memory.js"
  node -e '
    const fs = require("fs");
    const [base, platform, out] = process.argv.slice(1);
    const manifest = { ...JSON.parse(fs.readFileSync(base)), ...JSON.parse(fs.readFileSync(platform)) };
    fs.writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
  ' extension/manifest.json "extension/platform/$browser.json" "$dir/manifest.json"
  python3 - "$dir" "dist/ditto-$browser.zip" <<'PY'
import os, sys, zipfile
src, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in sorted(os.walk(src)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo(os.path.relpath(path, src), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
}

# The content scripts of the extension in DIR, whose content/ holds their
# sources (replaced by the bundles), stopping at STAGE (content/entry.js:
# 'full' in the extension, the others for benches/pageload-stages.mjs).
bundle_content_scripts() { # bundle_content_scripts DIR STAGE
  local dir=$1 stage=$2
  # The content script: one classic script with everything it imports (the
  # engine is the background's: content/engine-client.js).
  # Whitespace and syntax minified, names kept (a reviewer reads them as
  # written): a third less to load; evaluating it was about 1 ms less a page
  # load in a trace, within the runs' noise (pageload-trace.mjs).
  tools/node_modules/.bin/esbuild "$dir/content/entry.js" --bundle --minify-whitespace --minify-syntax --format=iife --target=chrome105,firefox140 \
    --define:DITTO_STAGE="\"$stage\"" --legal-comments=none --log-level=warning \
    --outfile="$dir/content/ditto.js" --allow-overwrite
  # The starter, the script registered in Chrome for the sites where Ditto is on
  # (content/start.js says why it is not the bundle itself); syntax minified,
  # so that the test of another stage folds away.
  tools/node_modules/.bin/esbuild "$dir/content/start.js" --bundle --minify-syntax --format=iife --target=chrome105,firefox140 \
    --define:DITTO_STAGE="\"$stage\"" --legal-comments=none --log-level=warning --outfile="$dir/content/start.js" --allow-overwrite
  rm "$dir/content/entry.js" "$dir/content/main.js" "$dir/content/engine-client.js" "$dir/content/answers.js"
}

# target/stages/STAGE/: the Chrome extension of dist/chrome, its content
# scripts stopping at STAGE (benches/pageload-stages.mjs).
package_stage() { # package_stage STAGE
  local dir=target/stages/$1
  rm -rf "$dir" && mkdir -p target/stages && cp -r dist/chrome "$dir"
  cp extension/content/*.js "$dir/content/"
  bundle_content_scripts "$dir" "$1"
}

# dist/www/: the playground, with the same engine and painting code.
package_playground() {
  rm -rf dist/www && mkdir -p dist/www
  cp -r www/. dist/www/
  mkdir -p dist/www/engine dist/www/shared dist/www/styles
  cp target/wasm-web/ditto.js target/wasm-web/ditto_core.js target/wasm-web/ditto_bg.wasm dist/www/engine/
  cp extension/shared/*.js dist/www/shared/
  cp extension/styles/*.css dist/www/styles/
}

# esbuild (tools/package.json), pinned by tools/package-lock.json.
ensure_build_tools() {
  command -v node >/dev/null || apt_install nodejs npm || die "node not found: run apt-get install nodejs npm"
  if [ ! -x tools/node_modules/.bin/esbuild ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
    say "installing the build tools (esbuild)"
    (cd tools && npm ci --no-audit --no-fund) || die "npm ci failed in tools/: check network access to the npm registry"
  fi
}

cmd_build() {
  ensure_toolchain
  ensure_build_tools
  build_engine
  mkdir -p dist
  package_extension chrome
  package_extension firefox
  package_playground
  say "built"
  printf '  %-26s %s\n' "engine wasm" "$(human "$(file_size target/wasm-web/ditto_bg.wasm)")"
  for browser in chrome firefox; do
    printf '  %-26s %s\n' "dist/ditto-$browser.zip" "$(human "$(file_size "dist/ditto-$browser.zip")")"
  done
}

# --- test -----------------------------------------------------------------

PASSED=0
FAILED=0
FAILURES=()
record() { # record NAME PASSED FAILED
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  if [ "$3" -gt 0 ]; then FAILURES+=("$1"); fi
}

# Runs a check that is one pass or one failure.
check() {
  local name=$1; shift
  say "$name"
  if "$@"; then record "$name" 1 0; else record "$name" 0 1; fi
}

ensure_test_deps() {
  command -v node >/dev/null || apt_install nodejs npm || die "node not found: run apt-get install nodejs npm"
  if ! command -v chromium >/dev/null; then
    say "installing chromium"
    apt_install chromium || die "chromium not found: run apt-get install chromium"
  fi
  if ! command -v firefox-esr >/dev/null; then
    say "installing firefox-esr"
    apt_install firefox-esr || die "firefox-esr not found: run apt-get install firefox-esr"
  fi
  # The right-to-left test runs both browsers in Arabic: Chromium's UI
  # strings for every locale, Firefox's Arabic language pack.
  if [ ! -f /usr/lib/chromium/locales/ar.pak ]; then
    say "installing chromium-l10n"
    apt_install chromium-l10n || die "Chromium's locales not found: run apt-get install chromium-l10n"
  fi
  if ! ls /usr/lib/firefox-esr/browser/extensions/langpack-ar@* >/dev/null 2>&1; then
    say "installing firefox-esr-l10n-ar"
    apt_install firefox-esr-l10n-ar || die "Firefox's Arabic language pack not found: run apt-get install firefox-esr-l10n-ar"
  fi
  if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    say "installing npm test packages"
    (cd tests && npm ci --no-audit --no-fund) || die "npm ci failed in tests/: check network access to the npm registry"
  fi
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
}

# Reads a runner's counts from its output ("test result: ok. N passed; M failed"
# for cargo, "# pass N" / "# fail M" for node --test, "N passed, M failed" for ours).
run_counted() {
  local name=$1 kind=$2; shift 2
  say "$name"
  local log; log=$(mktemp)
  set +e
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  local p f
  if [ "$kind" = node ]; then
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    p=${p:-0}; f=${f:-0}
  elif [ "$kind" = cargo ]; then
    p=$(sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
  else
    p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$log" | tail -n 1)
    p=${p:-0}; f=${f:-0}
  fi
  rm -f "$log"
  # A runner that crashed before counting still counts as a failure.
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record "$name" "$p" "$f"
}

cmd_test() {
  cmd_build
  ensure_test_deps
  # Not --all-targets: the benchmark needs the real-page corpus, which CI may lack.
  run_counted "cargo test" cargo cargo test --lib --tests --examples
  run_counted "engine in wasm and extension units (node --test)" node node --test tests/wasm/ tests/unit/
  check "cargo clippy" cargo clippy --all-targets -- -D warnings
  check "cargo clippy (wasm32)" cargo clippy --lib --target "$WASM_TARGET" -- -D warnings
  check "cargo fmt --check" cargo fmt --check
  check "web-ext lint (dist/firefox)" \
    tests/node_modules/.bin/web-ext lint --source-dir dist/firefox --self-hosted --no-input
  run_counted "end-to-end (Chromium, Firefox ESR)" e2e node tests/e2e/run.mjs
  echo
  if [ "${#FAILURES[@]}" -gt 0 ]; then echo "failed: ${FAILURES[*]}"; fi
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

cmd_serve() {
  local port=8080
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=${2:?--port needs a number}; shift 2 ;;
      --port=*) port=${1#--port=}; shift ;;
      *) die "serve: unknown option $1 (see ./build.sh --help)" ;;
    esac
  done
  cmd_build
  say "playground at http://127.0.0.1:$port/ (Ctrl-C stops)"
  exec node tools/static-server.mjs --dir dist/www --port "$port"
}

cmd_sweep() {
  cmd_build
  ensure_test_deps
  node tests/e2e/sweep.mjs "$@"
}

cmd_judge() {
  cmd_build
  ensure_test_deps
  node tests/judge/judge.mjs "$@"
}

cmd_eval() {
  cargo run --release --example eval -- "${1:-../shared/corpus/pages}"
}

cmd_bench() {
  if [ "${1:-}" = memory ]; then
    shift
    ensure_toolchain
    build_engine
    say "the memory of pages read: 100,000 paragraphs"
    node benches/memory_bench.mjs --engine target/wasm-web "$@"
    return
  fi
  if [ "${1:-}" = stages ]; then
    shift
    [ -z "${1:-}" ] || [ "${1#--}" != "$1" ] || [ -d "$1" ] || die "no folder $1: pass the folder of saved pages (./build.sh bench stages DIR)"
    cmd_build
    ensure_test_deps
    for stage in $(node benches/lib/stages.mjs); do package_stage "$stage"; done
    say "page load, stage by stage: what each step of Ditto's start costs"
    node benches/pageload-stages.mjs "$@"
    return
  fi
  if [ "${1:-}" = profile ]; then
    shift
    [ -z "${1:-}" ] || [ "${1#--}" != "$1" ] || [ -d "$1" ] || die "no folder $1: pass the folder of saved pages (./build.sh bench profile DIR)"
    cmd_build
    ensure_test_deps
    say "page load, profiled: where Ditto's JavaScript spends its time"
    node benches/pageload-profile.mjs "$@"
    return
  fi
  if [ "${1:-}" = pageload ] || [ "${1:-}" = trace ]; then
    local what=$1
    shift
    [ -z "${1:-}" ] || [ "${1#--}" != "$1" ] || [ -d "$1" ] || die "no folder $1: pass the folder of saved pages (./build.sh bench $what DIR)"
    cmd_build
    ensure_test_deps
    if [ "$what" = pageload ]; then
      say "page load: without Ditto, with it, and where it is off"
      node benches/pageload.mjs "$@"
    else
      say "page load, traced: what Ditto's main-thread tasks spend their time on"
      node benches/pageload-trace.mjs "$@"
    fi
    return
  fi
  local dir=${1:-../shared/corpus/pages}
  [ -d "$dir" ] || die "no folder $dir: pass the folder of saved pages (./build.sh bench DIR)"
  ensure_toolchain
  build_engine
  say "native (criterion)"
  DITTO_CORPUS=$dir cargo bench --bench engine
  say "wasm in Node"
  node benches/wasm_bench.mjs "$dir" --engine target/wasm-web
  ensure_test_deps
  say "wasm in the browsers"
  node benches/browser_bench.mjs "$dir" --engine target/wasm-web
  say "reference: MinHash + LSH in Python"
  if ensure_reference_venv; then
    target/bench-venv/bin/python benches/minhash_reference.py "$dir"
  else
    echo "notice: could not install $REFERENCE_PACKAGES from PyPI into target/bench-venv; reference skipped"
  fi
}

# The budget's yardstick (benches/minhash_reference.py), pinned so that its
# figures stay comparable from one run to the next.
REFERENCE_PACKAGES="rensa==0.5.0 datasketch==2.0.0 numpy==2.4.6 scipy==1.17.1"
ensure_reference_venv() {
  local venv=target/bench-venv
  if [ -f "$venv/.installed" ] && [ "$(cat "$venv/.installed")" = "$REFERENCE_PACKAGES" ]; then return 0; fi
  rm -rf "$venv"
  python3 -m venv "$venv" >/dev/null || return 1
  # shellcheck disable=SC2086 # one word per package
  "$venv/bin/pip" install --quiet --disable-pip-version-check $REFERENCE_PACKAGES || return 1
  echo "$REFERENCE_PACKAGES" > "$venv/.installed"
}

case ${1:-build} in
  build) cmd_build ;;
  test) shift; cmd_test "$@" ;;
  serve) shift; cmd_serve "$@" ;;
  eval) shift; cmd_eval "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  sweep) shift; cmd_sweep "$@" ;;
  judge) shift; cmd_judge "$@" ;;
  screenshot) cmd_build; node tools/screenshot.mjs ;;
  -h|--help|help) usage ;;
  *) usage >&2; die "unknown command '$1'" ;;
esac
