# shellcheck shell=bash
# Sourced, not run: the install steps of tests/prerequisites.sh, each reproducible from nothing (empty /tmp, empty
# home, empty npm and NuGet caches) with this machine's registries (Debian's packages, npm, NuGet).
#
# Every step runs with its output in a log. A failing step prints ONE line naming the step, the command and the fix,
# then the tool's own last lines — never a page of usage text — and exits 2 (a prerequisite is missing).

prereq_log_dir=${SC_PREREQ_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/sc-prereq.XXXXXX")}

# prereq_run STEP FIX COMMAND...: runs COMMAND with its output in a log; on failure says what failed and how to fix it.
prereq_run() {
  local step=$1 fix=$2; shift 2
  local log="$prereq_log_dir/${step//[^A-Za-z0-9._-]/_}.log"
  local rc=0
  "$@" >"$log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] && return 0
  echo "prerequisites: step '$step' failed (exit $rc): $*; fix: $fix; full log: $log" >&2
  tail -n 12 "$log" | sed 's/^/  | /' >&2
  exit 2
}

prereq_fail() { # STEP MESSAGE FIX
  echo "prerequisites: step '$1' failed: $2; fix: $3" >&2
  exit 2
}

# ensure_dotnet: the .NET 10 SDK is the one thing we never install.
ensure_dotnet() {
  command -v dotnet >/dev/null || prereq_fail dotnet "the .NET SDK (dotnet) is not on PATH" "install the .NET 10 SDK"
  dotnet --list-sdks 2>/dev/null | grep -q '^10\.' \
    || prereq_fail dotnet "no .NET 10 SDK among: $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')" "install the .NET 10 SDK"
}

# ensure_debian_packages COMMAND=PACKAGE...: installs (as root) the Debian packages whose command is missing.
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || prereq_fail apt "missing ${missing[*]} and not root" "sudo apt-get install -y --no-install-recommends ${missing[*]}"
  prereq_run apt-get-update "check the machine's apt sources and network, then run: apt-get update" apt-get update -qq
  prereq_run apt-get-install "run: apt-get install -y --no-install-recommends ${missing[*]}" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || prereq_fail apt "package ${pair#*=} installed but '${pair%%=*}' is still not on PATH" "apt-get install --reinstall ${pair#*=}"
  done
}
