#!/usr/bin/env bash
# Benchmark of the image (make bench, part 1). Every figure is measured in this
# one run, next to a baseline built and run here too: the same Debian base
# with stock apache2 + libapache2-mod-php<PHP_VERSION> (prefork, Debian defaults) serving
# the same WordPress tree from the same MariaDB database. A third column is the
# previous release's image (PREV_RELEASE_COMMIT below: Debian 12, PHP 8.2,
# WordPress 6.1.9), built from that commit once and kept as $IMAGE:prev-release,
# serving its own fresh install from the same MariaDB server.
#
#   compressed image size (docker save | gzip)        goal: image <= 137 MB
#   full build vs app-only rebuild                      goal: app-only <= 1/3
#   uncached home page throughput, same concurrency     goal: >= 1.1x baseline
#   and CPU limit for all, and its p95 latency          goal: <= baseline
#   (the three sides take turns within each round, in a rotating order; the
#   report gives the median of the rounds and their spread, min-max)
#   start to healthy, seeded volume / empty volume      goal: <= 2 s / <= 10 s
#
# Traffic goes only to 127.0.0.1 ports of containers this script started.
# Usage: VERSION=tag bench/image.sh   (make bench-image)
# Knobs: BENCH_SECONDS (10 per run), BENCH_CONNECTIONS (16), BENCH_CPUS (1),
#        BENCH_ROUNDS (5), BENCH_SKIP_BUILD=1 (reuse the last build times: skips
#        the two timed builds).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

# The previous release, for the "this image vs the previous release" column:
# the last commit on Debian 12 / PHP 8.2 / WordPress 6.1.9, before settings.env
# moved the platform to Debian 13. Change it when a release ships.
PREV_RELEASE_COMMIT=7843bf8fdb8248f83cbf20f54529a8a8c647d3b6

