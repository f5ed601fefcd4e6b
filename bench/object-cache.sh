#!/usr/bin/env bash
# Benchmark of the Redis object cache, with and without it in the same run:
#   anonymous: the home page, uncached (straight to a replica, past the LB's
#              micro-cache)
#   admin:     a logged-in /wp-admin/ (the dashboard)
# Two replicas of the same image on the same volume and database, one with
# WPECS_REDIS_HOST (the stack's redis) and one without (WordPress's
# per-request cache). Rounds alternate which side runs first (mirrored), so a
# drift of this machine cancels out; each figure is the median of the rounds'
# ratios (with cache / without) and their spread (min-max). No goal is
# asserted: the ratios are printed for the README's table.
# Usage: IMAGE=wordpress-ecs VERSION=tag bench/object-cache.sh
# Knobs: BENCH_SECONDS (5 per run), BENCH_ROUNDS (5), BENCH_PHP_CONNECTIONS (4),
# BENCH_THREADS (2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

seconds="${BENCH_SECONDS:-5}"
rounds="${BENCH_ROUNDS:-5}"
conns="${BENCH_PHP_CONNECTIONS:-4}"
threads="${BENCH_THREADS:-2}"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 && "$seconds" -le 300 ]] || die "BENCH_SECONDS: \"$seconds\" is not 1-300"
[[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 1 && "$rounds" -le 50 ]] || die "BENCH_ROUNDS: \"$rounds\" is not 1-50"
[[ "$conns" =~ ^[0-9]+$ && "$conns" -ge 1 ]] || die "BENCH_PHP_CONNECTIONS: \"$conns\" is not a number"
[[ "$threads" =~ ^[0-9]+$ && "$threads" -ge 1 && "$threads" -le "$conns" ]] || die "BENCH_THREADS: \"$threads\" is not 1-$conns"
[[ -n "${VERSION:-}" ]] || die "VERSION is not set: the tag of the image IMAGE to measure (make bench-object-cache sets it)"
require IMAGE
have wrk || die "wrk is missing: run 'make deps'"

bench_stack oc
export REPLICAS=1
port="$bench_port" base="$bench_base" work="$bench_work"
nocache="$LOCAL_PROJECT-nocache"
bench_on_exit() { docker rm -f "$nocache" >/dev/null 2>&1; }
bench_up "one replica with the cache, one without"

one_of() { bench_containers "$1" | head -n 1; }
with="$(one_of wordpress)"
[[ -n "$with" ]] || die "the bench stack has no replica"
# The cron service's tick, once a minute, runs WordPress with the cache: it would
# write Redis between the checks below and take CPU from the runs.
cron="$(one_of cron)"
[[ -z "$cron" ]] || docker stop "$cron" >/dev/null

# The replica without the cache: the same image, environment (WPECS_REDIS_HOST
# left out: the seeded stub then loads nothing), volume, network and
# restrictions as the compose replica. Not in the LB: it is measured directly.
step "starting $nocache: the same replica without WPECS_REDIS_HOST"
docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$with" | grep -v '^WPECS_REDIS_HOST=' | grep . >"$work/nocache.env"
docker run -d --name "$nocache" --network "$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' "$with")" \
  --env-file "$work/nocache.env" -v "${LOCAL_PROJECT}_shared:/var/www/shared" --read-only --tmpfs /run --tmpfs /tmp \
  --security-opt no-new-privileges:true --cap-drop ALL \
  --cap-add CHOWN --cap-add DAC_OVERRIDE --cap-add FOWNER --cap-add SETGID --cap-add SETUID --cap-add NET_BIND_SERVICE --cap-add KILL \
  "$IMAGE:$VERSION" >/dev/null
