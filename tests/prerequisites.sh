#!/usr/bin/env bash
# Installs what the tests and the demo need on a Debian machine with the .NET 10 SDK, when it is missing:
# Debian's docker-registry (a real OCI registry) and apache2-utils (htpasswd, for the auth registry).
set -euo pipefail
missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v dotnet >/dev/null || { echo "prerequisites: the .NET 10 SDK (dotnet) is required" >&2; exit 2; }
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "prerequisites: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The interop peers (cosign 2.5, skopeo 1.18) the signing tests check against, unpacked under /tmp.
bash "$(dirname "$0")/peer-tools/install.sh" >/dev/null
