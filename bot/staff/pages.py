"""Search for staff over HTTP: `GET /api/search` (JSON) and a plain search page at `/`.

Served by Sanic, the web framework Rasa itself runs on; `bot serve` starts it.
"""

import asyncio
import html
from typing import List, Optional

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, redirect
from sanic.response import html as html_response
from sanic.response import json as json_response

from bot import db, search
from bot.applicants import LABELS
from bot.config import today

PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rundschreiben-Suche – Landkreistag Sachsen-Anhalt</title>
<style>body{{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.45}}
form{{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:1.5rem}}input[type=search]{{flex:1 1 20rem;padding:.4rem}}
mark{{background:#ffe58a}}li{{margin-bottom:1rem}}.meta{{color:#555;font-size:.9rem}}</style></head>
<body><h1>Rundschreiben und Förderaufrufe suchen</h1>
<form method="get" action="/suche" role="search">
<label for="q">Suchbegriffe</label>
<input type="search" id="q" name="q" value="{query}" placeholder="z. B. Daseinsvorsorge digital" autofocus>
<label>Jahr <input type="number" name="year" value="{year}" min="1990" max="2100" style="width:6rem"></label>
<label>Antragsteller <select name="applicant"><option value="">alle</option>{applicants}</select></label>
<label>Aufrufe <select name="status"><option value="">alle</option>{statuses}</select></label>
<button type="submit">Suchen</button></form>
{results}
</body></html>"""


def _options(values, selected) -> str:
    return "".join(
        f'<option value="{v}"{" selected" if v == selected else ""}>{html.escape(label)}</option>'
        for v, label in values
    )


def _filters(request: Request):
    """Read and check the query parameters; returns (query, year, applicant, status, error)."""
    args = request.args
    query = (args.get("q") or "").strip()
    year_text, applicant_text, status = args.get("year") or "", args.get("applicant") or "", args.get("status") or ""
    if year_text and not year_text.isdigit():
        return query, None, None, None, "Das Jahr muss eine Zahl sein, z. B. 2020."
    try:
        applicant = search.applicant_filter(applicant_text)
    except search.FilterError as error:
        return query, None, None, None, str(error)
    if status not in ("", "open", "closed"):
        return query, None, None, None, "Der Status muss „open“ oder „closed“ sein."
    return query, int(year_text) if year_text else None, applicant, status or None, None


def _run(
    url: Optional[str], query: str, year: Optional[int], applicant: Optional[str], status: Optional[str]
) -> List[search.Hit]:
    with db.session_scope(url) as session:
        return search.search(
            session, query, year=year, applicant_type=applicant, status=status, today=today(), limit=20
        )


def register(app: Sanic) -> None:
    database_url = app.ctx.database_url

    async def run_search(*filters) -> List[search.Hit]:
        # The database calls block, so they run in a worker thread and the event loop stays free.
        return await asyncio.to_thread(_run, database_url, *filters)

    @app.get("/api/search")
    async def api_search(request: Request) -> HTTPResponse:
        query, year, applicant, status, error = _filters(request)
        if error or not query:
            return json_response({"error": error or "Bitte Suchbegriffe im Parameter q angeben."}, status=400)
        hits = await run_search(query, year, applicant, status)
        return json_response(
            {"query": query, "count": len(hits), "results": [h.as_dict() for h in hits]}, ensure_ascii=False
        )

    @app.get("/")
    async def start(request: Request) -> HTTPResponse:
        return redirect("/suche")  # the start page is being written

    @app.get("/suche")
    async def page(request: Request) -> HTTPResponse:
        query, year, applicant, status, error = _filters(request)
        if error:
            results = f'<p role="alert">{html.escape(error)}</p>'
        elif not query:
            results = "<p>Geben Sie Suchbegriffe ein, zum Beispiel „Fristen Heimat 2.0“.</p>"
        else:
            hits = await run_search(query, year, applicant, status)
            items = [
                f"<li><strong>{html.escape(hit.label)}</strong>: "
                f'{html.escape(hit.title)}<br><span class="meta">{hit.snippet_html}</span></li>'
                for hit in hits
            ]
            results = (
                f"<p>{len(hits)} Treffer für „{html.escape(query)}“.</p><ol>{''.join(items)}</ol>"
                if hits
                else f"<p>Keine Treffer für „{html.escape(query)}“.</p>"
            )
        return html_response(
            PAGE.format(
                query=html.escape(query),
                year=year or "",
                results=results,
                applicants=_options(LABELS.items(), applicant),
                statuses=_options([("open", "offen"), ("closed", "abgelaufen")], status),
            )
        )
