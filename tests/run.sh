#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests against real registries and real
# `dotnet publish -t:PublishContainer` runs. Installs what is missing first. Ends with "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/tests/prerequisites.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/SimpleContainer.Security.Build.sln" -c Release -nodeReuse:false
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for project in SimpleContainer.Security.Tests SimpleContainer.Security.IntegrationTests; do
  dotnet test "$root/tests/$project/$project.csproj" -c Release --no-build -nodeReuse:false --logger "console;verbosity=normal" 2>&1 | tee -a "$log" || status=1
done
passed=$(awk '/^ +Passed: [0-9]+$/ {s+=$2} END {print s+0}' "$log")
failed=$(awk '/^ +Failed: [0-9]+$/ {s+=$2} END {print s+0}' "$log")
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
