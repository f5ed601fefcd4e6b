#!/usr/bin/env bash
# Benchmark of the local stack, every figure measured in this one run with wrk
# against 127.0.0.1 (or a container this script started), ratios reported:
#   LB hop:  uncached home page through HAProxy (one replica in rotation)
#            vs the same replica direct                  goal: <= 5 % slower
#   cache:   cached anonymous home page vs uncached      goal: >= 50x
#   static:  cached home page vs the same HTML as a static file served by the
#            same HAProxy (http-request return file)     goal: >= 0.5x
# Usage: WPECS_IMAGE=wordpress-ecs:tag bench/local.sh
# Knobs: BENCH_SECONDS (10 per run), BENCH_CONNECTIONS (32), BENCH_THREADS (2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

seconds="${BENCH_SECONDS:-10}"
conns="${BENCH_CONNECTIONS:-32}"
threads="${BENCH_THREADS:-2}"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 && "$seconds" -le 300 ]] || die "BENCH_SECONDS: \"$seconds\" is not 1-300"
[[ "$conns" =~ ^[0-9]+$ && "$conns" -ge 1 ]] || die "BENCH_CONNECTIONS: \"$conns\" is not a number"
[[ -n "${WPECS_IMAGE:-}" ]] || die "WPECS_IMAGE is not set (make bench-local sets it)"
have wrk || die "wrk is missing: run 'make deps'"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
WPECS_PROJECT="wpecs-bench-$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export WPECS_PROJECT
export PORT="$port" REPLICAS=2 WPECS_CACHE_TTL=60
work="$(mktemp -d)"
export WPECS_COMPOSE_OVERRIDE="$work/bench.yml"
cat >"$WPECS_COMPOSE_OVERRIDE" <<'EOF'
version: "2.4"
services:
  lb:
    environment:
      WPECS_BENCH: "1"
EOF
cleanup() {
  "$root/local/stack.sh" clean >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

base="http://127.0.0.1:$port"
step "starting a bench stack ($WPECS_PROJECT, $WPECS_IMAGE, 2 replicas) on $base"
"$root/local/stack.sh" up >/dev/null

step "installing WordPress"
pw="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
out="$(curl -fsS --data-urlencode "weblog_title=Bench" --data-urlencode "user_name=bench" \
  --data-urlencode "admin_password=$pw" --data-urlencode "admin_password2=$pw" \
  --data-urlencode "pw_weak=1" --data-urlencode "admin_email=bench@example.test" --data-urlencode "blog_public=1" \
  "$base/wp-admin/install.php?step=2")"
[[ "$out" == *'Success!'* ]] || die "the WordPress install did not succeed"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" == 200 ]] || die "the installed site does not answer 200 on /"

lb="$(docker ps -q --filter "label=com.docker.compose.project=$WPECS_PROJECT" --filter label=com.docker.compose.service=lb)"
mapfile -t replicas < <(docker ps -q --filter "label=com.docker.compose.project=$WPECS_PROJECT" --filter label=com.docker.compose.service=wordpress)
replica_ip="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "${replicas[0]}")"

# The home page's HTML as a static file in the same HAProxy (reloaded to read it).
curl -fsS "$base/" -o "$work/static.html"
docker cp "$work/static.html" "$lb:/var/lib/wpecs/static.html"
docker kill -s USR2 "$lb" >/dev/null
for _ in $(seq 1 50); do
  cmp -s <(curl -s "$base/__wpecs/static.html") "$work/static.html" && break
  sleep 0.2
done
cmp -s <(curl -s "$base/__wpecs/static.html") "$work/static.html" || die "HAProxy does not serve the static copy"

# run NAME URL [wrk args...]: requests per second, after a short warm-up.
declare -A rps
run() {
  local name="$1" url="$2" out errors
  shift 2
  wrk -t"$threads" -c"$conns" -d2s --timeout 30s "$@" "$url" >/dev/null
  out="$(wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 30s "$@" "$url")"
  errors="$(awk '/Non-2xx or 3xx responses|Socket errors/' <<<"$out")"
  rps[$name]="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
  step "$(printf '%-34s %10s req/s %s' "$name" "${rps[$name]}" "${errors:+($errors)}")"
}

bypass=(-H "Cookie: wordpress_no_cache=1")
step "measuring, ${seconds}s per run, $conns connections"
# LB hop: only the first replica in rotation, so both runs hit the same one.
mapfile -t others < <(docker exec "$lb" lb-state servers | awk -v ip="$replica_ip" '$2 != ip { print $1 }')
for s in "${others[@]}"; do docker exec "$lb" lb-state cmd "set server wordpress/$s state maint" >/dev/null; done
run "uncached, one replica direct" "http://$replica_ip/" -H "Host: 127.0.0.1:$port"
run "uncached, through the LB" "$base/" "${bypass[@]}"
for s in "${others[@]}"; do docker exec "$lb" lb-state cmd "set server wordpress/$s state ready" >/dev/null; done
# The cached run must really be served from the cache.
curl -s -o /dev/null "$base/"
xcache="$(curl -s -D - -o /dev/null "$base/" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')"
[[ "$xcache" == HIT ]] || die "the home page is not served from the LB cache (X-Cache: ${xcache:-none})"
run "cached, through the LB" "$base/"
run "static file, same HAProxy" "$base/__wpecs/static.html"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v op="$2" -v goal="$3" 'BEGIN { ok = (op == ">=" ? v >= goal : v <= goal); print (ok ? "met" : "NOT met") }'; }
hop="$(awk -v lb="${rps["uncached, through the LB"]}" -v d="${rps["uncached, one replica direct"]}" \
  'BEGIN { printf "%.1f", (d > 0 ? (1 - lb / d) * 100 : 0) }')"
cache_x="$(ratio "${rps["cached, through the LB"]}" "${rps["uncached, through the LB"]}")"
static_x="$(ratio "${rps["cached, through the LB"]}" "${rps["static file, same HAProxy"]}")"
echo
echo "bench-local ($WPECS_IMAGE, $(nproc) CPUs, wrk -t$threads -c$conns -d${seconds}s):"
printf '  LB hop cost (uncached):      %6s %%  goal <= 5 %%   %s\n' "$hop" "$(verdict "$hop" "<=" 5)"
printf '  cached / uncached:           %6sx   goal >= 50x   %s\n' "$cache_x" "$(verdict "$cache_x" ">=" 50)"
printf '  cached / static file:        %6sx   goal >= 0.5x  %s\n' "$static_x" "$(verdict "$static_x" ">=" 0.5)"
