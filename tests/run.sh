#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests against real registries and real
# `dotnet publish -t:PublishContainer` runs. Installs what is missing first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/tests/prerequisites.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/SimpleContainer.Security.Build.sln" -c Release -nodeReuse:false
status=0
for project in SimpleContainer.Security.Tests SimpleContainer.Security.IntegrationTests; do
  dotnet test "$root/tests/$project/$project.csproj" -c Release --no-build -nodeReuse:false --logger "console;verbosity=normal" || status=1
done
exit $status
