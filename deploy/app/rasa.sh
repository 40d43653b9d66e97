#!/bin/sh
# Start the Rasa server in the `rasa` container (docker-compose.yml; docs/deployment.md).
#
#   rasa run --model models/foerderbot.tar.gz --port 5005
#            --credentials credentials.production.yml --endpoints endpoints.production.yml
#
# where the credentials file is credentials.production.yml without the channels whose settings
# are all empty (deploy/app/channels.py: a deployment without Teams leaves MICROSOFT_* empty),
# plus, from the environment:
#   RASA_AUTH_TOKEN    set: `--enable-api --auth-token TOKEN`. Rasa's HTTP API can read and
#                      rewrite every conversation and replace the model, so it is only ever on
#                      with a token; empty: no API, only the channels and `GET /`.
#   RASA_CORS_ORIGINS  space-separated origins allowed to use the channels from other websites.
#   RASA_MODEL         another model file inside the container (default: the one built in).
# Extra arguments are passed on to `rasa run`.
set -eu

# Rasa would start several Sanic worker processes when SANIC_WORKERS > 1 and the lock store is
# Redis (rasa/core/utils.py, number_of_sanic_workers), but the socket.io channel keeps each
# client's session in the process that accepted it, so a client's long-polling requests would
# land in processes that do not know it. Scale with replicas instead (RASA_REPLICAS).
if [ "${SANIC_WORKERS:-1}" != "1" ]; then
  echo "rasa.sh: SANIC_WORKERS=${SANIC_WORKERS} is not supported with the socket.io channel;" \
       "scale with RASA_REPLICAS instead (docs/deployment.md)." >&2
  exit 64
fi

credentials="${TMPDIR:-/tmp}/foerderbot-credentials.yml"
python deploy/app/channels.py credentials.production.yml "$credentials"

set -- rasa run --model "${RASA_MODEL:-models/foerderbot.tar.gz}" --port 5005 \
  --credentials "$credentials" --endpoints endpoints.production.yml "$@"
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  set -- "$@" --enable-api --auth-token "$RASA_AUTH_TOKEN"
fi
if [ -n "${RASA_CORS_ORIGINS:-}" ]; then
  # One argument per origin (`--cors` takes a list), so the word splitting is intended.
  # shellcheck disable=SC2086
  set -- "$@" --cors $RASA_CORS_ORIGINS
fi
exec "$@"
