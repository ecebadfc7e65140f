#!/usr/bin/env bash
# Kechuang's production layout on one machine, in one command (docs/operations.md, "Running it"):
#
#   deploy/prod.sh                  # migrate, collect static files, then run and supervise:
#                                   #   gunicorn (KECHUANG_WEB_WORKERS workers) on KECHUANG_WEB_BIND,
#                                   #   KECHUANG_TASK_WORKERS django-tasks database workers (db_worker),
#                                   #   the index follower (market_index --follow) of this node.
#   KECHUANG_PROD_DEMO=1 deploy/prod.sh   # also loads the demo data into an empty database (make prod)
#
# Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/kechuang — created when
# missing) and Redis (KECHUANG_CACHE_URL, default redis://127.0.0.1:6379/1): cache and sessions. Put nginx
# in front for TLS (deploy/nginx.conf). Ctrl+C or SIGTERM stops every process; if one of them dies, the
# others are stopped too and the script exits non-zero (run it under systemd with Restart=always).
# Everything it keeps is under KECHUANG_PROD_DIR (default var/prod): the generated secret key, logs,
# the prometheus multiprocess directory; media under KECHUANG_MEDIA_ROOT, indexes under
# KECHUANG_MATCHING_INDEX_DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
PY=${KECHUANG_PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
BIN=$(dirname "$PY")
STATE=${KECHUANG_PROD_DIR:-$ROOT/var/prod}
mkdir -p "$STATE/log"

export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.django.production}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kechuang}
export KECHUANG_CACHE_URL=${KECHUANG_CACHE_URL:-redis://127.0.0.1:6379/1}
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
export KECHUANG_TRUSTED_PROXIES=${KECHUANG_TRUSTED_PROXIES:-127.0.0.1}
export KECHUANG_METRICS_ALLOWED_IPS=${KECHUANG_METRICS_ALLOWED_IPS:-127.0.0.1,::1}
export DJANGO_LOG_FORMAT=${DJANGO_LOG_FORMAT:-json}
export KECHUANG_MEDIA_ROOT=${KECHUANG_MEDIA_ROOT:-$ROOT/var/media}
export KECHUANG_WEB_BIND=${KECHUANG_WEB_BIND:-127.0.0.1:8000}
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-$STATE/prometheus}
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    # generated once and kept (readable by this user only): changing it signs everyone out
    [ -s "$STATE/secret_key" ] || (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' >"$STATE/secret_key")
    DJANGO_SECRET_KEY=$(cat "$STATE/secret_key")
    export DJANGO_SECRET_KEY
fi
TASK_WORKERS=${KECHUANG_TASK_WORKERS:-1}

log() { printf '%s prod.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- the database: created when missing (PostgreSQL), then migrated ---------------------------------
if [[ $DATABASE_URL == postgres* ]]; then
    "$PY" - "$DATABASE_URL" <<'PYEOF'
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

url = urlsplit(sys.argv[1])
name = url.path.lstrip("/")
admin = urlunsplit(url._replace(path="/postgres"))
with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        print(f"created database {name}", file=sys.stderr)
PYEOF
fi
log "migrate"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_reference_data -v0 >/dev/null
if [ "${KECHUANG_PROD_DEMO:-0}" = 1 ]; then
    if [ "$("$PY" manage.py shell -c 'from kechuang.accounts.models import User; print(User.objects.filter(username="admin").exists())' 2>/dev/null | tail -1)" != True ]; then
        log "demo data (KECHUANG_PROD_DEMO=1; never on a real installation)"
        "$PY" manage.py demo_load --organizations "${KECHUANG_DEMO_ORGANIZATIONS:-3000}" \
            --apps "${KECHUANG_DEMO_APPS:-}" >"$STATE/log/demo_load.log"
    fi
fi
log "collectstatic"
"$PY" manage.py collectstatic --noinput -v0

# --- the processes ---------------------------------------------------------------------------------------
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
PIDS=()
start() { # start <name> <command...>
    local name=$1
    shift
    "$@" >>"$STATE/log/$name.log" 2>&1 &
    PIDS+=($!)
    log "started $name (pid $!): $*"
}
stop_all() {
    trap - INT TERM EXIT
    log "stopping ${#PIDS[@]} processes"
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
    log "stopped"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

start web "$BIN/gunicorn" -c deploy/gunicorn.conf.py config.wsgi:application
for i in $(seq 1 "$TASK_WORKERS"); do
    start "tasks-$i" "$PY" manage.py db_worker --queue-name '*' --interval 1 --worker-id "$(hostname)-$i"
done
start index-follower "$PY" manage.py market_index --follow --interval 1
echo $$ >"$STATE/prod.pid"
log "serving on http://$KECHUANG_WEB_BIND (logs in $STATE/log/; readiness: curl http://$KECHUANG_WEB_BIND/readyz)"

# Any process ending ends the layout (systemd restarts it as a whole).
set +e
wait -n "${PIDS[@]}"
status=$?
log "a process ended (status $status): stopping the others"
exit $((status == 0 ? 1 : status))
