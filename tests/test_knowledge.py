from datetime import date

import pytest

from bot import knowledge
from bot.models import CallAlias, Deadline, FundingCall


@pytest.mark.parametrize("text", ["heimat2.0 von 2020", "Heimat 2.0 2020", "Heimat-2.0-Aufruf 2020",
                                  "HEIMAT 2.0 aus dem Jahr 2020", "heimt 2.0 2020", "der erste Aufruf Heimat 2.0"])
def test_heimat_2020_is_found_in_any_spelling(session, text):
    match = knowledge.find_calls(session, text)
    assert match.call is not None and match.call.slug == "heimat-2-0-2020"


def test_a_program_with_several_calls_is_ambiguous(session):
    match = knowledge.find_calls(session, "Darf ein Landkreis bei Heimat 2.0 mitmachen?")
    assert match.ambiguous
    assert {c.slug for c in match.calls} == {"heimat-2-0-2020", "heimat-2-0-2021", "heimat-2-0-2023"}


@pytest.mark.parametrize("text,slug", [
    ("smarte landregionen", "smarte-landregionen"),
    ("Smarte Land-Regionen", "smarte-landregionen"),
    ("smate landregionen", "smarte-landregionen"),
    ("Land versorgt", "landversorgt"),
    ("landfunk", "land-funk"),
    ("Smart Cities 2021", "smart-cities-2021"),
    ("zweite Runde Heimat 2.0", "heimat-2-0-2021"),
    ("heimat-2-0-2023", "heimat-2-0-2023"),
])
def test_calls_are_resolved_fuzzily(session, text, slug):
    assert knowledge.find_calls(session, text).call.slug == slug


@pytest.mark.parametrize("text", ["Wie wird das Wetter?", "Und bis wann?", "Landkreise", "LEADER"])
def test_texts_without_a_call_match_nothing(session, text):
    assert knowledge.find_calls(session, text).calls == []


def test_year_inside_a_circular_number_does_not_pick_a_round(session):
    assert knowledge.find_calls(session, "Heimat 2.0 im RS 384/2021").ambiguous


def test_a_new_call_in_the_database_is_found_without_retraining(session):
    session.add(FundingCall(slug="dorfladen-test", name="Dorfladen Plus", program="Dorfladen Plus",
                            aliases=[CallAlias(alias="Dorfladen Plus")]))
    session.flush()
    assert knowledge.find_calls(session, "Bis wann läuft dorfladen plus?").call.slug == "dorfladen-test"


def test_open_calls_compare_deadlines_with_today(session):
    assert knowledge.open_calls(session, date(2026, 11, 24)) == {}
    open_in_2020 = knowledge.open_calls(session, date(2020, 7, 1))
    assert {c.slug for c in open_in_2020} == {"heimat-2-0-2020"}


def test_deadlines_between_is_ordered(session):
    upcoming = knowledge.deadlines_between(session, start=date(2020, 1, 1), limit=3)
    assert [d.due_on for d in upcoming] == sorted(d.due_on for d in upcoming)
    assert upcoming[0].due_on == date(2020, 2, 28)


def test_circulars_for_a_call_list_the_announcing_one_first(session):
    call = knowledge.get_call(session, "smarte-landregionen")
    links = knowledge.circulars_for_call(session, call)
    assert [(l.circular.number, l.role) for l in links] == [("014/2020", "announces"), ("384/2020", "mentions")]


def test_circular_lookup_accepts_all_number_forms(session):
    for text in ["384/2020", "Nr. 384/2020", "RS 384/2020"]:
        assert knowledge.circular_by_number(session, text).number == "384/2020"
    for text in ["14/2020", "Nr. 14/2020", "RS 014/2020"]:
        assert knowledge.circular_by_number(session, text).number == "014/2020"
    assert knowledge.circular_by_number(session, "999/2020") is None




@pytest.mark.parametrize("text,kind", [("Dürfen Sportvereine mitmachen?", "zivilgesellschaft"),
                                       ("und die Nachbargemeinden?", "gemeinde"),
                                       ("Verbandsgemeinden", "gemeindeverband"),
                                       ("landkris", "landkreis"), ("Landkreistag", None), ("samt", None)])
def test_applicant_types_are_detected_in_words(text, kind):
    from bot.applicants import detect
    assert detect(text) == kind
