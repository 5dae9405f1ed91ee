#!/usr/bin/env bash
# The reliability suite (issue 16) in full: fuzz, tokens, privacy, chaos and load probes against the app run by the
# local host in a process of its own (own Azurite on free ports, own SendGrid-compatible mail catcher). Writes
# Reliability/results/latest.md and latest.json. Options: --fast (the CI subset), --only fuzz,tokens, --seed N.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build Reliability -c Release -nologo -v quiet "-clp:NoSummary;ErrorsOnly"
exec dotnet Reliability/bin/Release/net10.0/EduFlows.Reliability.dll "$@"
