#!/usr/bin/env bash
# Vulnerability database benchmark: generates OSV all.zip files per ecosystem (205,000 records in realistic shapes by
# default: GHSA-style NuGet, Debian 11/12, Alpine v3.19/v3.20, Ubuntu 22.04/24.04; some withdrawn), imports them into
# a fresh database (records/s, database size, peak memory), imports them again (everything unchanged: the daily CI
# update), and times a warm batched lookup of the keys of a 500-component SBOM and the whole builtin scan of it
# (median of RUNS each).
# Usage: scan-db.sh [RECORDS] [RUNS]      SC_KEEP=1 keeps the work folder (its path is printed)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
records=${1:-205000}
runs=${2:-15}
work=$(mktemp -d /tmp/sc-bench-scandb-XXXXXX)
if [[ -z "${SC_KEEP:-}" ]]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/tests/SimpleContainer.Security.Benchmarks" -c Release >/dev/null
bench=(dotnet "$root/tests/SimpleContainer.Security.Benchmarks/bin/Release/net10.0/SimpleContainer.Security.Benchmarks.dll")
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(dotnet --version)"

echo "--- generate:"
"${bench[@]}" vulndb-generate "$work/osv" "$records"
echo "--- import into a new database:"
/usr/bin/time -f "process: wall %e s, max RSS %M KiB" "${bench[@]}" vulndb-import "$work/osv" "$work/vulnerabilities.db"
echo "--- import again (all records unchanged):"
/usr/bin/time -f "process: wall %e s, max RSS %M KiB" "${bench[@]}" vulndb-import "$work/osv" "$work/vulnerabilities.db"
echo "--- batched lookup of a 500-component SBOM's keys (file in the page cache; first lookup includes JIT):"
/usr/bin/time -f "process: wall %e s, max RSS %M KiB" "${bench[@]}" vulndb-lookup "$work/vulnerabilities.db" "$runs"
echo "--- builtin scan of the same 500-component SBOM against the database (lookup + ranges + severity + merge):"
/usr/bin/time -f "process: wall %e s, max RSS %M KiB" "${bench[@]}" vulndb-scan "$work/vulnerabilities.db" "$runs"
