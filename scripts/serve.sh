#!/usr/bin/env bash
# Serve the portal on 127.0.0.1:8000 together with its django-q2 worker; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDR=${ADDR:-127.0.0.1:8000}
$PY manage.py qcluster &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Portal: http://$ADDR/   member centre: http://$ADDR/member/   admin: http://$ADDR/admin/"
$PY manage.py runserver "$ADDR"
