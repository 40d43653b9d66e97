"""The `bot` command for staff and setup: `bot load` creates the schema and loads the facts."""
import argparse
import sys
from pathlib import Path
from typing import List, Optional

from bot import db, knowledge
from bot.config import KNOWLEDGE_DIR, database_url
from bot.loader import KnowledgeError, load_knowledge


def _load(args: argparse.Namespace) -> int:
    db.upgrade(args.database_url)
    try:
        with db.session_scope(args.database_url) as session:
            report = load_knowledge(session, Path(args.directory))
    except (KnowledgeError, FileNotFoundError) as error:
        print(f"Fehler beim Laden: {error}", file=sys.stderr)
        return 1
    print(f"Geladen: {report.sources} Quellen, {report.calls} Förderaufrufe, "
          f"{report.circulars} Rundschreiben.")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from bot.ingest.pipeline import ingest

    db.upgrade(args.database_url)
    summary = ingest([Path(p) for p in args.paths], args.database_url, progress=len(args.paths) > 1
                     or any(Path(p).is_dir() for p in args.paths))
    for result in summary.results:
        if result.status == "failed":
            print(f"Fehler: {result.path}: {result.reason}", file=sys.stderr)
        else:
            label = {"ingested": "neu", "updated": "aktualisiert", "unchanged": "unverändert"}[result.status]
            print(f"{label}: {result.path} (Rundschreiben Nr. {result.number})")
    print(f"Zusammenfassung: {summary.count('ingested')} neu, {summary.count('updated')} aktualisiert, "
          f"{summary.count('unchanged')} unverändert, {summary.count('failed')} fehlgeschlagen.")
    return 1 if summary.count("failed") else 0


def _calls(args: argparse.Namespace) -> int:
    with db.session_scope(args.database_url) as session:
        for call in knowledge.list_calls(session):
            print(f"{call.slug:24} {call.title}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="bot", description="Förderbot: Wissensbasis verwalten")
    parser.add_argument("--database-url", default=None,
                        help=f"Datenbank (Standard: $DATABASE_URL oder {database_url()})")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="Schema anlegen und kuratierte Fakten laden")
    load.add_argument("--directory", default=str(KNOWLEDGE_DIR))
    load.set_defaults(run=_load)
    ingest = commands.add_parser("ingest", help="Rundschreiben (TXT, PDF, DOCX; Dateien oder Ordner) einlesen")
    ingest.add_argument("paths", nargs="+", metavar="PFAD")
    ingest.set_defaults(run=_ingest)
    calls = commands.add_parser("calls", help="bekannte Förderaufrufe auflisten")
    calls.set_defaults(run=_calls)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
