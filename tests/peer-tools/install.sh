#!/usr/bin/env bash
# Fetches the interop peers the tests run against — cosign 2.5 and skopeo 1.18 (sigstore-enabled) from Debian 13
# (trixie) — into DEST (default /tmp/sc-peer-tools) with a private apt state: nothing is installed into the system.
# Debian 12's skopeo 1.9 has sigstore support patched out, hence trixie's. Idempotent; prints the versions.
set -euo pipefail
dest=${1:-${SC_PEER_TOOLS:-/tmp/sc-peer-tools}}
mkdir -p "$dest" && dest=$(cd "$dest" && pwd)
if [ -x "$dest/bin/cosign" ] && [ -x "$dest/bin/skopeo" ] && "$dest/bin/skopeo" --version >/dev/null 2>&1; then
  cat "$dest/versions.txt"; exit 0
fi

apt_dir="$dest/apt"
mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/etc/sources.list.d" "$apt_dir/etc/preferences.d" "$dest/debs" "$dest/root" "$dest/bin"
mirror=$(grep -h "^URIs:" /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 | awk '{print $2}' || true)
[ -n "$mirror" ] || mirror=$(grep -h "^deb " /etc/apt/sources.list 2>/dev/null | grep -v security | head -1 | awk '{print $2}' || true)
[ -n "$mirror" ] || { echo "peer-tools: no Debian archive in the apt sources" >&2; exit 1; }
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$apt_dir/etc/sources.list"
: > "$apt_dir/state/status"
opts=(-o "Dir::Etc::SourceList=$apt_dir/etc/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/etc/sources.list.d"
      -o "Dir::Etc::Preferences=/dev/null" -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
      -o "Dir::State=$apt_dir/state" -o "Dir::State::status=$apt_dir/state/status" -o "Dir::Cache=$apt_dir/cache"
      -o "APT::Architecture=amd64" -o "Acquire::Languages=none" -o "APT::Sandbox::User=root")
apt-get "${opts[@]}" update > "$dest/apt-update.log" 2>&1 || { tail -5 "$dest/apt-update.log" >&2; exit 1; }
# skopeo 1.18 needs trixie's glibc and gpgme; it runs through trixie's own loader.
(cd "$dest/debs" && apt-get "${opts[@]}" download cosign skopeo libc6 libgpgme11t64 libassuan9 libgpg-error0 libsqlite3-0 > "$dest/apt-download.log" 2>&1) \
  || { tail -5 "$dest/apt-download.log" >&2; exit 1; }
for deb in "$dest"/debs/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
root="$dest/root"
ln -sf "$root/usr/bin/cosign" "$dest/bin/cosign"
cat > "$dest/bin/skopeo" <<SH
#!/bin/sh
exec "$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$root/usr/lib/x86_64-linux-gnu" "$root/usr/bin/skopeo" "\$@"
SH
chmod +x "$dest/bin/skopeo"
for deb in "$dest"/debs/cosign_*.deb "$dest"/debs/skopeo_*.deb; do
  echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
done > "$dest/versions.txt"
"$dest/bin/cosign" version > /dev/null 2>&1 || { echo "peer-tools: cosign does not run" >&2; exit 1; }
"$dest/bin/skopeo" --version > /dev/null || { echo "peer-tools: skopeo does not run" >&2; exit 1; }
cat "$dest/versions.txt"
