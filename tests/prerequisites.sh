#!/usr/bin/env bash
# Installs what the tests and the demo need on a Debian machine with the .NET 10 SDK, when it is missing:
# Debian's docker-registry (a real OCI registry), apache2-utils (htpasswd, for the auth registry), Node.js for the
# SBOM validators (tests/validators: the official CycloneDX and SPDX schemas), and the interop peers cosign 2.5 and
# skopeo 1.18 (tests/peer-tools/install.sh, unpacked under /tmp, not installed), rpm (the rpmvercmp oracle of the
# version tests; dpkg is always there) and cdxgen with the trivy build it ships (tests/peer-tools/install-cdxgen.sh,
# under /tmp; the trivy backend's real-binary tests).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v node >/dev/null || missing+=(nodejs npm)
command -v rpm >/dev/null || missing+=(rpm)
command -v dotnet >/dev/null || { echo "prerequisites: the .NET 10 SDK (dotnet) is required" >&2; exit 2; }
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "prerequisites: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d "$here/validators/node_modules" ] || [ "$here/validators/package-lock.json" -nt "$here/validators/node_modules" ]; then
  npm ci --prefix "$here/validators" --no-audit --no-fund >/dev/null
fi
bash "$here/peer-tools/install.sh" >/dev/null
bash "$here/peer-tools/install-cdxgen.sh" >/dev/null
