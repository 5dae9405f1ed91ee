#!/usr/bin/env bash
# Checks the Azure description in infra/ with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64, pinned in
# infra/BicepTools.proj): restores it, then builds and lints main.bicep and main.bicepparam and checks they are
# formatted as `bicep format` writes them. Any diagnostic, warning or error, fails the check. Bicep runs offline
# (--no-restore: the template uses only built-in resource types, no registry modules). Prints one line per step.
set -euo pipefail
cd "$(dirname "$0")/.."

proj=infra/BicepTools.proj
version=$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$proj")
[ -n "$version" ] || { echo "bicep: no pinned Azure.Bicep.CommandLine.linux-x64 version in $proj" >&2; exit 1; }
[ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] || { echo "bicep: the pinned CLI is linux-x64; this is $(uname -s)/$(uname -m)" >&2; exit 1; }

dotnet restore "$proj" --verbosity quiet
packages=$(dotnet msbuild "$proj" -getProperty:NuGetPackageRoot)
bicep="${packages%/}/azure.bicep.commandline.linux-x64/${version}/tools/bicep"
[ -f "$bicep" ] || { echo "bicep: $bicep is missing after restore" >&2; exit 1; }
[ -x "$bicep" ] || chmod +x "$bicep"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0

# Runs one bicep command; fails on a non-zero exit or on any diagnostic it prints.
check() {
  local what="$1"; shift
  local log="$out/log"
  if "$bicep" "$@" >"$log" 2>&1 && ! grep -qE ': (Warning|Error|Info) ' "$log"; then
    echo "bicep: $what: ok"
  else
    cat "$log" >&2
    echo "bicep: $what: FAILED" >&2
    failed=1
  fi
}

# The parameters file reads the secrets from the environment; placeholders stand in for them here.
export SENDGRID_API_KEY=placeholder TASK_TOKEN_KEY=cGxhY2Vob2xkZXItcGxhY2Vob2xkZXItcGxhY2Vob2xkZXI= MASTER_KEY=placeholder-master-key FUNCTION_KEYS=placeholder-function-key-1,placeholder-function-key-2

check "lint infra/main.bicep" lint --no-restore infra/main.bicep
check "build infra/main.bicep" build --no-restore infra/main.bicep --outdir "$out"
check "lint infra/main.bicepparam" lint --no-restore infra/main.bicepparam
check "build-params infra/main.bicepparam" build-params --no-restore infra/main.bicepparam --outfile "$out/main.parameters.json"
for f in infra/main.bicep infra/main.bicepparam; do
  if "$bicep" format "$f" --stdout | diff -u "$f" - >"$out/format.diff"; then
    echo "bicep: format $f: ok"
  else
    cat "$out/format.diff" >&2
    echo "bicep: format $f: FAILED (run: $bicep format $f)" >&2
    failed=1
  fi
done

[ -s "$out/main.json" ] || { echo "bicep: build wrote no infra/main.json" >&2; failed=1; }
if [ "$failed" -ne 0 ]; then
  echo "bicep ${version}: infra/ check FAILED" >&2
  exit 1
fi
echo "bicep ${version}: infra/ builds and lints clean"
