"""The `bot` command for staff and setup: `bot load` creates the schema and loads the facts."""

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from bot import db, knowledge
from bot.config import KNOWLEDGE_DIR, database_url
from bot.states import FileStatus


def _load(args: argparse.Namespace) -> int:
    from bot.loader import KnowledgeError, load_knowledge

    db.upgrade(args.database_url)
    try:
        with db.session_scope(args.database_url) as session:
            report = load_knowledge(session, Path(args.directory))
    except (KnowledgeError, FileNotFoundError) as error:
        print(f"Fehler beim Laden: {error}", file=sys.stderr)
        return 1
    print(f"Geladen: {report.sources} Quellen, {report.calls} Förderaufrufe, {report.circulars} Rundschreiben.")
    if report.kept:
        print(f"Nicht überschrieben, weil in der Geschäftsstelle geändert: {', '.join(report.kept)}.")
    return 0


_INGEST_LABELS = {FileStatus.INGESTED: "neu", FileStatus.UPDATED: "aktualisiert", FileStatus.UNCHANGED: "unverändert"}


def _ingest(args: argparse.Namespace) -> int:
    from bot.ingest.pipeline import ingest

    db.upgrade(args.database_url)
    summary = ingest(
        [Path(p) for p in args.paths],
        args.database_url,
        progress=len(args.paths) > 1 or any(Path(p).is_dir() for p in args.paths),
    )
    for result in summary.results:
        if result.status == FileStatus.FAILED:
            print(f"Fehler: {result.path}: {result.reason}", file=sys.stderr)
        else:
            label = _INGEST_LABELS[result.status]
            print(f"{label}: {result.path} (Rundschreiben Nr. {result.number})")
    print(
        f"Zusammenfassung: {summary.count(FileStatus.INGESTED)} neu, {summary.count(FileStatus.UPDATED)} aktualisiert, "
        f"{summary.count(FileStatus.UNCHANGED)} unverändert, {summary.count(FileStatus.FAILED)} fehlgeschlagen."
    )
    return 1 if summary.count(FileStatus.FAILED) else 0