rm -f "$work/nocache.env"
without="$nocache"
declare -A ip=([with]="$(bench_ip "$with")" [without]="$(bench_ip "$without")")
healthy_without() { [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://${ip[without]}/healthz")" == 200 ]]; }
poll 120 1 healthy_without || die "the replica without the cache ($without) is not healthy after 120 s"
host="127.0.0.1:$port"

step "logging in"
jar="$work/cookies"
curl -fsS -c "$jar" -b "wordpress_test_cookie=WP+Cookie+check" -o /dev/null \
  --data-urlencode "log=bench" --data-urlencode "pwd=$bench_pw" --data-urlencode "testcookie=1" \
  "$base/wp-login.php"
cookie="$(awk '$6 ~ /^wordpress_/ { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")"
[[ "$cookie" == *wordpress_logged_in_* ]] || die "login failed: no logged-in cookie"

# The pages answer 200 on both replicas, and the cache is really on one side only.
for side in with without; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" -H "Cookie: $cookie" "http://${ip[$side]}/wp-admin/")"
  [[ "$code" == 200 ]] || die "/wp-admin/ answers $code on the replica $side the cache"
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://${ip[$side]}/")"
  [[ "$code" == 200 ]] || die "/ answers $code on the replica $side the cache"
done
redis="$(one_of redis)"
redis_cli() { docker exec "$redis" sh -c 'REDISCLI_AUTH="$(awk '"'"'$1 == "requirepass" { print $2 }'"'"' /run/redis/redis.conf)" redis-cli "$@"' redis-cli "$@"; }
redis_cli FLUSHALL >/dev/null
curl -s -o /dev/null -H "Host: $host" "http://${ip[without]}/"
[[ "$(redis_cli DBSIZE)" == 0 ]] || die "the replica without the cache wrote to Redis"
curl -s -o /dev/null -H "Host: $host" "http://${ip[with]}/"
[[ "$(redis_cli DBSIZE)" -gt 0 ]] || die "the replica with the cache left Redis empty"

# run SIDE PAGE: requests per second of one wrk run (after a 2 s warm-up the first time).
declare -A warmed
run() {
  local side="$1" page="$2" url args=(-H "Host: $host") out
  url="http://${ip[$side]}$([[ $page == admin ]] && echo /wp-admin/ || echo /)"
  [[ $page == admin ]] && args+=(-H "Cookie: $cookie")
  if [[ -z "${warmed[$side$page]:-}" ]]; then
    wrk -t"$threads" -c"$conns" -d2s --timeout 30s "${args[@]}" "$url" >/dev/null
    warmed[$side$page]=1
  fi
  out="$(wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 30s "${args[@]}" "$url")"
  if grep -qE 'Non-2xx or 3xx responses|Socket errors' <<<"$out"; then
    die "$page on the replica $side the cache: $(grep -E 'Non-2xx|Socket errors' <<<"$out")"
  fi
  local r
  r="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
  # A run too short for one answer would make the ratio meaningless.
  awk -v r="$r" 'BEGIN { exit !(r > 0) }' || die "$page on the replica $side the cache: no request completed in ${seconds}s (raise BENCH_SECONDS)"
  echo "$r"
}

declare -A ratios rps_with rps_without
for ((i = 1; i <= rounds; i++)); do
  for page in anonymous admin; do
    if ((i % 2)); then
      a="$(run with "$page")"; b="$(run without "$page")"
    else
      b="$(run without "$page")"; a="$(run with "$page")"
    fi
    ratios[$page]+="$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }') "
    rps_with[$page]+="$a " rps_without[$page]+="$b "
  done
  step "round $i/$rounds done"
done

# median, min and max of a list of numbers
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); printf "%.2f %.2f %.2f", m, v[1], v[NR] }'; }
echo "bench-object-cache ($IMAGE:$VERSION, $(nproc) CPUs, wrk -t$threads -c$conns, $rounds mirrored rounds of ${seconds}s per side and page):"
for page in anonymous admin; do
  read -r m lo hi <<<"$(stats "${ratios[$page]}")"
  read -r wm _ _ <<<"$(stats "${rps_with[$page]}")"
  read -r nm _ _ <<<"$(stats "${rps_without[$page]}")"
  label="$([[ $page == admin ]] && echo "logged-in /wp-admin/" || echo "uncached anonymous /")"
  printf '  %-22s with the cache %8s req/s, without %8s req/s (medians): ratio %s x (rounds %s-%s)\n' \
    "$label" "$wm" "$nm" "$m" "$lo" "$hi"
done
