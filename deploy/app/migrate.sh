#!/bin/sh
# One-shot `migrate` service (docker-compose.yml): runs before Rasa, the actions and the search
# page start. Both steps are idempotent, so it runs on every `docker compose up`.
#   1. create the tracker store's database if it is missing (Rasa does not create it)
#   2. `bot load`: Alembic migrations of the knowledge base, then the curated facts of
#      data/knowledge/ (circulars added with `bot ingest` stay)
set -eu
python deploy/app/ensure_tracker_db.py
exec bot load
