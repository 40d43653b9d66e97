from datetime import date

import pytest

from bot import knowledge, names
from bot.asks import Ask
from bot.models import CallAlias, FundingCall
from tests.conftest import STATES, assert_states_are_checked, named_call


@pytest.mark.parametrize(
    "text",
    [
        "heimat2.0 von 2020",
        "Heimat 2.0 2020",
        "Heimat-2.0-Aufruf 2020",
        "HEIMAT 2.0 aus dem Jahr 2020",
        "heimt 2.0 2020",
        "der erste Aufruf Heimat 2.0",
    ],
)
def test_heimat_2020_is_found_in_any_spelling(session, text):
    match = names.find_calls(session, text)
    assert match.call is not None and match.call.slug == "heimat-2-0-2020"


def test_a_program_with_several_calls_matches_all_its_rounds_newest_first(session):
    match = names.find_calls(session, "Darf ein Landkreis bei Heimat 2.0 mitmachen?")
    assert not match.ambiguous
    assert [c.slug for c in match.calls] == ["heimat-2-0-2023", "heimat-2-0-2021", "heimat-2-0-2020"]


def test_calls_of_several_programs_that_fit_equally_are_ambiguous(session):
    match = names.find_calls(session, "Smart")
    assert match.ambiguous and len({c.program for c in match.calls}) > 1


@pytest.mark.parametrize(
    "text,slug",
    [
        ("smarte landregionen", "smarte-landregionen"),
        ("Smarte Land-Regionen", "smarte-landregionen"),
        ("smate landregionen", "smarte-landregionen"),
        ("Land versorgt", "landversorgt"),
        ("landfunk", "land-funk"),
        ("Smart Cities 2021", "smart-cities-2021"),
        ("zweite Runde Heimat 2.0", "heimat-2-0-2021"),
        ("heimat-2-0-2023", "heimat-2-0-2023"),
    ],
)
def test_calls_are_resolved_fuzzily(session, text, slug):
    assert names.find_calls(session, text).call.slug == slug


@pytest.mark.parametrize(
    "text",
    [
        "Wie wird das Wetter?",
        "Und bis wann?",
        "Landkreise",
        "LEADER",
        "gibts förderung für klimaanpassungsmanager?",
        "das Rundschreiben",
    ],
)
def test_texts_without_a_call_match_nothing(session, text):
    assert names.find_calls(session, text).calls == []


def test_year_inside_a_circular_number_does_not_pick_a_round(session):
    assert len(names.find_calls(session, "Heimat 2.0 im RS 384/2021").calls) == 3


def test_typos_are_one_edit_per_eight_letters_not_another_word(session):
    assert names.find_calls(session, "smarte landregione").call.slug == "smarte-landregionen"
    assert names.find_calls(session, "smrt lndrgionn").calls == []


def test_an_alias_without_its_generic_words_still_matches(session):
    session.add(named_call("kkm", "Kommunale Klimaschutz-Modellprojekte", "KKM"))
    session.flush()
    assert names.find_calls(session, "klimaschutz-modellprojekte: welche förderquote?").call.slug == "kkm"


def test_distinctive_words_of_a_name_and_compounds_find_a_call(session):
    session.add(named_call("anpassung", "Klimaanpassung in sozialen Einrichtungen", "AnpaSo"))
    session.flush()
    for text in ["Wie hoch ist die Quote beim Klimaanpassungsprogramm?", "klimaanpassung sozial"]:
        match = names.find_calls(session, text)
        assert [c.slug for c in match.calls] == ["anpassung"], text
        assert match.score < 100


def test_an_acronym_that_is_a_german_word_counts_only_in_capitals(session):
    session.add(
        FundingCall(slug="das-test", name="DAS-Förderrichtlinie", program="DAS", aliases=[CallAlias(alias="DAS")])
    )
    session.flush()
    assert names.find_calls(session, "darf ein Landkreis im DAS-Förderschwerpunkt A mitmachen?").call.slug == "das-test"
    assert names.find_calls(session, "was steht in das rundschreiben?").calls == []


