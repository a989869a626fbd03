# Sourced, not run: start_local_registry DIR [LOG_LEVEL] starts Debian's docker-registry (CNCF distribution) on a free
# 127.0.0.1 port with its storage under DIR, waits until /v2/ answers, and sets `registry` (host:port) and
# `registry_pid`. The caller stops it (kill "$registry_pid", usually in its EXIT trap).
start_local_registry() {
  local dir=$1 level=${2:-error} port
  port=$(/usr/bin/env python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo 5055)
  registry="127.0.0.1:$port"
  mkdir -p "$dir/storage"
  printf 'version: 0.1\nlog:\n  level: %s\nstorage:\n  filesystem:\n    rootdirectory: %s/storage\nhttp:\n  addr: %s\n' "$level" "$dir" "$registry" > "$dir/config.yml"
  docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 100); do curl -fs "http://$registry/v2/" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the local registry did not answer on $registry; its log:" >&2
  cat "$dir/registry.log" >&2
  return 1
}
