#!/usr/bin/env bash
# Start the action server, wait for its health check, then the Rasa server (or `rasa shell`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Rasa 3.6 and its dependencies print many deprecation warnings that say nothing to a user.
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning} TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
# Nothing leaves the machine: Rasa's telemetry is off.
export RASA_TELEMETRY_ENABLED=false
# Every server listens on loopback only, unless the operator names another interface.
HOST=${FOERDERBOT_HOST:-127.0.0.1}
ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}

SEARCH_PORT=${SEARCH_PORT:-8000}
WIDGET_PORT=${WIDGET_PORT:-8080}

SANIC_HOST="$HOST" "$BIN/rasa" run actions --port "$ACTION_PORT" --actions actions &
ACTIONS_PID=$!
SEARCH_PID= WIDGET_PID=
trap 'kill $ACTIONS_PID $SEARCH_PID $WIDGET_PID 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  curl -fsS "http://localhost:$ACTION_PORT/health" >/dev/null 2>&1 && break
  kill -0 $ACTIONS_PID 2>/dev/null || { echo "Der Action-Server ist nicht gestartet." >&2; exit 1; }
  sleep 1
done

if [[ "${1:-}" == "shell" ]]; then
  "$BIN/rasa" shell --model models/foerderbot.tar.gz --endpoints endpoints.yml
  exit 0
fi

"$BIN/bot" serve --host "$HOST" --port "$SEARCH_PORT" &
SEARCH_PID=$!
# Demo page with the chat widget (built by `make widget`); it talks to Rasa at localhost:5005 or ?rasa=URL.
"$BIN/python" -m http.server "$WIDGET_PORT" --bind "$HOST" --directory web/dist >/dev/null 2>&1 &
WIDGET_PID=$!
WIDGET_URL="http://localhost:$WIDGET_PORT/"
[[ "$RASA_PORT" == 5005 ]] || WIDGET_URL+="?rasa=http://localhost:$RASA_PORT"

cat <<INFO

Förderbot startet: Rasa-Server auf http://localhost:$RASA_PORT, Action-Server auf http://localhost:$ACTION_PORT
  Fragen per REST:  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                      -d '{"sender": "ich", "message": "Darf ein Landkreis bei Heimat 2.0 mitmachen?"}'
  Chat im Terminal: make shell
  Website-Widget:   Demo-Seite $WIDGET_URL (socket.io auf http://localhost:$RASA_PORT/socket.io)
  Seiten der Geschäftsstelle: http://localhost:$SEARCH_PORT/ (Suche, Prüfung, Unbeantwortetes, FAQ;
                      Konto anlegen: .venv/bin/bot user add NAME; JSON: /api/search?q=...)
Beenden mit Strg+C.

INFO

# Rasa's HTTP API can read and rewrite every conversation and replace the model: it is on only
# with a token (RASA_AUTH_TOKEN). Other websites may use the channels only from the origins in
# RASA_CORS_ORIGINS (space-separated; default: the demo page).
rasa_args=(--model models/foerderbot.tar.gz --interface "$HOST" --port "$RASA_PORT"
  --credentials "${RASA_CREDENTIALS:-credentials.yml}" --endpoints endpoints.yml)
if [[ -n "${RASA_AUTH_TOKEN:-}" ]]; then
  rasa_args+=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi
read -r -a origins <<<"${RASA_CORS_ORIGINS:-http://localhost:$WIDGET_PORT http://127.0.0.1:$WIDGET_PORT}"
rasa_args+=(--cors "${origins[@]}")
"$BIN/rasa" run "${rasa_args[@]}"
