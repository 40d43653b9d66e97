"""Create the database of Rasa's tracker store when it does not exist yet.

Rasa's SQL tracker store creates its tables, but not the database itself (only when `login_db`
is configured, which endpoints.production.yml does not use). This reads the same TRACKER_DB_*
variables as endpoints.production.yml, connects to the maintenance database (`postgres`, or
TRACKER_DB_MAINTENANCE_DB) and creates TRACKER_DB_NAME if it is missing. Idempotent; the role
needs the CREATEDB right (the role the postgres image creates is a superuser).
"""
import os
import sys
import time

import psycopg2
from psycopg2 import errors, sql


def ensure_database(host: str, port: int, name: str, user: str, password: str,
                    maintenance_db: str = "postgres") -> bool:
    """Create database `name` unless it exists; True when it was created."""
    connection = psycopg2.connect(host=host, port=port, user=user, password=password,
                                  dbname=maintenance_db, connect_timeout=10)
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone():
                return False
            try:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except errors.DuplicateDatabase:  # created meanwhile by someone else
                return False
            return True
    finally:
        connection.close()


def main() -> int:
    try:
        settings = dict(host=os.environ["TRACKER_DB_HOST"], port=int(os.environ.get("TRACKER_DB_PORT", "5432")),
                        name=os.environ["TRACKER_DB_NAME"], user=os.environ["TRACKER_DB_USER"],
                        password=os.environ.get("TRACKER_DB_PASSWORD", ""),
                        maintenance_db=os.environ.get("TRACKER_DB_MAINTENANCE_DB", "postgres"))
    except KeyError as missing:
        print(f"ensure_tracker_db: environment variable {missing} is not set", file=sys.stderr)
        return 2
    # The postgres service is healthy before this runs; a few retries cover a restart in between.
    for attempt in range(1, 6):
        try:
            created = ensure_database(**settings)
            break
        except psycopg2.OperationalError as error:
            if attempt == 5:
                print(f"ensure_tracker_db: cannot reach PostgreSQL: {error}", file=sys.stderr)
                return 1
            time.sleep(2 * attempt)
    state = "angelegt" if created else "vorhanden"
    print(f"Tracker-Datenbank {settings['name']}: {state}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
