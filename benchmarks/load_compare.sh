#!/usr/bin/env bash
# The mixed load, production layout vs runserver, in one command (docs/operations.md, "Measured figures"):
#
#   benchmarks/load_compare.sh                     # defaults below; ~10 min on a quiet 2-core machine
#   USERS=4,8,16 SECONDS_EACH=60 benchmarks/load_compare.sh
#
# 1. starts deploy/prod.sh (gunicorn, task worker, index follower; config.django.production, Redis cache and
#    sessions) on 127.0.0.1:$PROD_PORT and `manage.py runserver` (config.django.local, DEBUG off) on
#    127.0.0.1:$RUNSERVER_PORT, both on the PostgreSQL database $DB (created with the demo data when missing:
#    ~4 min the first time), and waits until both answer;
# 2. prepares fresh draft claims for "application submit" (benchmarks/deadline_peak.py --prepare);
# 3. runs benchmarks/load.py: each target at each number of users, a warm-up then SECONDS_EACH measured
#    seconds (locust in var/locust-venv, created on first use), printing per route p50/p95, errors,
#    req/s and per core, the server's and the database backends' CPU, requests per CPU-second, the load
#    client's CPU and the load average, then where throughput peaked and the ratios;
# 4. stops both servers (also on Ctrl+C). Only 127.0.0.1. Drop the database afterwards if you want:
#    dropdb -h 127.0.0.1 -U postgres $DB
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
DB=${DB:-kc_s18load_bench}
PROD_PORT=${PROD_PORT:-8120}
RUNSERVER_PORT=${RUNSERVER_PORT:-8121}
USERS=${USERS:-4,8,16}
SECONDS_EACH=${SECONDS_EACH:-60}
REDIS_DB=${REDIS_DB:-2}
STATE=${STATE:-/tmp/kc-load-compare}
mkdir -p "$STATE"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export KECHUANG_MEDIA_ROOT=$STATE/media KECHUANG_MATCHING_INDEX_DIR=$STATE/index

PIDS=()
stop() {
    trap - INT TERM EXIT
    [ ${#PIDS[@]} -eq 0 ] || kill -TERM "${PIDS[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    echo "load_compare: servers stopped" >&2
}
trap stop EXIT
trap 'exit 130' INT TERM

DJANGO_SETTINGS_MODULE=config.django.production KECHUANG_PROD_DEMO=1 KECHUANG_WEB_BIND=127.0.0.1:$PROD_PORT \
    KECHUANG_CACHE_URL=redis://127.0.0.1:6379/$REDIS_DB KECHUANG_PROD_DIR=$STATE/prod \
    DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_SECURE_HSTS_SECONDS=0 \
    KECHUANG_REQUIRE_2FA_FOR_STAFF=false DJANGO_LOG_LEVEL=WARNING deploy/prod.sh >"$STATE/prod.out" 2>&1 &
PIDS+=($!)
wait_for() { # wait_for <url> <seconds>
    for _ in $(seq 1 "$2"); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 1
    done
    echo "load_compare: $1 did not answer (logs in $STATE)" >&2
    return 1
}
wait_for "http://127.0.0.1:$PROD_PORT/healthz" 900
# the indexes stamped, so /readyz is green (the demo loader builds them without a stamp)
"$PY" manage.py market_index --rebuild >"$STATE/index-rebuild.out" 2>&1
DJANGO_SETTINGS_MODULE=config.django.local DJANGO_DEBUG=false DJANGO_LOG_LEVEL=WARNING \
    "$PY" manage.py runserver "127.0.0.1:$RUNSERVER_PORT" --noreload >"$STATE/runserver.out" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$RUNSERVER_PORT/healthz" 300
wait_for "http://127.0.0.1:$PROD_PORT/readyz" 120

"$PY" benchmarks/deadline_peak.py --url "http://127.0.0.1:$PROD_PORT" --database-url "$DATABASE_URL" \
    --claims 3000 --clients 20 --prepare "$STATE/drafts.json" 2>/dev/null | tail -1
"$PY" -u benchmarks/load.py --target "prod=http://127.0.0.1:$PROD_PORT" \
    --target "runserver=http://127.0.0.1:$RUNSERVER_PORT" --users "$USERS" --seconds "$SECONDS_EACH" \
    --drafts "$STATE/drafts.json" --database "$DB"
