#!/usr/bin/env bash
# Benchmark of the local stack, every figure measured in this one run with wrk
# against 127.0.0.1 (or a container this script started), ratios reported:
#   LB hop:  uncached home page through HAProxy at its container address (one
#            replica in rotation) vs the same replica direct: goal <= 5 % slower.
#            Also printed: HAProxy through Docker's published 127.0.0.1 port,
#            which adds Docker's port forwarding (docker-proxy) to the hop.
#   cache:   cached anonymous home page vs uncached      goal: >= 50x
#   static:  cached home page vs the same HTML as a static file served by the
#            same HAProxy (http-request return file)     goal: >= 0.5x
# Usage: IMAGE=wordpress-ecs VERSION=tag bench/local.sh
# Knobs: BENCH_SECONDS (10 per run), BENCH_CONNECTIONS (32, cached and static
# runs), BENCH_PHP_CONNECTIONS (8, uncached runs: below the LB's maxconn 12 per
# replica, so both sides of the LB-hop pair see the same concurrency),
# BENCH_THREADS (2), BENCH_HOP_ROUNDS (3). This machine drifts by 10-20 %
# within a minute, so the LB-hop runs go in mirrored order (direct, LB, port,
# port, LB, direct) for BENCH_HOP_ROUNDS rounds and each figure is the mean:
# a linear drift cancels out.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

seconds="${BENCH_SECONDS:-10}"
conns="${BENCH_CONNECTIONS:-32}"
php_conns="${BENCH_PHP_CONNECTIONS:-8}"
threads="${BENCH_THREADS:-2}"
hop_rounds="${BENCH_HOP_ROUNDS:-3}"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 && "$seconds" -le 300 ]] || die "BENCH_SECONDS: \"$seconds\" is not 1-300"
[[ "$conns" =~ ^[0-9]+$ && "$conns" -ge 1 ]] || die "BENCH_CONNECTIONS: \"$conns\" is not a number"
[[ "$hop_rounds" =~ ^[1-9]$ ]] || die "BENCH_HOP_ROUNDS: \"$hop_rounds\" is not 1-9"
[[ "$php_conns" =~ ^[0-9]+$ && "$php_conns" -ge 1 ]] || die "BENCH_PHP_CONNECTIONS: \"$php_conns\" is not a number"
[[ -n "${VERSION:-}" ]] || die "VERSION is not set: the tag of the image IMAGE to measure (make bench-local sets it)"
require IMAGE
have wrk || die "wrk is missing: run 'make deps'"

bench_stack local
export REPLICAS=2 CACHE_TTL=60
port="$bench_port" base="$bench_base" work="$bench_work"
export WPECS_COMPOSE_OVERRIDE="$work/bench.yml"
cat >"$WPECS_COMPOSE_OVERRIDE" <<'YAML'
version: "2.4"
services:
  lb:
    environment:
      WPECS_BENCH: "1"
YAML
bench_up "2 replicas"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" == 200 ]] || die "the installed site does not answer 200 on /"

lb="$(bench_containers lb)"
mapfile -t replicas < <(bench_containers wordpress)
replica_ip="$(bench_ip "${replicas[0]}")"
lb_ip="$(bench_ip "$lb")"

# The home page's HTML as a static file in the same HAProxy (reloaded to read it).
curl -fsS "$base/" -o "$work/static.html"
docker cp "$work/static.html" "$lb:/var/lib/wpecs/static.html"
docker kill -s USR2 "$lb" >/dev/null
serves_static() { cmp -s <(curl -s "$base/__wpecs/static.html") "$work/static.html"; }
poll 10 0.2 serves_static || die "HAProxy does not serve the static copy (10 s after its reload)"

