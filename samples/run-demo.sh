#!/usr/bin/env bash
# The main job, end to end on one machine with no Docker: installs what is missing, starts a local registry,
# seeds a base image, packs SimpleContainer.Security.Build, makes a key pair with sc, publishes samples/HelloApi as a
# container with security on (samples/Directory.Build.props: SBOM, vulnerability gate against a database built from
# samples/advisories, signature), prints where the artifacts are and the scan summary, and
# verifies the signature. The registry is stopped at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.sc-demo"
bash "$root/tests/prerequisites.sh" --demo   # the .NET SDK and a registry: nothing else
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER=1 MSBUILDDISABLENODEREUSE=1

rm -rf "$work" && mkdir -p "$work"
source "$root/tests/lib/local-registry.sh"
trap 'kill ${registry_pid:-0} 2>/dev/null || true' EXIT
start_local_registry "$work" warn
echo "registry:   http://$registry (pid $registry_pid)"

version="0.1.0-demo.$(date +%Y%m%d%H%M%S)"
dotnet pack "$root/src/SimpleContainer.Security.Build/SimpleContainer.Security.Build.csproj" -c Release -o "$root/artifacts/packages" "-p:Version=$version" -nodeReuse:false >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; exit 1; }
echo "package:    SimpleContainer.Security.Build $version"

dotnet build "$root/tests/SimpleContainer.Security.FixtureSeeder" -c Release -nodeReuse:false >"$work/seed-build.log" 2>&1 || { cat "$work/seed-build.log"; exit 1; }
base=$(dotnet "$root/tests/SimpleContainer.Security.FixtureSeeder/bin/Release/net10.0/SimpleContainer.Security.FixtureSeeder.dll" "$registry")
echo "base image: $base"

dotnet build "$root/src/SimpleContainer.Security.Cli" -c Release -nodeReuse:false >"$work/cli-build.log" 2>&1 || { cat "$work/cli-build.log"; exit 1; }
sc=(dotnet "$root/src/SimpleContainer.Security.Cli/bin/Release/net10.0/sc.dll")
export COSIGN_PASSWORD=demo-password   # a throw-away key for the demo; real keys' passwords come from CI secrets
"${sc[@]}" generate-key-pair --output-key-prefix "$work/cosign" >/dev/null
echo "key pair:   $work/cosign.key, $work/cosign.pub"

# The vulnerability database the scan reads: here from the OSV records in samples/advisories (real advisories); CI
# would run `sc db update --source https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip …` and cache it.
export SC_VULNERABILITY_DB="$work/vulndb"
"${sc[@]}" db update --source "$root/samples/advisories" >/dev/null
"${sc[@]}" db status

export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry" SC_PACKAGE_VERSION="$version"
dotnet publish "$root/samples/HelloApi/HelloApi.csproj" -c Release -t:PublishContainer -nodeReuse:false \
  "-p:ContainerBaseImage=$base" "-p:ContainerRegistry=$registry" -p:ContainerImageTag=demo \
  "-p:ScSigningKey=$work/cosign.key" "-p:ScSbomFormat=cyclonedx-json%3Bspdx-json"

artifacts="$root/samples/HelloApi/obj/Release/net10.0/sc-security"
echo
echo "artifacts:  $artifacts"
ls -l "$artifacts"
echo
cat "$artifacts/image.json"
echo
cat "$artifacts/scan.md"
echo
"${sc[@]}" image verify --image "$registry/samples/hello-api:demo" --key "$work/cosign.pub"
