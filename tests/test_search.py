"""German full-text search on the SQLite knowledge base (PostgreSQL: tests/test_production.py)."""

from datetime import date

import pytest

from bot import search
from bot.dates import german_date
from bot.models import CallAlias, Deadline, Eligibility, FundingCall, Source


def keys(hits):
    return [h.key for h in hits]


@pytest.mark.parametrize("query", ["Daseinsvorsorge digital", "daseinsvorsorge", "Digitalisierung"])
def test_circular_384_is_found_by_its_topics(session, query):
    assert "384/2020" in keys(search.search(session, query))


def test_inflections_and_compounds_do_not_hide_a_hit(session):
    # "Fristen" finds calls with a "Frist", "Förderaufrufe" finds the "Förderaufruf" of 384/2020.
    assert "heimat-2-0-2020" in keys(search.search(session, "Fristen", limit=20))
    assert "384/2020" in keys(search.search(session, "Förderaufrufe"))
    assert "384/2020" in keys(search.search(session, "Modellvorhaben"))
    assert search.search(session, "Kochrezepte") == []


def test_snippet_marks_the_matching_words(session):
    hit = next(h for h in search.search(session, "Daseinsvorsorge") if h.key == "384/2020")
    assert "Daseinsvorsorge" in hit.snippet
    assert "<mark>Daseinsvorsorge</mark>" in hit.snippet_html


def test_markup_in_the_text_is_escaped_in_the_snippet():
    plain, marked = search._snippet(["<script>alert(1)</script> Frist"], "Frist")
    assert "<script>" not in marked and "&lt;script&gt;" in marked and "<mark>Frist</mark>" in marked


def test_a_query_word_inside_an_escaped_character_is_not_marked():
    plain, marked = search._snippet(['Die "Quote" liegt bei 90 %.'], "Quote")
    assert marked == "Die &quot;<mark>Quote</mark>&quot; liegt bei 90 %."


def test_filters_year_applicant_and_status(session):
    assert set(keys(search.search(session, "Landkreise", year=2020))) >= {"014/2020", "384/2020"}
    assert "384/2020" not in keys(search.search(session, "Landkreise", year=2021))
    for_verein = keys(search.search(session, "Modellvorhaben", applicant_type="zivilgesellschaft", limit=20))
    assert "heimat-2-0-2020" in for_verein
    assert "smarte-landregionen" not in keys(
        search.search(session, "Landkreise", applicant_type="zivilgesellschaft", limit=20)
    )
    assert search.search(session, "Heimat", status="open", today=date(2026, 11, 24)) == []
    assert "heimat-2-0-2020" in keys(search.search(session, "Heimat", status="open", today=date(2020, 7, 1), limit=20))
    assert "heimat-2-0-2020" in keys(
        search.search(session, "Heimat", status="closed", today=date(2026, 11, 24), limit=20)
    )


def test_a_new_call_is_searchable_once_indexed(session):
    source = Source(key="test-search", kind="publication", label="Test")
    call = FundingCall(
        slug="wasserturm-test",
        name="Wasserturm Test",
        program="Wasserturm Test",
        year=2026,
        aliases=[CallAlias(alias="Wasserturm Test")],
        eligibility=[Eligibility(applicant_type="gemeinde", verdict="yes", sources=[source])],
        deadlines=[Deadline(stage=1, kind="antrag", due_on=date(2026, 12, 1), sources=[source])],
    )
    session.add(call)
    session.flush()
    search._write(session, *search._call_document(call))
    assert keys(
        search.search(session, "Wassertürme", applicant_type="gemeinde", status="open", today=date(2026, 11, 24))
    ) == ["wasserturm-test"]


def test_reindexing_a_circular_replaces_its_row(session):
    from sqlalchemy import text

    from bot import knowledge

    circular = knowledge.circular_by_number(session, "384/2020")
    search.index_circular(session, circular)
    search.index_circular(session, circular)
    rows = (
        session.execute(
            text("SELECT rowid FROM search_index WHERE kind = 'circular' AND ref_id = :id"), {"id": circular.id}
        )
        .scalars()
        .all()
    )
    assert rows == [search.index_rowid("circular", circular.id)]
    assert [h.key for h in search.search(session, "Daseinsvorsorge") if h.kind == "circular"] == ["384/2020"]


def test_hits_are_labelled_with_their_kind_and_the_circulars_date(session):
    hits = search.search(session, "Landkreise", year=2020, limit=20)
    assert next(h for h in hits if h.key == "014/2020").label == "Rundschreiben 014/2020 vom 8. Januar 2020"
    # 384/2020 states no date, and its label claims none.
    assert next(h for h in hits if h.key == "384/2020").label == "Rundschreiben 384/2020"
    call_hits = [h for h in search.search(session, "Fristen", limit=20) if h.kind == "call"]
    assert call_hits and call_hits[0].label == f"Förderaufruf {call_hits[0].key}"


def test_call_deadlines_are_found_in_either_date_form(session):
    call = session.query(FundingCall).filter_by(slug="heimat-2-0-2020").one()
    due = next(d.due_on for d in call.deadlines if d.due_on)
    for written in (due.strftime("%d.%m.%Y"), f"{due.day}. {german_date(due).split()[1]} {due.year}"):
        assert "heimat-2-0-2020" in keys(search.search(session, written, limit=20)), written


def test_an_applicant_filter_is_read_or_refused_in_german():
    assert search.applicant_filter(None) is None and search.applicant_filter("") is None
    assert search.applicant_filter("Landkreise") == "landkreis"
    with pytest.raises(search.FilterError, match="Unbekannte Antragstellerart „Mondbewohner“"):
        search.applicant_filter("Mondbewohner")


def test_latin_nouns_are_stemmed_alike_in_singular_and_plural():
    from bot.search import stem

    assert stem("Museum") == stem("Museen") and stem("Zentrum") == stem("Zentren")
    assert stem("Kriterium") == stem("Kriterien")
    # Not German nouns in "-um": "Eigentum" stays the "Eigentümer"'s, "Zeitraum" a "Raum".
    assert stem("Eigentum") == stem("Eigentümer") and stem("Zeitraum") == "zeitraum"
