#!/usr/bin/env bash
# SBOM benchmark and cdxgen comparison on a ~100 MB three-layer image made from real files of this machine (its real
# dpkg database, perl, the .NET shared runtimes, /usr/bin): our generator cold and warm (cached layers), in-process
# and as `sc sbom generate`; the floor (gunzip of the same layers); cdxgen 12.8.4 on the same archive; what each finds.
# Usage: sbom.sh   (needs tests/peer-tools/install-cdxgen.sh's install, done here when missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/sc-bench-sbom-XXXXXX)
trap 'rm -rf "$work"' EXIT
eval "$(bash "$root/tests/peer-tools/install-cdxgen.sh")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/tests/SimpleContainer.Security.Benchmarks" -c Release >/dev/null
dotnet build "$root/src/SimpleContainer.Security.Cli" -c Release >/dev/null
bench=(dotnet "$root/tests/SimpleContainer.Security.Benchmarks/bin/Release/net10.0/SimpleContainer.Security.Benchmarks.dll")
sc=(dotnet "$root/src/SimpleContainer.Security.Cli/bin/Release/net10.0/sc.dll")

"${bench[@]}" make-image "$work/image"
tar -C "$work/image" -cf "$work/image.tar" .
echo "--- ours, in-process (one cold run, then warm runs on cached layers):"
/usr/bin/time -f "process: wall %e s, max RSS %M KiB" "${bench[@]}" sbom "$work/image" 5
echo "--- ours, sc sbom generate --archive (whole CLI process):"
/usr/bin/time -f "wall %e s, max RSS %M KiB" "${sc[@]}" sbom generate --archive "$work/image.tar" --output "$work/ours.cdx.json"
echo "--- floor: gunzip of the same three layers:"
/usr/bin/time -f "wall %e s" sh -c "for f in \$(ls -S '$work/image/blobs/sha256' | head -3); do gzip -dc '$work/image/blobs/sha256/'\$f > /dev/null; done"
echo "--- cdxgen -t docker on the same archive:"
(cd "$work" && /usr/bin/time -o "$work/cdxgen.time" -f "wall %e s, max RSS %M KiB" "$CDXGEN" -t docker --spec-version 1.6 -o "$work/cdxgen.json" "$work/image.tar" > "$work/cdxgen.log" 2>&1) || { tail -20 "$work/cdxgen.log"; exit 1; }
cat "$work/cdxgen.time"
echo "--- what each finds:"
node "$root/tests/benchmarks/compare-sboms.cjs" "$work/ours.cdx.json" "$work/cdxgen.json"