seconds="${BENCH_SECONDS:-10}"
conns="${BENCH_CONNECTIONS:-16}"
cpus="${BENCH_CPUS:-1}"
rounds="${BENCH_ROUNDS:-5}"
VERSION="${VERSION:?VERSION is required (make bench-image sets it)}"
require IMAGE DEBIAN_RELEASE PHP_VERSION BASE_IMAGE
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 && "$seconds" -le 300 ]] || die "BENCH_SECONDS: \"$seconds\" is not 1-300"
[[ "$conns" =~ ^[0-9]+$ && "$conns" -ge 1 ]] || die "BENCH_CONNECTIONS: \"$conns\" is not a number"
[[ "$rounds" =~ ^[1-9]$ ]] || die "BENCH_ROUNDS: \"$rounds\" is not 1-9"
[[ "$cpus" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_CPUS: \"$cpus\" is not a number of CPUs"
have wrk || die "wrk is missing: run 'make deps'"
have curl || die "curl is missing: run 'make deps'"

rand="$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
prefix="wpecs-bench-img-$rand"
work="$(mktemp -d)"
host="bench.local" # Host header of every request: siteurl is http://bench.local
containers=() volumes=() images=()
cleanup() {
  local c
  for c in "${containers[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
  for c in "${volumes[@]}"; do docker volume rm -f "$c" >/dev/null 2>&1 || true; done
  docker network rm "$prefix-net" >/dev/null 2>&1 || true
  for c in "${images[@]}"; do docker rmi "$c" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
host_port() { docker port "$1" 80/tcp | head -n 1 | sed 's/.*://'; }

# --- 1. Build times ---------------------------------------------------------------
"$root/tools/base-image.sh" "$BASE_IMAGE"
build() { # build TAG [FORCE_BASE]: what `make build` does (wp-init, then Packer)
  make -C "$root" --no-print-directory init VERSION="$1" >"$work/init-$1.log" 2>&1 \
    || { tail -n 20 "$work/init-$1.log" >&2; die "make init failed"; }
  IMAGE="$IMAGE" VERSION="$1" FORCE_BASE="${2:-0}" BASE_IMAGE="$BASE_IMAGE" \
    WP_INIT="$root/build/init/wp-init" "$root/image/packer/build.sh" >"$work/build-$1.log" 2>&1 \
    || { tail -n 20 "$work/build-$1.log" >&2; die "build of $IMAGE:$1 failed"; }
}
if [[ "${BENCH_SKIP_BUILD:-0}" == 1 ]]; then
  docker image inspect "$IMAGE:$VERSION" >/dev/null 2>&1 || die "BENCH_SKIP_BUILD=1 but $IMAGE:$VERSION is missing"
  subject="$IMAGE:$VERSION"
  full_s="n/a" app_s="n/a"
else
  step "timed build 1/2: full (base and app stages, FORCE_BASE=1)"
  t0="$(now)"; build "bench-$rand-full" 1; full_s="$(elapsed "$t0" "$(now)")"
  images+=("$IMAGE:bench-$rand-full")
  step "  full build: ${full_s}s"
  step "timed build 2/2: app-only rebuild (base reused)"
  t0="$(now)"; build "bench-$rand-app"; app_s="$(elapsed "$t0" "$(now)")"
  images+=("$IMAGE:bench-$rand-app")
  step "  app-only rebuild: ${app_s}s"
  subject="$IMAGE:bench-$rand-app"
fi

# --- 2. Baseline image: stock Apache + mod_php, same tree, same wp-config.php ------
step "building the baseline image (apache2 + libapache2-mod-php$PHP_VERSION, Debian $DEBIAN_RELEASE defaults)"
tree="$("$root/tools/wordpress-source.sh" 2>/dev/null)"
mkdir -p "$work/baseline"
cp -a "$tree" "$work/baseline/wordpress"
cp "$root/image/files/wp-config.php" "$root/image/files/env.php" "$root/image/files/install-gate.php" "$work/baseline/"
cat >"$work/baseline/Dockerfile" <<'EOF'
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
ARG PHP_VERSION
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends apache2 \
    libapache2-mod-php${PHP_VERSION} php${PHP_VERSION}-mysql php${PHP_VERSION}-curl php${PHP_VERSION}-gd \
    php${PHP_VERSION}-mbstring php${PHP_VERSION}-xml php${PHP_VERSION}-zip php${PHP_VERSION}-intl \
    php${PHP_VERSION}-opcache \
 && rm -rf /var/lib/apt/lists/* /var/www/html/index.html
COPY wordpress/ /var/www/html/
COPY wp-config.php /var/www/html/wp-config.php
# The helpers that wp-config.php requires, where the image keeps them.
COPY env.php install-gate.php /usr/local/lib/wordpress-ecs/
RUN chown -R www-data:www-data /var/www/html/wp-content
# The same wp-config.php: WP_CONTENT_DIR = $WPECS_SHARED_DIR/wp-content.
ENV WPECS_SHARED_DIR=/var/www/html
EXPOSE 80
CMD ["apache2ctl", "-DFOREGROUND"]
EOF
baseline="wordpress-ecs-bench-baseline:$rand"
docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "PHP_VERSION=$PHP_VERSION" -t "$baseline" "$work/baseline" >"$work/baseline.log" 2>&1 \
  || { tail -n 20 "$work/baseline.log" >&2; die "baseline image build failed"; }
images+=("$baseline")

# --- 2b. The previous release's image, built from its commit when missing ----------
prev="$IMAGE:prev-release"
if ! docker image inspect "$prev" >/dev/null 2>&1; then
  # An image `make build` already made from exactly that commit (its revision
  # label; `make build` tags it with the short hash) is that build: tag it instead.
  same="$IMAGE:${PREV_RELEASE_COMMIT:0:7}"
  if [[ "$(docker image inspect -f '{{ index .Config.Labels "org.opencontainers.image.revision" }}' "$same" 2>/dev/null)" == "$PREV_RELEASE_COMMIT" ]]; then
    step "tagging $same (built from commit ${PREV_RELEASE_COMMIT:0:12}) as $prev"
    docker tag "$same" "$prev"
  fi
fi
if ! docker image inspect "$prev" >/dev/null 2>&1; then
  prev_src="$root/build/prev-release/$PREV_RELEASE_COMMIT"
  step "building $prev from commit ${PREV_RELEASE_COMMIT:0:12} (once; log: $prev_src.log)"
  git -C "$root" cat-file -e "$PREV_RELEASE_COMMIT^{commit}" 2>/dev/null \
    || die "PREV_RELEASE_COMMIT $PREV_RELEASE_COMMIT is not in this repository's history"
  rm -rf "$prev_src" && mkdir -p "$prev_src"
  git -C "$root" archive "$PREV_RELEASE_COMMIT" | tar -x -C "$prev_src"
  # That commit's own scripts, with its own defaults: none of this checkout's
  # settings (every name in settings.env, which make exports) may leak into it
  # through the environment.
  unset_settings=()
  while read -r name; do unset_settings+=(-u "$name"); done < <(settings_names '')
  # shellcheck disable=SC2016 # expanded by the inner bash
  run_logged "$prev_src.log" env -C "$prev_src" "${unset_settings[@]}" \
    -u MAKEFLAGS -u MAKELEVEL -u MFLAGS bash -ec '
      cmake -S image/init -B build/init -G Ninja -DCMAKE_BUILD_TYPE=Release -DWPINIT_TESTS=OFF \
        -DWPINIT_VERSION=prev-release >/dev/null
      cmake --build build/init
      IMAGE="$1" VERSION=prev-release GIT_REVISION="$2" WP_INIT="$PWD/build/init/wp-init" image/packer/build.sh
    ' prev-build "$IMAGE" "$PREV_RELEASE_COMMIT" < /dev/null
  rm -rf "$prev_src"
fi
prev_release="$(docker run --rm --entrypoint /bin/sh "$prev" -c \
  '. /etc/os-release; . /etc/wordpress-ecs/release; echo "Debian $VERSION_ID, PHP $(php -r "echo PHP_MAJOR_VERSION.\".\".PHP_MINOR_VERSION;"), WordPress $WORDPRESS_VERSION"')"

step "compressed sizes (docker save | gzip)"
gz_mb() { docker save "$1" | gzip -c | wc -c | awk '{ printf "%.1f", $1 / 1000000 }'; }
size_image="$(gz_mb "$subject")"
size_base="$(gz_mb "$baseline")"
size_prev="$(gz_mb "$prev")"

# --- 3. Database, install, throughput ------------------------------------------------
docker network create "$prefix-net" >/dev/null
db_image="$("$root/local/stack.sh" aux-image db)" # the local stack's: one build for both
password="bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
containers+=("$prefix-db"); volumes+=("$prefix-db")
docker run -d --name "$prefix-db" --network "$prefix-net" --network-alias db -v "$prefix-db:/var/lib/mysql" \
  -e MARIADB_DATABASE=wordpress -e MARIADB_USER=wordpress -e "MARIADB_PASSWORD=$password" "$db_image" >/dev/null
# The installer answers only WPECS_INSTALL_ALLOW (default: loopback inside the
# container); the bench installs through the published 127.0.0.1 port, which
# reaches the container from Docker's gateway: allow this bench's network.
subnet="$(docker network inspect -f '{{ range .IPAM.Config }}{{ .Subnet }} {{ end }}' "$prefix-net")"
wp_env=(-e WORDPRESS_DB_HOST=db -e WORDPRESS_DB_USER=wordpress -e "WORDPRESS_DB_PASSWORD=$password" -e WORDPRESS_DB_NAME=wordpress
  -e "WPECS_INSTALL_ALLOW=$subnet")

answers_200() { [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" --max-time 5 "$1" || true)" == 200 ]]; }
wait_url() { # wait_url URL SECONDS: poll every 50 ms until 200
  poll "$2" 0.05 answers_200 "$1"
}
start() { # start NAME IMAGE VOLUME-ARGS... : prints the host port (runs in $(...):
  # the caller records NAME in containers, a subshell cannot)
  local name="$1" img="$2"; shift 2
  docker run -d --name "$name" --network "$prefix-net" --cpus "$cpus" -p 127.0.0.1::80 \
    "${wp_env[@]}" "$@" "$img" >/dev/null
  host_port "$name"
}

step "waiting for MariaDB"
db_healthy() { [[ "$(docker inspect -f '{{.State.Health.Status}}' "$prefix-db")" == healthy ]]; }
poll 120 0.2 db_healthy || die "MariaDB did not become healthy within 120 s"

step "starting the image ($subject, --cpus $cpus) on an empty volume; timing start to healthy"
volumes+=("$prefix-vol")
containers+=("$prefix-wp")
t0="$(now)"
port_image="$(start "$prefix-wp" "$subject" -v "$prefix-vol:/var/www/shared")"
wait_url "http://127.0.0.1:$port_image/healthz" 120 || die "the image did not become healthy"
empty_s="$(elapsed "$t0" "$(now)")"

step "installing WordPress once (both sides share the database)"
curl -sf -o /dev/null -H "Host: $host" --max-time 120 "http://127.0.0.1:$port_image/wp-admin/install.php?step=2" \
  --data-urlencode weblog_title=Bench --data-urlencode user_name=admin \
  --data-urlencode admin_password=bench-Pass-1234 --data-urlencode admin_password2=bench-Pass-1234 \
  --data-urlencode pw_weak=1 --data-urlencode admin_email=admin@example.invalid --data-urlencode blog_public=0 \
  || die "WordPress install failed"

step "starting the baseline ($baseline, --cpus $cpus)"
containers+=("$prefix-baseline")
t0="$(now)"
port_base="$(start "$prefix-baseline" "$baseline")"
wait_url "http://127.0.0.1:$port_base/" 120 || die "the baseline did not answer"
base_ready_s="$(elapsed "$t0" "$(now)")"

step "starting the previous release ($prev, --cpus $cpus) on its own volume and table prefix; installing it"
volumes+=("$prefix-prev-vol")
containers+=("$prefix-prev")
port_prev="$(start "$prefix-prev" "$prev" -v "$prefix-prev-vol:/var/www/shared" -e WORDPRESS_TABLE_PREFIX=prev_)"
wait_url "http://127.0.0.1:$port_prev/healthz" 120 || die "the previous release did not become healthy"
curl -sf -o /dev/null -H "Host: $host" --max-time 120 "http://127.0.0.1:$port_prev/wp-admin/install.php?step=2" \
  --data-urlencode weblog_title=Bench --data-urlencode user_name=admin \
  --data-urlencode admin_password=bench-Pass-1234 --data-urlencode admin_password2=bench-Pass-1234 \
  --data-urlencode pw_weak=1 --data-urlencode admin_email=admin@example.invalid --data-urlencode blog_public=0 \
  || die "WordPress install on the previous release failed"

cat >"$work/p95.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(95) / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
EOF
measure() { # measure PORT: "rps p95_ms errors"
  wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s -H "Host: $host" -s "$work/p95.lua" \
    "http://127.0.0.1:$1/" | awk '/^RESULT/ { print $2, $3, $4 }'
}
declare -A port=([image]="$port_image" [baseline]="$port_base" [prev]="$port_prev")
for side in image baseline prev; do # warm OPcache and the database
  wrk -t1 -c2 -d3s -H "Host: $host" "http://127.0.0.1:${port[$side]}/" >/dev/null
  : >"$work/runs-$side"
done
# Interleaved: every round runs all three sides back to back, the order rotating
# round by round, so a drift of the machine spreads over all of them.
order=(image baseline prev)
for r in $(seq 1 "$rounds"); do
  for side in "${order[@]}"; do
    step "throughput round $r/$rounds: $side (${seconds}s, $conns connections)"
    measure "${port[$side]}" >>"$work/runs-$side"
  done
  order=("${order[@]:1}" "${order[0]}")
done
# summary SIDE COLUMN: "median min max" of that column over the rounds.
summary() { awk -v c="$2" '{ print $c }' "$work/runs-$1" | sort -g | awk '{ v[NR] = $1 }
  END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'; }
errors() { awk '{ s += $3 } END { print s + 0 }' "$work/runs-$1"; }
read -r rps_image rps_image_min rps_image_max <<<"$(summary image 1)"
read -r rps_base rps_base_min rps_base_max <<<"$(summary baseline 1)"
read -r rps_prev rps_prev_min rps_prev_max <<<"$(summary prev 1)"
read -r p95_image p95_image_min p95_image_max <<<"$(summary image 2)"
read -r p95_base p95_base_min p95_base_max <<<"$(summary baseline 2)"
read -r p95_prev p95_prev_min p95_prev_max <<<"$(summary prev 2)"
err_image="$(errors image)" err_base="$(errors baseline)" err_prev="$(errors prev)"

step "start to healthy on the seeded volume"
containers+=("$prefix-wp2")
t0="$(now)"
port_seeded="$(start "$prefix-wp2" "$subject" -v "$prefix-vol:/var/www/shared")"
wait_url "http://127.0.0.1:$port_seeded/healthz" 120 || die "the second container did not become healthy"
seeded_s="$(elapsed "$t0" "$(now)")"

# --- Report ---------------------------------------------------------------------------
goal() { awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { if (v == "n/a") { print "n/a"; exit }
  ok = (op == "<=") ? (v + 0 <= g + 0) : (v + 0 >= g + 0); print ok ? "met" : "MISSED" }'; }
app_ratio=n/a
if [[ "$full_s" != n/a ]]; then app_ratio="$(ratio "$app_s" "$full_s")"; fi
rps_ratio="$(ratio "$rps_image" "$rps_base")"
p95_ratio="$(ratio "$p95_image" "$p95_base")"
spread() { printf '%s-%s' "$1" "$2"; }
echo
echo "Image benchmark: $subject vs $baseline (WordPress $WORDPRESS_VERSION), --cpus $cpus, $conns connections, ${seconds}s x $rounds interleaved rounds (median, spread min-max)"
echo "previous release: $prev ($prev_release), commit ${PREV_RELEASE_COMMIT:0:12}"
printf '%-34s %12s %12s %8s  %-34s %12s %8s\n' "figure" "image" "baseline" "ratio" "goal" "prev-release" "ratio"
printf '%-34s %12s %12s %8s  %-34s %12s %8s\n' "compressed size (MB)" "$size_image" "$size_base" "$(ratio "$size_image" "$size_base")" "image <= 137 MB: $(goal "$size_image" "<=" 137)" "$size_prev" "$(ratio "$size_image" "$size_prev")"
printf '%-34s %12s %12s %8s  %-34s\n' "build: full / app-only (s)" "$full_s" "$app_s" "$app_ratio" "app-only <= 0.33 of full: $(goal "$app_ratio" "<=" 0.3334)"
printf '%-34s %12s %12s %8s  %-34s %12s %8s\n' "home page throughput (req/s)" "$rps_image" "$rps_base" "$rps_ratio" ">= 1.1x: $(goal "$rps_ratio" ">=" 1.1)" "$rps_prev" "$(ratio "$rps_image" "$rps_prev")"
printf '%-34s %12s %12s %8s  %-34s %12s\n' "  spread over the rounds" "$(spread "$rps_image_min" "$rps_image_max")" "$(spread "$rps_base_min" "$rps_base_max")" "" "" "$(spread "$rps_prev_min" "$rps_prev_max")"
printf '%-34s %12s %12s %8s  %-34s %12s %8s\n' "home page p95 latency (ms)" "$p95_image" "$p95_base" "$p95_ratio" "<= 1.0x: $(goal "$p95_ratio" "<=" 1.0)" "$p95_prev" "$(ratio "$p95_image" "$p95_prev")"
printf '%-34s %12s %12s %8s  %-34s %12s\n' "  spread over the rounds" "$(spread "$p95_image_min" "$p95_image_max")" "$(spread "$p95_base_min" "$p95_base_max")" "" "" "$(spread "$p95_prev_min" "$p95_prev_max")"
printf '%-34s %12s %12s %8s  %-34s\n' "start to healthy, seeded (s)" "$seeded_s" "$base_ready_s" "$(ratio "$seeded_s" "$base_ready_s")" "<= 2 s: $(goal "$seeded_s" "<=" 2)"
printf '%-34s %12s %12s %8s  %-34s\n' "start to healthy, empty volume (s)" "$empty_s" "$base_ready_s" "$(ratio "$empty_s" "$base_ready_s")" "<= 10 s: $(goal "$empty_s" "<=" 10)"
echo "(ratios: image / column to their left; baseline start = docker run to first 200 of its home page; errors during load: image $err_image, baseline $err_base, prev-release $err_prev; the previous release serves its own WordPress and default theme, so that column compares releases, not servers)"