def test_a_new_call_in_the_database_is_found_without_retraining(session):
    session.add(named_call("dorfladen-test", "Dorfladen Plus"))
    session.flush()
    assert names.find_calls(session, "Bis wann läuft dorfladen plus?").call.slug == "dorfladen-test"


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
    links = knowledge.circulars_for_calls([call])
    assert [(link.circular.number, link.role) for link in links] == [
        ("014/2020", "announces"),
        ("384/2020", "mentions"),
    ]


def test_circular_lookup_accepts_all_number_forms(session):
    for text in ["384/2020", "Nr. 384/2020", "RS 384/2020"]:
        assert knowledge.circular_by_number(session, text).number == "384/2020"
    for text in ["14/2020", "Nr. 14/2020", "RS 014/2020"]:
        assert knowledge.circular_by_number(session, text).number == "014/2020"
    assert knowledge.circular_by_number(session, "999/2020") is None


def test_near_names_for_an_unknown_name_are_at_most_three_programs(session):
    near = names.near_names(session, "Heimat 3.0")
    assert 1 <= len(near) <= 3 and near[0].program == "Heimat 2.0"
    assert len({c.program for c in near}) == len(near)


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Dürfen Sportvereine mitmachen?", "zivilgesellschaft"),
        ("und die Nachbargemeinden?", "gemeinde"),
        ("Verbandsgemeinden", "gemeindeverband"),
        ("landkris", "landkreis"),
        ("Landkreistag", None),
        ("samt", None),
    ],
)
def test_applicant_types_are_detected_in_words(text, kind):
    from bot.applicants import detect

    assert detect(text) == kind


@pytest.mark.parametrize("model,column,valid,invalid", STATES, ids=[f"{m.__tablename__}.{c}" for m, c, *_ in STATES])
def test_the_database_refuses_a_state_outside_its_enum(session, model, column, valid, invalid):
    assert_states_are_checked(session, model, column, valid, invalid)


def test_a_function_word_is_no_word_of_a_name(session):
    # "sichern" stems to "sich": "kann man sich da bewerben?" names no call.
    session.add(named_call("schulerfolg", "Schulerfolg sichern"))
    session.flush()
    assert names.find_calls(session, "und bis wann konnte man sich da bewerben?").calls == []
    assert names.find_calls(session, "schulerfolg sichern: wer zahlt?").call.slug == "schulerfolg"


def test_a_name_left_with_lower_case_words_only_is_no_name():
    # "Region gestalten" without its generic "Region" is a verb: "Wandel gestalten" names another call.
    assert names.alias_core("Region gestalten") == ""
    assert names.alias_core("Förderprogramm Musterwald") == "musterwald"


def test_a_roman_numeral_of_a_name_is_found_in_digits_and_the_longer_name_wins(session):
    session.add_all(
        [
            named_call("baum-iii-2018", "BAUM III", year=2018),
            named_call("baum-2024", "BAUM", program="Baumprogramm des Bundes", year=2024),
        ]
    )
    session.flush()
    assert names.find_calls(session, "baum 3 – bis wann?").call.slug == "baum-iii-2018"
    assert names.find_calls(session, "Was gilt bei BAUM III?").call.slug == "baum-iii-2018"
    # Without the numeral it is the other program, and another number is no typo of it.
    assert names.find_calls(session, "Bundesprogramm BAUM: die Quote?").call.slug == "baum-2024"
    assert names.find_calls(session, "baum 2 – bis wann?").call.slug == "baum-2024"


def test_a_program_compound_one_round_introduced_names_every_round(session):
    from bot.question import read_question
    from bot.resolve import resolve

    first = named_call("hecken-2020", "Teilhabe im Heckenland", year=2020)
    first.aliases.append(CallAlias(alias="Heckenprogramm"))
    second = named_call("hecken-2022", "Teilhabe im Heckenland", year=2022)
    session.add_all([first, second])
    session.flush()
    question = read_question([Ask.DEADLINE], "bis wann konnte man sich beim heckenprogramm bewerben?")
    assert [c.slug for c in resolve(session, question).calls] == ["hecken-2022", "hecken-2020"]
    assert names.names_the_program(["Heckenprogramm"]) and not names.names_the_program(["Förderprogramm"])
    assert not names.names_the_program(["Heimat 2.0"])


