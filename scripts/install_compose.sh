#!/usr/bin/env bash
# Tools that tests/test_deployment.py needs to check the production deployment without a Docker
# daemon or an image registry (`make compose-tools` runs this; it is idempotent):
#   1. a Compose implementation for `docker-compose config` / `docker compose config`, which
#      parses docker-compose.yml, interpolates the variables from .env.example and validates it
#      against Compose's own schema. Neither needs a daemon. The machine's Docker CLI has no
#      compose plugin, so Debian's `docker-compose` (1.29.2 on bookworm) is installed, without
#      its recommended `docker.io` (the daemon is not wanted here).
#   2. nginx, only to run `nginx -t` on deploy/nginx/: the binary is taken out of Debian's
#      package into build/compose-tools/nginx (no service is installed or started).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=build/compose-tools
NGINX="$TOOLS/nginx/usr/sbin/nginx"

SUDO=
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install_compose.sh: needs root (or sudo) for apt-get." >&2; exit 1; }
  SUDO=sudo
fi
apt_updated=
apt_update() {
  [[ -n $apt_updated ]] && return
  $SUDO apt-get update -qq
  apt_updated=1
}

if docker compose version >/dev/null 2>&1; then
  echo "Compose: $(docker compose version) (docker compose plugin, already there)"
elif command -v docker-compose >/dev/null 2>&1; then
  echo "Compose: $(docker-compose version --short 2>/dev/null || docker-compose --version) (already there)"
else
  apt_update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  echo "Compose: $(docker-compose version --short) (installed from Debian's docker-compose package)"
fi

if [[ -x $NGINX ]] && "$NGINX" -v >/dev/null 2>&1; then
  echo "nginx for nginx -t: $("$NGINX" -v 2>&1) in $TOOLS/nginx (already there)"
else
  apt_update
  download=$(mktemp -d)
  trap 'rm -rf "$download"' EXIT
  # `apt-get download` runs as the _apt user when it can; let it write into the folder.
  chmod 777 "$download"
  (cd "$download" && apt-get download -qq nginx >/dev/null)
  rm -rf "$TOOLS/nginx"
  mkdir -p "$TOOLS/nginx"
  dpkg-deb -x "$download"/nginx_*.deb "$TOOLS/nginx"
  "$NGINX" -v >/dev/null 2>&1 || {
    # The binary's libraries (PCRE2, OpenSSL, zlib) come with the base system; install them if not.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libpcre2-8-0 libssl3 zlib1g libcrypt1 >/dev/null
  }
  echo "nginx for nginx -t: $("$NGINX" -v 2>&1) in $TOOLS/nginx (from Debian's nginx package)"
fi
