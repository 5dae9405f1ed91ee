#!/usr/bin/env bash
# Sets up and runs the app on a fresh machine: restores npm tooling, starts Azurite on its default ports
# (unless one is already listening), and runs the local Functions host (LocalHost/, Core Tools' role) with the function app on http://127.0.0.1:7071.
# The host prints "EduFlows 已就绪 ready: ..." once it serves with the demo county loaded (first start: about a minute).
#   --reset   start from a fresh demo: deletes this script's Azurite data (.azurite/) first; everything run so far is gone.
# Other arguments go to the host (e.g. --urls).
set -euo pipefail
cd "$(dirname "$0")/.."

reset=false
if [ "${1:-}" = "--reset" ]; then
  reset=true
  shift
fi

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

[ -f local.settings.json ] || cp local.settings.example.json local.settings.json

azurite_pid=""
if (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
  if $reset; then
    echo "--reset: an Azurite this script did not start listens on 127.0.0.1:10000, so its data cannot be reset here; stop it and run again." >&2
    exit 1
  fi
else
  if $reset; then
    rm -rf .azurite
    echo "--reset: .azurite/ deleted; the demo county loads afresh."
  fi
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --skipApiVersionCheck --disableTelemetry --location .azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
  azurite_pid=$!
  trap '[ -n "$azurite_pid" ] && kill "$azurite_pid" 2>/dev/null' EXIT
  for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && break
    sleep 0.2
  done
  echo "Azurite started (blob 10000, queue 10001, table 10002), data in .azurite/, its log in .azurite/azurite.log"
fi

# Built first, quietly: the restore's NU1603 notes (harmless) would otherwise fill the screen; errors are shown.
echo "Building EduFlows..."
mkdir -p .azurite
if ! dotnet build LocalHost -c Release -nologo -v quiet >.azurite/build.log 2>&1; then
  grep -E "error" .azurite/build.log >&2 || cat .azurite/build.log >&2
  exit 1
fi

# Development: the dev clock, the dev mailbox (/dev/mail) and mail to it instead of SendGrid.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet run --no-build --project LocalHost -c Release -- --urls "${ASPNETCORE_URLS:-http://127.0.0.1:7071}" "$@"