def test_a_round_named_to_compare_with_is_not_the_one_asked_about(session):
    from bot.question import Context, read_question
    from bot.resolve import resolve

    session.add_all([named_call(f"teich-{y}", "Teichprogramm Test", year=y) for y in (2022, 2023)])
    session.flush()
    context = Context(calls=["teich-2023"], asks=[Ask.AIM])
    question = read_question([], "was ist anders als 2022?", context=context)
    assert question.asks == []  # what changed: the sentences saying so, whatever the NLU guessed
    assert [c.slug for c in resolve(session, question).calls] == ["teich-2023"]
    assert [c.slug for c in resolve(session, read_question([Ask.AIM], "und 2022?", context=context)).calls] == [
        "teich-2022"
    ]


def test_a_generic_program_word_tells_no_call_apart(session):
    session.add_all(
        [
            named_call("invest-a", "Investitionsprogramm Hecken", year=2025),
            named_call("invest-b", "Investitionsprogramm Teiche", year=2018),
        ]
    )
    session.flush()
    assert names.find_calls(session, "was gibt es im investitionsprogramm für kitas?").calls == []
    assert names.find_calls(session, "Investitionsprogramm Teiche: Frist?").call.slug == "invest-b"


def test_a_one_word_name_without_its_middle_finds_the_call(session):
    session.add(named_call("fuenfg", "5G-Innovationswettbewerb"))
    session.flush()
    assert names.find_calls(session, "wieviel gabs beim 5g wettbewerb fuer nen landkreis?").call.slug == "fuenfg"
    assert names.find_calls(session, "was gibt es beim wettbewerb?").calls == []


def test_a_name_in_two_capitalised_parts_is_found_by_its_first_part_and_head(session):
    session.add(named_call("baumlaeden", "BaumGemeinschaftsläden"))
    session.flush()
    assert names.find_calls(session, "kann beim baumladen-wettbewerb ein verein mitmachen?").call.slug == "baumlaeden"
    assert names.find_calls(session, "was gibt es für den laden?").calls == []


def test_two_ordinals_name_both_rounds(session):
    rounds = names.find_calls(session, "heimat-2-0-2020").calls + names.find_calls(session, "heimat-2-0-2021").calls
    picked = names.narrow_by_round(rounds, "was ist vom ersten zum zweiten Aufruf anders?")
    assert {c.slug for c in picked} == {"heimat-2-0-2020", "heimat-2-0-2021"}


def test_money_as_such_names_no_call(session):
    session.add(named_call("eu-feuer", "EU-Mittel für Feuerwehrhäuser"))
    session.flush()
    assert names.find_calls(session, "darf das jugendamt die mittel an den träger durchreichen?").calls == []
    assert names.find_calls(session, "eu-mittel für feuerwehrhäuser").call.slug == "eu-feuer"


def test_a_verb_or_adjective_of_a_title_counts_less_than_its_nouns(session):
    session.add(named_call("bruecken", "Kita-Start: Brücken bauen in frühe Bildung"))
    session.add(named_call("urban", "Anpassung urbaner Räume"))
    session.add(named_call("folgen", "Maßnahmen zur Anpassung an die Folgen"))
    session.flush()
    # "bauen" alone is too weak a match to leave the call a conversation is about.
    assert names.find_calls(session, "können wir schon bauen, bevor der bescheid da ist?").score < names.STRONG_MATCH
    assert names.find_calls(session, "anpassung urbaner räume – wie viel prozent?").call.slug == "urban"


def test_a_next_word_run_into_a_name_is_no_typo_of_a_longer_one(session):
    session.add(named_call("sportbau", "Sportstättenbau"))
    session.add(named_call("sportpakt", "Förderung von Sportstätten"))
    session.flush()
    match = names.find_calls(session, "sportstaetten – bis wann muessen die gemeinden den antrag stellen?")
    assert [c.slug for c in match.calls] == ["sportpakt"]
