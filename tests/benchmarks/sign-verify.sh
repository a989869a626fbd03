#!/usr/bin/env bash
# Sign + verify per image against a local registry, sc side by side with cosign 2.5 (`cosign sign --key`,
# `cosign verify --key`), each on its own fresh digests, same key (made by cosign generate-key-pair).
# Both are whole CLI invocations, so process start-up is in both numbers. Usage: sign-verify.sh [N=10]
set -euo pipefail
runs=${1:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sc-bench-sign-XXXXXX)
trap 'kill ${registry_pid:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
bash "$root/tests/prerequisites.sh"
cosign=${SC_PEER_TOOLS:-/tmp/sc-peer-tools}/bin/cosign
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 HOME="$work/home" TUF_ROOT="$work/home/tuf" COSIGN_PASSWORD=bench-pass
mkdir -p "$HOME"

source "$root/tests/lib/local-registry.sh"
start_local_registry "$work"
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$registry"

dotnet build "$root/src/SimpleContainer.Security.Cli" -c Release >/dev/null
dotnet build "$root/tests/SimpleContainer.Security.FixtureSeeder" -c Release >/dev/null
sc=(dotnet "$root/src/SimpleContainer.Security.Cli/bin/Release/net10.0/sc.dll")
seed=(dotnet "$root/tests/SimpleContainer.Security.FixtureSeeder/bin/Release/net10.0/SimpleContainer.Security.FixtureSeeder.dll")
"$cosign" generate-key-pair --output-key-prefix "$work/cosign" >/dev/null 2>&1
mapfile -t ours < <("${seed[@]}" "$registry" --distinct "$runs" bench/sc)
mapfile -t theirs < <("${seed[@]}" "$registry" --distinct "$runs" bench/cosign)

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
sc_times=(); cosign_times=()
for i in $(seq 0 $((runs - 1))); do
  s=$(now)
  "${sc[@]}" image sign --image "${ours[$i]}" --key "$work/cosign.key" --no-verify >/dev/null
  "${sc[@]}" image verify --image "${ours[$i]}" --key "$work/cosign.pub" >/dev/null
  e=$(now); sc_times+=("$(elapsed "$s" "$e")")
  s=$(now)
  "$cosign" sign --key "$work/cosign.key" --tlog-upload=false --allow-http-registry --yes "${theirs[$i]}" >/dev/null 2>&1
  "$cosign" verify --key "$work/cosign.pub" --insecure-ignore-tlog=true --allow-http-registry "${theirs[$i]}" >/dev/null 2>&1
  e=$(now); cosign_times+=("$(elapsed "$s" "$e")")
done
m_sc=$(median "${sc_times[@]}"); m_cosign=$(median "${cosign_times[@]}")
echo "runs: $runs, each on a fresh digest; sign + verify as two CLI calls"
echo "sc:     median ${m_sc}s  (${sc_times[*]})"
echo "cosign: median ${m_cosign}s  (${cosign_times[*]})"
echo "ratio sc/cosign: $(awk -v a="$m_sc" -v b="$m_cosign" 'BEGIN{printf "%.3f", a/b}')"
