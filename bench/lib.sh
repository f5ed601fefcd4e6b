# shellcheck shell=bash
# What the local-stack benches (bench/local.sh, bench/object-cache.sh) share: a
# stack of their own on a free 127.0.0.1 port with WordPress installed, and its
# removal on exit. Sourced after tools/lib.sh.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# bench_stack NAME: exports LOCAL_PROJECT (wpecs-bench-NAME-<random>, so a
# bench never touches `make up`'s stack) and PORT (a free port), and sets
# bench_port, bench_base (the stack's URL) and bench_work (a temporary folder).
# On exit the stack and the folder are removed, after bench_on_exit if the
# caller defines it (its own containers).
bench_stack() {
  bench_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  LOCAL_PROJECT="wpecs-bench-$1-$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export LOCAL_PROJECT PORT="$bench_port"
  bench_base="http://127.0.0.1:$bench_port"
  bench_work="$(mktemp -d)"
  trap bench_cleanup EXIT
}

bench_cleanup() {
  if declare -F bench_on_exit >/dev/null; then bench_on_exit || true; fi
  "$bench_root/local/stack.sh" clean >/dev/null 2>&1 || true
  rm -rf "$bench_work"
}

# bench_up WHAT: starts the stack (WHAT says what it holds) and installs
# WordPress with the administrator "bench", whose password is bench_pw.
bench_up() {
  step "starting a bench stack ($LOCAL_PROJECT, $IMAGE:$VERSION) on $bench_base: $1"
  "$bench_root/local/stack.sh" up >/dev/null
  step "installing WordPress"
  bench_pw="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  wp_install "$bench_base" bench "$bench_pw" || die "the WordPress install did not succeed"
}

# bench_containers SERVICE: the ids of this bench's running SERVICE containers.
bench_containers() {
  docker ps -q --filter "label=com.docker.compose.project=$LOCAL_PROJECT" --filter "label=com.docker.compose.service=$1"
}

# bench_ip CONTAINER: its address on the stack's network.
bench_ip() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"; }
