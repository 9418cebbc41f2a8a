#!/usr/bin/env bash
# Idempotent set-up for `npm run test:queue`: Debian's redis-server and PostgreSQL, installed with apt-get
# when missing (the CI machine is fresh and runs as root). n8n itself comes from scripts/e2e-setup.sh.
# Prints, as its last line, the folder of PostgreSQL's server binaries (initdb, pg_ctl, postgres).
set -euo pipefail

log() { printf '[queue-setup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
  done
  return 1
}

missing=()
command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
pg_bindir >/dev/null || missing+=(postgresql)

if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  log "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3 4 5 6; do
    # Another set-up (Chromium for the E2E) may hold the dpkg lock: wait for it rather than fail.
    if $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null &&
      $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
      break
    fi
    [[ $attempt -eq 6 ]] && { log "apt-get install ${missing[*]} FAILED"; exit 1; }
    log "apt-get busy or failed (attempt $attempt); trying again in 10 s"
    sleep 10
  done
  # Debian's packages start system-wide services; the tests run their own servers on their own ports.
  if command -v service >/dev/null; then
    $sudo service redis-server stop >/dev/null 2>&1 || true
    $sudo service postgresql stop >/dev/null 2>&1 || true
  fi
fi

bindir=$(pg_bindir) || { log "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"; exit 1; }
log "redis: $(redis-server --version | head -1)"
log "postgres: $("$bindir/postgres" --version)"
echo "$bindir"