# run NAME CONNECTIONS URL [wrk args...]: requests per second after a short
# warm-up (first run of a NAME only); later runs of a NAME are averaged in.
declare -A rps runs
run() {
  local name="$1" c="$2" url="$3" out errors r
  shift 3
  [[ -n "${rps[$name]:-}" ]] || wrk -t"$threads" -c"$c" -d2s --timeout 30s "$@" "$url" >/dev/null
  out="$(wrk -t"$threads" -c"$c" -d"${seconds}s" --timeout 30s "$@" "$url")"
  errors="$(awk '/Non-2xx or 3xx responses|Socket errors/' <<<"$out")"
  r="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
  step "$(printf '%-34s %10s req/s %s' "$name" "$r" "${errors:+($errors)}")"
  # A run too short for one answer would make every ratio below meaningless.
  awk -v r="$r" 'BEGIN { exit !(r > 0) }' || die "$name: no request completed in ${seconds}s (raise BENCH_SECONDS)"
  if [[ -n "${rps[$name]:-}" ]]; then
    rps[$name]="$(awk -v a="${rps[$name]}" -v n="${runs[$name]}" -v r="$r" 'BEGIN { printf "%.2f", (a * n + r) / (n + 1) }')"
    runs[$name]=$((runs[$name] + 1))
  else
    rps[$name]="$r" runs[$name]=1
  fi
}

bypass=(-H "Cookie: wordpress_no_cache=1")
step "measuring, ${seconds}s per run"
# LB hop: only the first replica in rotation, so both runs hit the same one.
mapfile -t others < <(docker exec "$lb" lb-state servers | awk -v ip="$replica_ip" '$2 != ip { print $1 }')
for s in "${others[@]}"; do docker exec "$lb" lb-state cmd "set server wordpress/$s state maint" >/dev/null; done
direct() { run "uncached, one replica direct" "$php_conns" "http://$replica_ip/" -H "Host: 127.0.0.1:$port" "${bypass[@]}"; }
via_lb() { run "uncached, through the LB" "$php_conns" "http://$lb_ip/" -H "Host: 127.0.0.1:$port" "${bypass[@]}"; }
via_port() { run "uncached, LB via published port" "$php_conns" "$base/" "${bypass[@]}"; }
for _ in $(seq 1 "$hop_rounds"); do
  direct; via_lb; via_port; via_port; via_lb; direct
done
for s in "${others[@]}"; do docker exec "$lb" lb-state cmd "set server wordpress/$s state ready" >/dev/null; done
# The cached run must really be served from the cache.
curl -s -o /dev/null "$base/"
xcache="$(curl -s -D - -o /dev/null "$base/" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')"
[[ "$xcache" == HIT ]] || die "the home page is not served from the LB cache (X-Cache: ${xcache:-none})"
run "cached, through the LB" "$conns" "$base/"
run "static file, same HAProxy" "$conns" "$base/__wpecs/static.html"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v op="$2" -v goal="$3" 'BEGIN { ok = (op == ">=" ? v >= goal : v <= goal); print (ok ? "met" : "NOT met") }'; }
cost() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.1f", (d > 0 ? (1 - x / d) * 100 : 0) }'; }
hop="$(cost "${rps["uncached, through the LB"]}" "${rps["uncached, one replica direct"]}")"
hop_port="$(cost "${rps["uncached, LB via published port"]}" "${rps["uncached, one replica direct"]}")"
cache_x="$(ratio "${rps["cached, through the LB"]}" "${rps["uncached, through the LB"]}")"
static_x="$(ratio "${rps["cached, through the LB"]}" "${rps["static file, same HAProxy"]}")"
echo
echo "bench-local ($IMAGE:$VERSION, $(nproc) CPUs, wrk -t$threads -d${seconds}s, -c$php_conns uncached / -c$conns cached):"
for name in "uncached, one replica direct" "uncached, through the LB" "uncached, LB via published port" "cached, through the LB" "static file, same HAProxy"; do
  printf '  %-33s %10s req/s\n' "$name:" "${rps[$name]}"
done
printf '  LB hop cost (uncached):      %6s %%  goal <= 5 %%   %s\n' "$hop" "$(verdict "$hop" "<=" 5)"
printf '  LB hop + Docker port (info): %6s %%\n' "$hop_port"
printf '  cached / uncached:           %6sx   goal >= 50x   %s\n' "$cache_x" "$(verdict "$cache_x" ">=" 50)"
printf '  cached / static file:        %6sx   goal >= 0.5x  %s\n' "$static_x" "$(verdict "$static_x" ">=" 0.5)"
