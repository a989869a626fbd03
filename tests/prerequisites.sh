#!/usr/bin/env bash
# Installs what is missing, on a Debian machine with the .NET 10 SDK, for one of two jobs:
#   --demo   samples/run-demo.sh: only Debian's docker-registry (a real OCI registry). No npm, no peers.
#   (none)   the test suite: the demo's needs, plus apache2-utils (htpasswd, for the auth registry), rpm (the rpmvercmp
#            oracle of the version tests; dpkg is always there), Node.js with the validators' npm packages
#            (tests/validators: the official CycloneDX, SPDX and SARIF schemas, sigstore-js; tests/peer-tools/sigstore-mock:
#            a private Sigstore from @sigstore/mock), the interop peers cosign
#            and skopeo (tests/peer-tools/install.sh, unpacked under /tmp) and cdxgen with the trivy build it ships
#            (tests/peer-tools/install-cdxgen.sh, under /tmp).
# Each step is checked for what it should leave (the pinned versions), not for a folder that merely exists.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/prerequisites.sh"

ensure_dotnet
ensure_debian_packages docker-registry=docker-registry curl=curl
[ "${1:-}" = --demo ] && exit 0

ensure_debian_packages htpasswd=apache2-utils rpm=rpm node=nodejs npm=npm
# The validators' lock file lists every package npm installs on any platform, so `npm ci` is exact. `npm ls` checks
# what is installed against it (a half-finished or older install is reinstalled).
if ! npm ls --prefix "$here/validators" --all >/dev/null 2>&1; then
  prereq_run npm-validators "check the npm registry is reachable, then run: npm ci --prefix tests/validators" \
    npm ci --prefix "$here/validators" --no-audit --no-fund
fi
# A private Sigstore for the keyless tests (@sigstore/mock's Fulcio, Rekor and TSA, served by serve.mjs on loopback).
if ! npm ls --prefix "$here/peer-tools/sigstore-mock" --all >/dev/null 2>&1; then
  prereq_run npm-sigstore-mock "check the npm registry is reachable, then run: npm ci --prefix tests/peer-tools/sigstore-mock" \
    npm ci --prefix "$here/peer-tools/sigstore-mock" --no-audit --no-fund
fi
prereq_run peer-tools "check the apt mirror serves Debian trixie (cosign, skopeo), then rerun: bash tests/peer-tools/install.sh" \
  bash "$here/peer-tools/install.sh"
prereq_run cdxgen "check the npm registry is reachable (npm ping), then rerun: bash tests/peer-tools/install-cdxgen.sh" \
  bash "$here/peer-tools/install-cdxgen.sh"
