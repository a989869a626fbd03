#!/usr/bin/env bash
# Measures `sc release create` on generated solutions of 3 and 9 console services (each sets ContainerRepository),
# warm (one release first restores and builds everything), against a local registry: sequential (--parallel 1)
# versus parallel (--parallel = cores, the default, and cores+1), N times each, interleaved. Prints the medians and
# the ratio parallel/sequential per size (the issue's target: <= 0.6 for 9 services), and the load average before each
# size (the numbers mean little on a machine busy with other work).
# Every stage runs (the stack's client.yaml sets security.enabled; signing uses a throw-away key). The scan matches
# against a database built once from samples/advisories and a generated Debian 12 record (bench-database.sh), with
# on-demand updates off: on a machine that cannot reach OSV, each publish would otherwise time the network's failures,
# which differ between the sequential and parallel runs (publishes that wait on the database lock while another fails
# skip the source it failed on).
# Usage: release.sh [N=3] [sizes="3 9"]
set -euo pipefail
runs=${1:-3}
sizes=${2:-"3 9"}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sc-bench-release-XXXXXX)
trap 'kill ${registry_pid:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
bash "$root/tests/prerequisites.sh" --demo
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER=1 MSBUILDDISABLENODEREUSE=1

source "$root/tests/lib/local-registry.sh"
start_local_registry "$work"

version="0.0.0-bench.$(date +%s)"
dotnet pack "$root/src/SimpleContainer.Security.Build" -c Release -o "$work/feed" "-p:Version=$version" >/dev/null
dotnet build "$root/src/SimpleContainer.Security.Cli" -c Release >/dev/null
dotnet build "$root/tests/SimpleContainer.Security.FixtureSeeder" -c Release >/dev/null
base=$(dotnet "$root/tests/SimpleContainer.Security.FixtureSeeder/bin/Release/net10.0/SimpleContainer.Security.FixtureSeeder.dll" "$registry")
sc() { dotnet "$root/src/SimpleContainer.Security.Cli/bin/Release/net10.0/sc.dll" "$@"; }
export COSIGN_PASSWORD=bench-pass DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry" CI=true
sc generate-key-pair --output-key-prefix "$work/cosign" >/dev/null 2>&1 || { echo "could not make a key" >&2; exit 2; }
source "$root/tests/benchmarks/bench-database.sh"
make_bench_database "$root/src/SimpleContainer.Security.Cli/bin/Release/net10.0/sc.dll" "$work"

make_solution() { # make_solution DIR COUNT
  local dir=$1 count=$2 i
  mkdir -p "$dir"
  cat > "$dir/Directory.Build.props" <<XML
<Project>
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><UseAppHost>false</UseAppHost>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ContainerRegistry>$registry</ContainerRegistry><ContainerBaseImage>$base</ContainerBaseImage>
    <ContainerRepository>bench/\$(MSBuildProjectName.ToLowerInvariant())</ContainerRepository>
    <ScSigningKey>$work/cosign.key</ScSigningKey>
  </PropertyGroup>
  <ItemGroup><PackageReference Include="SimpleContainer.Security.Build" Version="$version" /></ItemGroup>
</Project>
XML
  mkdir -p "$dir/.sc/stacks/bench"   # the stack the release names (-s bench -e bench): every stage on
  printf 'schemaVersion: 1.0\nstacks:\n  bench:\n    config:\n      security:\n        enabled: true\n        scan:\n          database: {path: %s, update: never}\n' "$work/vulndb" > "$dir/.sc/stacks/bench/client.yaml"
  printf '<configuration><packageSources><clear/><add key="l" value="%s/feed"/><add key="n" value="https://api.nuget.org/v3/index.json"/></packageSources></configuration>' "$work" > "$dir/nuget.config"
  for i in $(seq 1 "$count"); do
    mkdir -p "$dir/Service$i"
    echo '<Project Sdk="Microsoft.NET.Sdk" />' > "$dir/Service$i/Service$i.csproj"
    echo "System.Console.WriteLine(\"service $i\");" > "$dir/Service$i/Program.cs"
  done
}

release() { # release DIR PARALLEL TAG -> seconds
  local s e
  s=$(date +%s.%N)
  sc release create -s bench -e bench --version "$3" --solution "$1" --parallel "$2" --output-dir "$work/out/$3" >/dev/null 2>&1 || { echo "release failed: see $work/out/$3" >&2; exit 1; }
  e=$(date +%s.%N)
  awk -v a="$s" -v b="$e" 'BEGIN{printf "%.3f", b-a}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

cores=$(nproc)
for size in $sizes; do
  dir="$work/solution$size"
  make_solution "$dir" "$size"
  release "$dir" "$cores" "warm-$size" >/dev/null   # warm-up: restore and first build of every service
  # A stage that failed open or was skipped would time less than the release users get: every one must have run.
  if ! python3 - "$work/out/warm-$size/release.json" <<'PY'
import json, sys
bad = [f"{i['project']} {s['name']}: {s['outcome']} {s.get('reason') or ''}" for i in json.load(open(sys.argv[1]))["images"] for s in i["stages"] if s["outcome"] != "Succeeded"]
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
  then echo "not every stage ran in the warm-up release (above)" >&2; exit 1; fi
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  seq_times=(); par_times=(); more_times=()
  for run in $(seq 1 "$runs"); do
    seq_times+=("$(release "$dir" 1 "s$size-$run")")
    par_times+=("$(release "$dir" "$cores" "p$size-$run")")
    more_times+=("$(release "$dir" "$((cores + 1))" "m$size-$run")")
  done
  s=$(median "${seq_times[@]}"); p=$(median "${par_times[@]}"); m=$(median "${more_times[@]}")
  awk -v n="$size" -v s="$s" -v p="$p" -v m="$m" -v c="$cores" -v r="$runs" -v l="$load" 'BEGIN{printf "%d services, %d runs (load %s): sequential %.1f s, parallel(%d) %.1f s, ratio parallel/sequential %.2f; parallel(%d) %.1f s, ratio %.2f\n", n, r, l, s, c, p, p/s, c+1, m, m/s}'
done
