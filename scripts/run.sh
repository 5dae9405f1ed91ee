#!/usr/bin/env bash
# Sets up and runs the app on a fresh machine: restores npm tooling, starts Azurite on its default ports
# (unless one is already listening), and runs the local Functions host (LocalHost/, Core Tools' role) with the function app on http://127.0.0.1:7071.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

[ -f local.settings.json ] || cp local.settings.example.json local.settings.json

azurite_pid=""
if ! (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --skipApiVersionCheck --disableTelemetry --location .azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  azurite_pid=$!
  trap '[ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null' EXIT
  for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && break
    sleep 0.2
  done
  echo "Azurite started (blob 10000, queue 10001, table 10002), data in .azurite/"
fi

# Development: the dev clock, the dev mailbox (/dev/mail) and mail to it instead of SendGrid.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet run --project LocalHost -c Release -- --urls "${ASPNETCORE_URLS:-http://127.0.0.1:7071}" "$@"