def _search(args: argparse.Namespace) -> int:
    import json

    from bot import search
    from bot.config import today

    try:
        applicant = search.applicant_filter(args.applicant)
    except search.FilterError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    with db.session_scope(args.database_url) as session:
        hits = search.search(
            session,
            args.query,
            year=args.year,
            applicant_type=applicant,
            status=args.status,
            today=today(),
            limit=args.limit,
        )
        if args.json:
            print(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
            return 0
        if not hits:
            print(f"Keine Treffer für „{args.query}“.")
        for hit in hits:
            print(f"{hit.label}: {hit.title}\n    {hit.snippet}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from bot.staff.app import serve

    db.upgrade(args.database_url)
    serve(args.host, args.port, args.database_url)
    return 0


def _calls(args: argparse.Namespace) -> int:
    with db.session_scope(args.database_url) as session:
        for call in knowledge.list_calls(session):
            print(f"{call.slug:24} {call.title}")
    return 0


def _faq(args: argparse.Namespace) -> int:
    from bot import faq

    with db.session_scope(args.database_url) as session:
        entries = faq.list_entries(session)
        if not entries:
            print("Noch keine FAQ-Einträge (anlegen auf den Mitarbeiterseiten: /faq).")
            return 0
        print(f"{len(entries)} FAQ-Einträge (Mitarbeiterseiten: /faq):")
        for entry in entries:
            others = len(faq.wordings(entry)) - 1
            print(f"{entry.id:>4}  {entry.question}  (Quelle: {entry.source}; {others} andere Formulierungen)")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from bot.evaluation import DialogueFileError, known_facts, load_dialogues, play, report

    try:
        files = [load_dialogues(Path(p)) for p in args.files]
    except (DialogueFileError, OSError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    with db.session_scope(args.database_url) as session:
        known = known_facts(session)
    results = [play(args.url, f, known) for f in files]
    print(report(results))
    return 0 if all(r.passed == len(r.turns) for r in results) else 1


def _forget(args: argparse.Namespace) -> int:
    from bot.retention import RetentionError, forget, forget_unanswered, retention_period, tracker_database_url

    try:
        period = retention_period(args.older_than)
    except RetentionError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    age = f"{period.days} Tage" if not period.seconds else f"{int(period.total_seconds() // 3600)} Stunden"
    questions = forget_unanswered(args.database_url or database_url(), period)
    print(f"Gelöscht: {questions} unbeantwortete Fragen, die älter als {age} waren.")
    url = args.tracker_db_url or tracker_database_url()
    if url is None:
        print(
            "Kein Tracker-Speicher eingerichtet (TRACKER_DB_URL oder TRACKER_DB_HOST): im eingebetteten "
            "Betrieb stehen Gespräche nur im Arbeitsspeicher und sind nach dem Beenden gelöscht."
        )
        return 0
    forgotten = forget(url, period)
    print(
        f"Gelöscht: {forgotten.conversations} Gespräche ({forgotten.events} Ereignisse), "
        f"deren letzte Nachricht älter als {age} war."
    )
    return 0


def _review(args: argparse.Namespace) -> int:
    from bot import review

    with db.session_scope(args.database_url) as session:
        awaiting = review.awaiting_review(session)
        if not awaiting:
            print("Nichts zu prüfen: alle Förderaufrufe sind geprüft.")
            return 0
        print(f"{len(awaiting)} Förderaufrufe warten auf Prüfung (Mitarbeiterseiten: /pruefung):")
        for item in awaiting:
            circulars = ", ".join(item.circulars) or "ohne Rundschreiben"
            print(f"{item.call.slug:40} {item.call.title} (Rundschreiben {circulars}; {item.records} Angaben)")
    return 0


def _unanswered(args: argparse.Namespace) -> int:
    from bot import unanswered
    from bot.dates import local_time

    with db.session_scope(args.database_url) as session:
        groups = unanswered.grouped(session, args.limit)
    if not groups:
        print("Keine unbeantworteten Fragen gespeichert.")
        return 0
    print(f"Unbeantwortete Fragen, die zuletzt gestellten zuerst ({len(groups)}; Mitarbeiterseiten: /unbeantwortet):")
    for group in groups:
        asked = f"{local_time(group.last_asked):%d.%m.%Y}"
        print(f"{group.count:>4}×  {asked}  {group.question}  ({', '.join(group.reason_labels)})")
    return 0


def _user(args: argparse.Namespace) -> int:
    from bot import accounts

    db.upgrade(args.database_url)
    if args.action == "list":
        with db.session_scope(args.database_url) as session:
            names = accounts.usernames(session)
        print("\n".join(names) if names else "Noch keine Konten angelegt.")
        return 0
    if not args.name:
        print("Fehler: Benutzername fehlt (bot user add NAME).", file=sys.stderr)
        return 2
    password = _read_password(args.password_stdin)
    if password is None:
        return 2
    try:
        with db.session_scope(args.database_url) as session:
            accounts.create_user(session, args.name, password)
    except accounts.AccountError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    print(f"Konto „{args.name.strip().lower()}“ gespeichert.")
    return 0


def _read_password(from_stdin: bool) -> Optional[str]:
    """The new password: the first line of stdin (for scripts), or typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Passwort: ")
    if getpass.getpass("Passwort wiederholen: ") != first:
        print("Fehler: Die Passwörter stimmen nicht überein.", file=sys.stderr)
        return None
    return first


def parser() -> argparse.ArgumentParser:
    """The command line: one subcommand for each job (the README names them all)."""
    parser = argparse.ArgumentParser(prog="bot", description="Förderbot: Wissensbasis verwalten")
    parser.add_argument(
        "--database-url", default=None, help=f"Datenbank (Standard: $DATABASE_URL oder {database_url()})"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="Schema anlegen und kuratierte Fakten laden")
    load.add_argument("--directory", default=str(KNOWLEDGE_DIR))
    load.set_defaults(run=_load)
    ingest = commands.add_parser("ingest", help="Rundschreiben (TXT, PDF, DOCX; Dateien oder Ordner) einlesen")
    ingest.add_argument("paths", nargs="+", metavar="PFAD")
    ingest.set_defaults(run=_ingest)
    find = commands.add_parser("search", help="Rundschreiben und Förderaufrufe im Volltext suchen")
    find.add_argument("query", metavar="SUCHBEGRIFFE")
    find.add_argument("--year", type=int, help="nur dieses Jahr")
    find.add_argument("--applicant", help="nur für diese Antragsteller (z. B. Landkreis, Gemeinde, Verein)")
    find.add_argument("--status", choices=["open", "closed"], help="nur offene oder abgelaufene Aufrufe")
    find.add_argument("--limit", type=int, default=10)
    find.add_argument("--json", action="store_true", help="Ausgabe als JSON")
    find.set_defaults(run=_search)
    web = commands.add_parser("serve", help="Mitarbeiterseiten (Suche, Prüfung, FAQ) und Such-API (JSON) starten")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8000)
    web.set_defaults(run=_serve)
    forget_ = commands.add_parser("forget", help="alte Gespräche aus dem Tracker-Speicher löschen (Datenschutz)")
    forget_.add_argument(
        "--older-than", metavar="DAUER", help="z. B. 90d oder 36h (Standard: $FOERDERBOT_RETENTION_DAYS oder 90 Tage)"
    )
    forget_.add_argument("--tracker-db-url", help="Tracker-Datenbank (Standard: $TRACKER_DB_URL oder TRACKER_DB_*)")
    forget_.set_defaults(run=_forget)
    review_ = commands.add_parser("review", help="Förderaufrufe, die auf Prüfung warten")
    review_.set_defaults(run=_review)
    unanswered_ = commands.add_parser("unanswered", help="Fragen, die der Assistent nicht beantworten konnte")
    unanswered_.add_argument("--limit", type=int, default=50, help="höchstens so viele Fragen (Standard: 50)")
    unanswered_.set_defaults(run=_unanswered)
    user = commands.add_parser("user", help="Konten der Geschäftsstelle für die Mitarbeiterseiten")
    user.add_argument("action", choices=["add", "list"], help="add: anlegen oder neues Passwort; list: auflisten")
    user.add_argument("name", nargs="?", metavar="NAME")
    user.add_argument("--password-stdin", action="store_true", help="Passwort aus der ersten Zeile der Eingabe lesen")
    user.set_defaults(run=_user)
    calls = commands.add_parser("calls", help="bekannte Förderaufrufe auflisten")
    calls.set_defaults(run=_calls)
    faq_ = commands.add_parser("faq", help="FAQ-Einträge der Geschäftsstelle auflisten")
    faq_.set_defaults(run=_faq)
    evaluate = commands.add_parser("eval", help="Dialogdateien gegen den laufenden Assistenten prüfen")
    evaluate.add_argument("files", nargs="+", metavar="DATEI", help="Dialogdateien (Format: eval/README.md)")
    evaluate.add_argument("--url", default="http://localhost:5005", help="Rasa-Server (Standard: %(default)s)")
    evaluate.set_defaults(run=_eval)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
