#!/usr/bin/env bash
# Checks the deployment package: `dotnet publish Functions` must produce what zip deploy (or `func azure functionapp
# publish`) uploads to a Function App: the worker and its entry assembly, worker.config.json, functions.metadata
# listing every function, the extensions folder the Azure host loads (.azurefunctions) and host.json. It must not
# carry the local host, our storage provider or a local.settings.json. Prints one line; fails on anything missing.
# Arguments go to dotnet publish (scripts/test.sh passes --no-build after building the solution).
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish Functions -c Release -o "$out/publish" --nologo --verbosity quiet "$@" >"$out/log" 2>&1 || { cat "$out/log" >&2; echo "package: dotnet publish Functions failed" >&2; exit 1; }

problems=()
for f in EduFlows.Functions.dll worker.config.json functions.metadata host.json extensions.json .azurefunctions/Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.dll .azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll; do
  [ -e "$out/publish/$f" ] || problems+=("missing $f")
done
for f in EduFlows.LocalHost.dll EduFlows.DurableTask.dll local.settings.json; do
  [ ! -e "$out/publish/$f" ] || problems+=("should not ship $f")
done
grep -q '"dotnet-isolated"' "$out/publish/functions.metadata" 2>/dev/null || problems+=("functions.metadata lists no dotnet-isolated function")
grep -q '"EduFlows.Functions.dll"' "$out/publish/worker.config.json" 2>/dev/null || problems+=("worker.config.json does not start EduFlows.Functions.dll")

if [ ${#problems[@]} -gt 0 ]; then
  printf 'package: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "package: dotnet publish Functions: ok ($(grep -c '"entryPoint"' "$out/publish/functions.metadata") functions, $(du -sh "$out/publish" | cut -f1))"
