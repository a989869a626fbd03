# Sourced by the benchmarks: make_bench_database SC_DLL WORK builds WORK/vulndb, the database the all-on publishes scan
# against with on-demand updates off, from samples/advisories (the NuGet advisory the demo's gate catches) and one
# generated Debian 12 record that names no real package. Without a Debian record the builtin scanner refuses the
# fixture's Debian packages (SCSEC4102) and the scan stage fails open, so "every stage on" would not time a scan.
make_bench_database() {
  local sc_dll=$1 work=$2 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$work/advisories"
  cp "$root"/samples/advisories/*.json "$work/advisories/"
  cat > "$work/advisories/SC-BENCH-DEBIAN-12.json" <<'JSON'
{"schema_version":"1.6.0","id":"SC-BENCH-DEBIAN-12","modified":"2026-01-01T00:00:00Z","summary":"Benchmark data, not an advisory: gives the database the Debian 12 ecosystem; it names no real package","affected":[{"package":{"ecosystem":"Debian:12","name":"sc-bench-no-such-package"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0-1"}]}]}]}
JSON
  dotnet "$sc_dll" db update --database "$work/vulndb" --source "$work/advisories" >/dev/null
}
