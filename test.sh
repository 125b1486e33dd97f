#!/usr/bin/env bash
# The README's test command: makes sure this machine has what the tests run for real, then runs every test.
#
#   ./test.sh                    set up (see below), then ./mvnw verify
#   ./test.sh -pl core -am       extra arguments go to ./mvnw verify
#   ./test.sh --setup-only       the set-up alone
#
# The set-up, each step skipped when already done: on Debian as root it installs what is missing with apt-get
# (otherwise it names the missing parts and the apt-get command, and stops), starts a Docker engine unless one
# answers, and builds the local base image of the cluster tests. A machine that has all of this can run
# ./mvnw verify directly. CI runs this script through .ci/run.
set -euo pipefail
cd "$(dirname "$0")"

# What the tests run for real: a JDK 17+ (the Maven wrapper brings Maven), Redis for the resolver server's shared
# store, dnsmasq as the DNS server of the DNS resolver's tests. Each test starts its own server on a free port.
# Then a Docker engine and docker-compose v1 for cluster-tests/, the JDK 17 jmods that docker/build-base-image.sh
# links the image's Java runtime from, and Chromium with its driver for the sample app's browser test.
missing=()   # Debian packages
why=()       # what each stands for
need() { missing+=("$1"); why+=("$2"); }
command -v javac >/dev/null 2>&1 || need openjdk-17-jdk-headless "a JDK (javac)"
command -v redis-server >/dev/null 2>&1 || need redis-server "redis-server"
[ -x /usr/sbin/dnsmasq ] || need dnsmasq-base "dnsmasq (/usr/sbin/dnsmasq)"
command -v dockerd >/dev/null 2>&1 || need docker.io "a Docker engine (dockerd)"
command -v docker-compose >/dev/null 2>&1 || need docker-compose "docker-compose"
compgen -G '/usr/lib/jvm/*17*/jmods' >/dev/null || need openjdk-17-jdk-headless "the JDK 17 jmods"
command -v chromium >/dev/null 2>&1 || need chromium "chromium"
command -v chromedriver >/dev/null 2>&1 || need chromium-driver "chromedriver"
if [ ${#missing[@]} -gt 0 ]; then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  packages=${packages% }
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages
  else
    lacks=$(printf '%s, ' "${why[@]}")
    echo "test.sh: the tests need parts this machine lacks: ${lacks%, }." >&2
    echo "On Debian, install them with:  sudo apt-get install -y $packages" >&2
    echo "or run this script as root (sudo ./test.sh), which installs them itself." >&2
    exit 1
  fi
fi

# A running Docker engine, and the local Java runtime image that the cluster tests and docker-compose.yml build on
# (nothing can be pulled here); both steps return at once when already done, so a running engine is never started
# twice.
if ! timeout 10 docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: no Docker engine answers 'docker info'. Start one (sudo dockerd &, or sudo systemctl start" \
         "docker) and make sure this user may use it, or run this script as root, which starts dockerd itself." >&2
    exit 1
  fi
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 60); do timeout 10 docker info >/dev/null 2>&1 && break; sleep 1; done
  if ! timeout 10 docker info >/dev/null 2>&1; then
    echo "test.sh: dockerd did not answer within 60 s; its log, /tmp/dockerd.log, ends with:" >&2
    tail -n 20 /tmp/dockerd.log >&2 || true
    exit 1
  fi
fi
docker/build-base-image.sh peermesh/jre:17

if [ "${1:-}" = "--setup-only" ]; then
  echo "test.sh: set-up done; ./mvnw verify runs every test"
  exit 0
fi
exec ./mvnw verify "$@"
