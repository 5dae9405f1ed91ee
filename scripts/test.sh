#!/usr/bin/env bash
# Sets up and runs every test on a clean machine: restores npm tooling (Azurite, started by the tests themselves
# on free loopback ports, and the durable-functions client) and NuGet packages, checks infra/ with Bicep
# (scripts/bicep.sh) and the deployment package (scripts/package.sh), runs the whole suite, and
# prints the totals as "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The browser test drives Debian's Chromium through chromedriver; install both when missing
# (with apt, as root or through passwordless sudo), and a Chinese font, without which the kept screenshots show boxes.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  if command -v apt-get >/dev/null && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
    echo "Installing Chromium and chromedriver for the browser test..."
    # A failed install must not stop the other tests; the browser test then fails and says why.
    { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei; } >/dev/null \
      || echo "warning: installing chromium, chromium-driver and fonts-wqy-microhei failed; the browser test will fail" >&2
  else
    echo "warning: /usr/bin/chromium or /usr/bin/chromedriver is missing; the browser test will fail (apt-get install chromium chromium-driver)" >&2
  fi
fi

results="$(pwd)/TestResults"
rm -rf "$results" Functions.Tests/bin/Release/*/screenshots
mkdir -p "$results"

# The Azure description in infra/ must build and lint clean with the pinned Bicep CLI from NuGet. It runs beside the
# build (mostly restore and start-up waits); its outcome is printed after the tests and fails the command, but it is
# not counted among the tests below.
bash scripts/bicep.sh >"$results/infra.log" 2>&1 &
bicep_pid=$!

# One build of the whole solution; the package check and both test assemblies then reuse it instead of each
# building again (about a minute each on 2 cores).
status=0
dotnet build EduFlows.sln -c Release --nologo -v quiet "-clp:NoSummary;ErrorsOnly" || status=$?

# The deployment package (dotnet publish Functions) must hold what Azure's host loads; scripts/package.sh checks it,
# beside the tests (which spend their time waiting on Azurite and timers), writing to its own log.
package_pid=""
if [ "$status" -eq 0 ]; then
  bash scripts/package.sh --no-build >"$results/package.log" 2>&1 &
  package_pid=$!
fi

if [ "$status" -eq 0 ]; then
  # The two test assemblies run side by side: most of their time is spent waiting on Azurite, timers and child
  # processes, not on the CPU, so together they take little more than the longer one. Each writes its own log
  # (kept in TestResults/), printed when both have ended, so the two outputs do not interleave.
  pids=()
  for project in DurableTask.Tests Functions.Tests; do
    dotnet test "$project" -c Release --no-build --logger "trx;LogFilePrefix=$project" --logger "console;verbosity=minimal" \
      --results-directory "$results" "$@" >"$results/$project.console.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || status=$?
  done
  for project in DurableTask.Tests Functions.Tests; do
    cat "$results/$project.console.log"
  done
fi

# The browser tests keep their screenshots beside the test assembly (Chromium.Save); copy them into TestResults/ so
# CI keeps them with the logs, passed or failed.
for screenshots in Functions.Tests/bin/Release/*/screenshots; do
  [ -d "$screenshots" ] || continue
  mkdir -p "$results/screenshots"
  cp -r "$screenshots/." "$results/screenshots/"
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

infra_status=0
wait "$bicep_pid" || infra_status=$?
cat "$results/infra.log"
if [ -n "$package_pid" ]; then
  wait "$package_pid" || infra_status=$?
  cat "$results/package.log"
fi

if [ "$infra_status" -ne 0 ]; then
  echo "infra or package check failed: bash scripts/bicep.sh and bash scripts/package.sh say why" >&2
  [ "$status" -ne 0 ] || status=$infra_status
fi
echo "${passed} passed, ${failed} failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
