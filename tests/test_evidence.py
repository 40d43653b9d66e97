"""Which sentences answer a question, read from an ingested circular of a fictitious program:
amounts per unit, bounds, compounds of the question, subjects of yes-or-no questions."""

from datetime import date

import pytest

from bot import answers, db, evidence, verdicts
from bot.applicants import names_a_particular
from bot.asks import Ask
from bot.ingest.pipeline import ingest_file
from bot.question import Context, read_question
from tests.conftest import fictitious_circular, ingest_fictitious, loaded_database

TODAY = date(2026, 11, 24)
CIRCULAR = fictitious_circular(
    "91/2026",
    "3. Februar 2026",
    "Waldpflege Test",
    """Das fiktive Bundesministerium für Testzwecke fördert die Pflege von Wäldern mit insgesamt 100 Mio. Euro.
Gefördert wird mit Festbeträgen zwischen 60 und 90 Euro je Hektar und Jahr.
Wer mehr als 50 Hektar Wald besitzt, muss 5 % seiner Fläche aus der Nutzung nehmen.
Die Zuwendung beträgt bis zu 80 % der zuwendungsfähigen Ausgaben.
Kommunen kommen nur als Waldbesitzer für ihren eigenen Wald in Betracht.
Ab dem 1. Januar 2027 können auch Träger von Forstschulen Mittel erhalten.
Skizzen sind jedes Jahr bis zum 1. Februar einzureichen.
Wälder in Landregionen mit wenig Forstpersonal erhalten einen Zuschlag von 10 Euro je Hektar.
Vergeben werden 120 Pflegegutscheine zu je 500 Euro.
Für einen Anbau an eine Forsthütte gibt es 2.000 Euro.
Das Ministerium hat am 2. Januar 2026 den Aufruf gestartet.
Die Pflanzfrist wurde wegen der Trockenheit verlängert.
Bezahlt wird das Programm aus dem Waldklimafonds.
Maschinenkosten und Beratungen sind nicht förderfähig, ebenso Harvester und Rückezüge.
Ein Rechtsanspruch auf die Förderung besteht nicht.
Die Anträge sind beim Landesverwaltungsamt einzureichen.
""",
)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evidence")
    url = loaded_database(f"sqlite:///{folder / 'evidence.sqlite3'}")
    path = folder / "rs-91-2026.txt"
    path.write_text(CIRCULAR, encoding="utf-8")
    ingest_file(path, url)
    with db.session_scope(url) as session:
        yield session


def ask(session, text, *asks, context=None, **kwargs):
    return answers.answer(session, read_question(list(asks), text, context=context, **kwargs), TODAY)


def ingested_call(session, folder, number: str, issued: str, name: str, body: str):
    """The call a fictitious circular announces, ingested into the test database."""
    from bot.models import FundingCall

    ingest_fictitious(session, folder, number, issued, name, body)
    return session.query(FundingCall).filter_by(name=name).one()


def in_context(session, text, *asks):
    first = ask(session, "Was wird bei Waldpflege Test gefördert?", Ask.AIM)
    return ask(session, text, *asks, context=first.context, follow_up=not asks)


def test_an_amount_per_unit_answers_a_question_per_unit(session):
    answer = in_context(session, "wie viel gibts pro hektar?", Ask.FUNDING)
    assert "zwischen 60 und 90 Euro je Hektar und Jahr" in answer.text
    assert "5 %" not in answer.text and "80 %" not in answer.text  # a rate is no amount per hectare


def test_a_highest_sum_is_not_answered_by_a_highest_rate(session):
    answer = in_context(session, "gibt es eine höchstsumme pro vorhaben?", Ask.FUNDING)
    assert not answer.answered and "nichts angegeben" in answer.text


def test_a_date_to_hand_in_sketches_is_no_duration(session):
    answer = in_context(session, "wie lange darf so ein projekt höchstens laufen?", Ask.DURATION)
    assert not answer.answered and "Zu der Laufzeit ist für Waldpflege Test" in answer.text


def test_a_group_word_answers_for_the_applicant_type_in_it(session):
    answer = ask(
        session,
        "Waldpflege Test: bekommen wir die als landkreis für unseren kreiswald?",
        Ask.ELIGIBILITY,
        applicant="landkreis",
    )
    assert answer.text.startswith("Landkreise dürfen bei Waldpflege Test (Aufruf 2026) nur eingeschränkt teilnehmen.")
    assert "„Kommunen kommen nur als Waldbesitzer für ihren eigenen Wald in Betracht.“" in answer.text


def test_a_yes_or_no_question_about_a_subject_reads_the_sentence_naming_it(session):
    answer = in_context(session, "gilt das auch für forstschulen?", Ask.ELIGIBILITY)
    assert answer.text.startswith("Ja,")
    assert "Ab dem 1. Januar 2027 können auch Träger von Forstschulen Mittel erhalten." in answer.text


@pytest.mark.parametrize(
    "question, ask, sentence",
    [
        ("werden auch harvester gefördert?", Ask.AIM, "ebenso Harvester und Rückezüge"),
        ("besteht ein rechtsanspruch?", Ask.FUNDING, "Ein Rechtsanspruch auf die Förderung besteht nicht."),
    ],
)
def test_a_yes_or_no_question_of_any_kind_is_answered_no_where_the_sentence_says_so(session, question, ask, sentence):
    answer = in_context(session, question, ask)
    assert answer.text.startswith("Nein, nach den Angaben zu Waldpflege Test")
    assert sentence in answer.text


def test_where_to_hand_in_is_the_office_that_takes_it_not_the_ministry_that_announced(session):
    assert evidence.focus_stems("und wo reicht man die ein?") == []
    answer = in_context(session, "und wo reicht man die ein?", Ask.PROCEDURE)
    assert answer.text.split("\n")[1].endswith("„Die Anträge sind beim Landesverwaltungsamt einzureichen.“")


def test_a_label_before_the_question_names_the_call_and_is_no_topic():
    labelled = "sonderprogramm stadt und land radwege – wieviel geld gibts fuer sachsen-anhalt?"
    assert evidence.focus_stems(labelled) == ["sachs", "anhalt"]
    saying = "Beim Förderprogramm Hochwasserschutz steht was von Bagatellgrenze – was ist damit gemeint?"
    assert "bagatellgrenz" in evidence.focus_stems(saying)
    # A label describing what is funded is the topic of the question.
    describing = "eu förderung für städtepartnerschaften 2022 – wieviel gibts max pro projekt?"
    assert "stadtepartnerschaft" in evidence.focus_stems(describing)


def test_a_users_word_finds_the_word_the_circular_uses_for_the_same_thing():
    sentence = "Der Strom für die Ladepunkte muss aus erneuerbaren Energien stammen."
    for question, holds in (("muss da ökostrom rein?", True), ("gilt das für ladesäulen?", True), ("kohle?", False)):
        focus = evidence._Focus(evidence.focus_stems(question), [sentence], [])
        assert (focus.coverage(0, sentence, None) > 0) is holds, question
    assert evidence.same_meaning("kreishaus") == ("kreishaus",)
    # A description of a call in the user's words is searched in the circulars' words too.
    assert "elektrofahrzeug" in evidence.other_words_for("e-auto-foerderung fuer kommunen")


def test_the_states_share_of_a_total_is_not_the_total(session):
    answer = in_context(session, "wie viel davon geht nach sachsen-anhalt?", Ask.FUNDING)
    assert "nichts angegeben" in answer.text.split("\n")[0] and not answer.answered
    per_applicant = in_context(session, "wie viel bekommt ein landkreis in sachsen-anhalt?", Ask.FUNDING)
    assert "nichts angegeben" not in per_applicant.text


@pytest.mark.parametrize(
    "sentence, gives",
    [
        ("Insgesamt kann die Zahl der Stellen landesweit auf 465 steigen.", True),
        ("Auf Sachsen-Anhalt entfallen 12,3 Mio. Euro.", True),
        ("Anträge bis zum 22. März 2024 an Referat61@stk.sachsen-anhalt.de senden.", False),
        ("Landkreistag Sachsen-Anhalt, Rundschreiben Nr. 263/2022 vom 01.01.2022", False),
    ],
)
def test_a_figure_for_the_state_is_neither_a_date_nor_an_address(sentence, gives):
    from bot import findings

    assert findings.gives_a_figure_for_the_state(sentence) is gives


def test_a_list_item_and_a_likewise_segment_are_read_on_their_own():
    listed = (
        "Gefördert werden: - Abstellanlagen für Fahrräder, - Radverkehrskonzepte, soweit sie Grundlage eines Baus sind."
    )
    assert verdicts.read_subject(listed, ["abstellanlag"]).verdict == verdicts.Verdict.YES
    likewise = "Nutzfahrzeuge und Busse sind nicht förderfähig, ebenso Hybride und Plug-in-Hybride."
    assert verdicts.read_subject(likewise, ["plug", "hybrid"]).verdict == verdicts.Verdict.NO


def test_a_sentence_naming_part_of_a_subject_does_not_decide_it():
    sentence = "Ihre Bewerbung für die neue Förderperiode müssen die Häuser bis zum 30.09.20 einreichen."
    assert verdicts.subject_share(sentence, ["neu", "period", "kofinanzi"]) == 0.5
    assert verdicts.subject_share(sentence, ["neu", "forderperiod"]) == 1.0


def test_a_follow_up_word_the_calls_circular_uses_does_not_leave_the_call(session):
    # "Smarte LandRegionen" is a call of its own; here the word is a topic of the circular at hand.
    answer = in_context(session, "und was gibt es für landregionen?", Ask.FUNDING)
    assert "Waldpflege Test" in answer.text and "Smarte LandRegionen" not in answer.text
    assert "Zuschlag von 10 Euro je Hektar" in answer.text


def test_function_words_and_the_calls_own_acronym_are_no_topic():
    assert (
        evidence.focus_stems(
            "kommunale waermeplanung nach KRL - wie viel wird gefördert?", ["Kommunale Wärmeplanung", "KRL"]
        )
        == []
    )
    assert evidence.focus_stems("was genau wird bei der Wärmeplanung bezuschusst?", ["Kommunale Wärmeplanung"]) == []
    assert evidence.focus_stems("gilt das auch für pflegeschulen?", ["DigitalPakt Schule"]) == ["pflegeschul"]


def test_kommunen_include_landkreise_unless_the_sentence_names_them():
    assert verdicts.read("Kommunen sind antragsberechtigt.", "landkreis").verdict == verdicts.Verdict.YES
    assert (
        verdicts.read("Antragsberechtigt sind Kommunen, nicht jedoch Landkreise.", "landkreis").verdict
        == verdicts.Verdict.NO
    )


def test_a_particular_district_repeats_the_question_a_bare_type_asks_who_may_apply():
    context = Context(calls=["x"], asks=[Ask.FUNDING])
    assert names_a_particular("und der burgenlandkreis?") and not names_a_particular("und für Vereine?")
    assert read_question([], "und der burgenlandkreis?", context=context, follow_up=True).asks == [Ask.FUNDING]
    assert read_question([], "und für vereine?", context=context, follow_up=True).asks == [Ask.ELIGIBILITY]


def test_how_many_finds_the_number_of_what_it_counts(session):
    answer = in_context(session, "wie viele pflegegutscheine gibt es?", Ask.PROJECT_COUNT)
    assert "120 Pflegegutscheine" in answer.text


def test_a_separable_participle_finds_its_noun(session):
    answer = in_context(session, "und wenn nur angebaut wird, wie viel gibt es dann?", Ask.FUNDING)
    assert "Anbau an eine Forsthütte gibt es 2.000 Euro" in answer.text


def test_the_day_a_call_was_started_is_no_deadline(session):
    answer = in_context(session, "bis wann läuft der aufruf?", Ask.DEADLINE)
    assert "1. Februar" in answer.text and "2. Januar 2026 (" not in answer.text


def test_an_end_of_a_year_is_a_deadline_without_a_day():
    assert evidence.qualifies("deadline", "Die Investitionen müssen bis Ende 2027 abgeschlossen sein.", 2025)


def test_a_verb_finds_its_prefixed_noun_and_a_name_part_is_no_topic():
    assert evidence.stem_matches("meld", evidence.sentence_stems("Die Anmeldung endet am 14.05.2021."))
    stems = evidence.focus_stems("hyland wasserstoff wettbewerb – wann melden?", ["HyLand – Wasserstoffregionen"])
    assert stems == ["meld"]


def test_who_gives_the_money_asks_who_not_how_much():
    from bot.asks import checked_asks

    assert checked_asks([Ask.FUNDING], "wer gibt da eigentlich das geld, bund oder eu?") == [Ask.FUNDER]
    assert checked_asks([Ask.FUNDING], "wer fördert das und wie viel geld gibt es?") == [Ask.FUNDER, Ask.FUNDING]


def test_an_extension_without_a_date_answers_a_question_about_extensions(session):
    answer = in_context(session, "gibt es eine fristverlängerung für die pflanzungen?", Ask.DEADLINE)
    assert "Pflanzfrist wurde wegen der Trockenheit verlängert" in answer.text


def test_a_message_naming_only_a_round_repeats_the_last_question():
    context = Context(calls=["x"], asks=[Ask.FUNDING])
    assert read_question([Ask.ROUNDS], "die runde von 2023", context=context).asks == [Ask.FUNDING]
    assert read_question([Ask.ROUNDS], "gab es eine zweite runde?", context=context).asks == [Ask.ROUNDS]


def test_local_authorities_as_a_group_state_who_may_apply():
    assert evidence.qualifies("eligibility", "Angesprochen sind kleine Stadtwerke und kommunale Gebietskörperschaften.")


def test_a_misspelt_word_of_the_question_is_read_as_the_circular_writes_it():
    focus = evidence._Focus(["biblothek", "mondbas"], ["Bibliotheken in kleinen Gemeinden werden gefördert."], [])
    assert focus.stems == ["bibliothek", "mondbas"]  # one edit away; a word no sentence has stays
    assert focus.absent() == ["mondbas"]


def test_a_compound_naming_a_kind_of_call_is_no_topic_of_the_question():
    # "Investitionspakt", also misspelt, says which call; the deadline question has no topic left.
    assert (
        evidence.focus_stems(
            "invesitionspakt sportstaetten – bis wann muessen die gemeinden den antrag stellen?",
            ["Förderung von Sportstätten"],
        )
        == []
    )


def test_the_circulars_own_number_marks_its_letterhead_not_a_sentence_to_quote():
    circular = type("C", (), {"number": "761/2020"})()
    letterhead = "in Sachsen-Anhalt Rundschreiben Nr. 761/2020 Magdeburg, 2. Juni 2020 EILT – WiFi4EU: Vierter Aufruf."
    body = "Mit Rundschreiben Nr. 708/2019 hatten wir über den dritten Aufruf berichtet."
    assert evidence.letterhead(type("S", (), {"circular": circular, "text": letterhead})())
    assert not evidence.letterhead(type("S", (), {"circular": circular, "text": body})())


def test_the_associations_advice_names_applicants_without_a_verdict():
    advice = "Wir bitten die Landkreise, ihre kreisangehörigen Gemeinden auf die kurze Frist hinzuweisen."
    assert verdicts.read(advice, "landkreis") is None
    assert verdicts.read(advice, "gemeinde") is None
    statement = "Wir weisen darauf hin, dass Landkreise nicht antragsberechtigt sind."
    assert verdicts.read(statement, "landkreis").verdict == verdicts.Verdict.NO


def test_kreisfreie_staedte_are_no_gemeinden_of_a_landkreis():
    from bot.applicants import detect_all

    assert detect_all("Antragsberechtigt sind alle Kreise und kreisfreien Städte.") == ["landkreis"]
    assert detect_all("Antragsberechtigt sind Städte und Gemeinden.") == ["gemeinde"]
    reading = verdicts.read("Antragsberechtigt sind alle Kreise und kreisfreien Städte.", "gemeinde")
    assert reading.verdict == verdicts.Verdict.NOT_LISTED


def test_reviewed_facts_are_completed_by_the_circular_where_they_leave_the_question_open(session):
    from bot import findings
    from bot.models import CallFact, FundingCall
    from bot.states import CallStatus

    call = session.query(FundingCall).filter_by(name="Waldpflege Test").one()
    nested = session.begin_nested()
    try:
        call.status = CallStatus.REVIEWED
        call.facts = [CallFact(topic="budget", text="Insgesamt 100 Mio. Euro.", position=0)]
        session.flush()
        per_hectare = findings.find(
            session, call, Ask.FUNDING, question_text="Wie viel gibt es pro Hektar?", today=TODAY
        )
        assert per_hectare.lines[0] == "Insgesamt 100 Mio. Euro."
        assert any("je Hektar" in q.text for q in per_hectare.quotes)
        total = findings.find(session, call, Ask.FUNDING, question_text="Wie viel Geld gibt es insgesamt?", today=TODAY)
        # Only the rate, which the facts lack, is added; no sum per hectare.
        assert total.lines[0] == "Insgesamt 100 Mio. Euro." and [q.label for q in total.quotes] == ["rate"]
    finally:
        nested.rollback()


def test_a_long_compound_is_not_matched_by_a_short_word_it_begins_with():
    held = evidence.sentence_stems("Kreise sollen sich gemeinsam mit Gemeinden bewerben.")
    assert not evidence.stem_matches("kreistagsbeschluss", held)
    assert evidence.stem_matches("antragsfrist", evidence.sentence_stems("Der Antrag ist bis Mai zu stellen."))
    minimum = evidence.sentence_stems("Die Ausgaben müssen mindestens 50.000 Euro betragen.")
    assert evidence.stem_matches("mindestinvestition", minimum)


def test_who_pays_how_much_asks_for_the_funder_and_the_shares():
    from bot.asks import cued_asks

    # The money answer includes the rate, the shares asked for.
    assert cued_asks("wer zahlt wieviel beim sportstaettenpakt?") == [Ask.FUNDER, Ask.FUNDING]
    assert cued_asks("wer zahlt das?") == [Ask.FUNDER]


def test_a_named_size_with_a_yes_or_no_asks_who_may_take_part_and_a_percentage_asks_the_rate():
    from bot.asks import cued_asks

    assert cued_asks("der ortsteil hat aber 3.400 einwohner, geht das?") == [Ask.ELIGIBILITY]
    assert cued_asks("wieviel gibts fuer gemeinden mit 5.000 einwohnern") == [Ask.FUNDING]
    assert cued_asks("bis zu wie viel prozent wird 2023 gefoerdert") == [Ask.RATE]


def test_without_a_thing_says_no_to_it():
    reading = verdicts.read_subject("Beantragt werden können bis zu 10.000 Euro ohne Eigenmittel.", ["eigenmittel"])
    assert reading.verdict == verdicts.Verdict.NO


def test_a_limit_of_inhabitants_makes_a_verdict_conditional():
    sentence = "Bewerben können sich Bibliotheken in Kommunen bis 20.000 Einwohnern sowie Fahrbibliotheken."
    assert verdicts.read(sentence, "gemeinde").verdict == verdicts.Verdict.CONDITIONAL


def test_a_subject_named_by_a_compound_is_read_from_its_head():
    sentence = "Bewerben können sich auch Fahrbibliotheken mit ländlichen Einzugsgebieten."
    assert verdicts.read_subject(sentence, ["kreisfahrbibliothek"]).verdict == verdicts.Verdict.YES


def test_fillers_and_verbs_of_getting_are_no_topic_of_a_question():
    assert evidence.focus_stems("was kriegt man als hystarter konkret") == ["hystart"]
    assert evidence.focus_stems("und was bekommt man also überhaupt für das Stallgebäude?") == ["stallgebaud"]


def test_another_value_than_the_one_asked_for_is_no_answer(session):
    from bot import findings
    from bot.models import FundingCall

    call = session.query(FundingCall).filter_by(name="Waldpflege Test").one()
    # A lowest sum is asked; the circular states only a highest rate and sums without a bound.
    minimum = findings.find(session, call, Ask.FUNDING, question_text="Wie hoch ist die Mindestförderung?", today=TODAY)
    assert not minimum.stated
    # Vouchers are counted, not huts.
    huts = findings.find(
        session, call, Ask.PROJECT_COUNT, question_text="Wie viele Forsthütten werden gefördert?", today=TODAY
    )
    assert not huts.stated
    vouchers = findings.find(
        session, call, Ask.PROJECT_COUNT, question_text="Wie viele Pflegegutscheine gibt es?", today=TODAY
    )
    assert vouchers.stated and "120 Pflegegutscheine" in vouchers.quotes[0].text


def test_where_the_money_comes_from_is_the_fund_it_is_paid_from(session):
    from bot.models import FundingCall

    call = session.query(FundingCall).filter_by(name="Waldpflege Test").one()
    source = evidence.passages(session, call, Ask.FUNDER, question_text="wo kommt das geld eigentlich her?")
    assert "Waldklimafonds" in source[0].text
    who = evidence.passages(session, call, Ask.FUNDER, question_text="wer fördert das?")
    assert "Bundesministerium" in who[0].text


def test_an_amount_per_applicant_answers_for_any_kind_of_applicant():
    assert evidence.fits_bound("Je Kommune stehen bis zu 250 000 € zur Verfügung.", None, "landkreis")
    assert not evidence.fits_bound("Je Sirene gibt es 10.000 Euro.", None, "landkreis")


def test_may_every_landkreis_apply_asks_who_may_take_part_even_after_many_words():
    from bot.asks import cued_asks

    question = "kann jeder landkreis beim gkv buendnis fuer gesundheit geld fuer ne gesundheitskonferenz beantragen?"
    assert cued_asks(question) == [Ask.ELIGIBILITY, Ask.FUNDING]


def test_kohle_is_money_but_a_kohlerevier_is_a_topic():
    assert evidence.focus_stems("gibts kohle vom bund für straßenbäume?") == ["bund", "strassenbaum"]
    assert "kohlerevi" in evidence.focus_stems("gibts was für renaturierung im kohlerevier?")


def test_districts_are_recognised_by_their_names_not_inside_others():
    from bot import districts

    assert districts.named("ist der salzlandkreis antragsberechtigt?") == ["Salzlandkreis"]
    assert districts.named("im Landkreis Harz") == ["Landkreis Harz"]
    assert districts.named("der Landkreis Mansfeld-Südharz") == ["Landkreis Mansfeld-Südharz"]


def test_a_yes_or_no_is_read_where_the_circular_uses_other_words_for_the_subject(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "93/2026",
        "5. März 2026",
        "Baumladen Test",
        "Anträge stellen können Kommunen, Vereine und Privatpersonen.\n"
        "Ein finanzieller Eigenbeitrag wird nicht verlangt.\n",
    )
    private = findings.find(
        session, call, Ask.ELIGIBILITY, question_text="kann auch ein privatmann einen antrag stellen?", today=TODAY
    )
    assert private.verdict == verdicts.Verdict.YES and "Privatpersonen" in private.quotes[0].text
    own_share = findings.find(session, call, Ask.RATE, question_text="brauchen wir nen eigenanteil?", today=TODAY)
    assert own_share.verdict == verdicts.Verdict.NO and "Eigenbeitrag" in own_share.quotes[0].text


def test_the_highest_sum_per_thing_the_call_is_named_after_is_its_highest_sum(session, tmp_path):
    call = ingested_call(
        session,
        tmp_path,
        "94/2026",
        "6. März 2026",
        "BaumLäden",
        "Die Förderquote liegt bei 90 v. H. Der Zuschuss beträgt höchstens 200.000 Euro.\n"
        "Insgesamt stehen 1 Mio. Euro bereit.\n",
    )
    context = Context(calls=[call.slug], asks=[Ask.RATE])
    assert "200.000 Euro" in ask(session, "und max pro laden?", Ask.FUNDING, context=context).text
    # Without a bound, a sum per thing is asked for, which the total is not.
    assert "nichts angegeben" in ask(session, "wie viel gibt es pro baum?", Ask.FUNDING, context=context).text


def test_a_year_keeps_the_round_of_that_year_against_another_calls_topic(session, tmp_path):
    first = ingested_call(
        session, tmp_path, "95/2025", "6. März 2025", "Baumpreis Test", "Jeder Preisträger erhält 40.000 Euro.\n"
    )
    ingested_call(
        session,
        tmp_path,
        "96/2021",
        "6. März 2021",
        "Dorfbaum Test",
        "Den Siegern winken Preisgelder von bis zu 3.000 Euro; die Preisgelder sind zweckgebunden.\n",
    )
    answer = ask(session, "wie hoch war das preisgeld 2025", Ask.FUNDING, context=Context(calls=[first.slug]))
    assert "Baumpreis Test" in answer.text and "40.000 Euro" in answer.text


def test_words_saying_how_long_answer_a_duration_question_however_the_ranker_reads_them(session, tmp_path):
    call = ingested_call(
        session,
        tmp_path,
        "97/2026",
        "7. März 2026",
        "Baumwerkstatt Test",
        "Das fiktive Amt hat das Modellprojekt „Baumwerkstatt Test“ aufgelegt.\n"
        "Ausgewählte Kommunen werden bis Ende 2028 durch externe Beratung begleitet.\n",
    )
    context = Context(calls=[call.slug], asks=[Ask.FUNDING])
    answer = ask(session, "wie lange läuft das modellprojekt?", Ask.DURATION, context=context)
    assert "bis Ende 2028" in answer.text and "nichts angegeben" not in answer.text


def test_a_word_of_one_programs_circulars_written_as_a_name_finds_that_program(session, tmp_path):
    from bot.resolve import resolve

    call = ingested_call(
        session,
        tmp_path,
        "98/2026",
        "8. März 2026",
        "Baumhäuser Test",
        "Die Mittel stammen aus dem Aufbauinstrument für Bäume (ABIX).\nAntragsberechtigt sind Gemeinden.\n",
    )
    question = read_question([Ask.ELIGIBILITY], "dürfen gemeinden bei dem abix programm mitmachen?")
    assert [c.slug for c in resolve(session, question).calls] == [call.slug]
    # An adjective before the word for a call is no name.
    assert resolve(session, read_question([Ask.AIM], "was gibt es beim neuen programm?")).unknown is None


def test_a_question_about_rounds_to_come_is_answered_by_what_the_circulars_say_of_them(session, tmp_path):
    silent = ingested_call(
        session, tmp_path, "99/2026", "9. März 2026", "Baumrunde Test", "Anträge bis zum 30. Juni 2026.\n"
    )
    answer = ask(session, "kommt bald wieder ne neue runde?", context=Context(calls=[silent.slug]))
    assert "Ob zu Baumrunde Test ein weiterer Aufruf folgt, steht in meinen Quellen nicht." in answer.text
    telling = ingested_call(
        session,
        tmp_path,
        "100/2026",
        "10. März 2026",
        "Baumnetz Test",
        "Das Verfahren ist die einzige Gelegenheit in den kommenden drei Jahren, dem Netz beizutreten.\n",
    )
    answer = ask(session, "und wann kommt die nächste runde?", context=Context(calls=[telling.slug]))
    assert "einzige Gelegenheit in den kommenden drei Jahren" in answer.text
    assert "steht in meinen Quellen nicht" not in answer.text


def test_a_role_is_no_name_of_a_contact_person(session, tmp_path):
    call = ingested_call(
        session,
        tmp_path,
        "101/2026",
        "11. März 2026",
        "Baumkontakt Test",
        "Rückfragen richten Sie bitte an die Referentin für Umwelt der Geschäftsstelle.\n",
    )
    context = Context(calls=[call.slug])
    named = ask(session, "wie heisst die ansprechpartnerin?", Ask.CONTACT, context=context)
    assert "nichts angegeben" in named.text and "Referentin für Umwelt" in named.text
    assert "nichts angegeben" not in ask(session, "an wen gehen rückfragen?", Ask.CONTACT, context=context).text
    # Another office's contact is asked for: the association's own is no answer.
    elsewhere = ask(session, "gibts beim ministerium ne hotline?", Ask.CONTACT, context=context)
    assert "nichts angegeben" in elsewhere.text


def test_a_sum_of_money_is_no_answer_to_how_many_were_approved(session, tmp_path):
    call = ingested_call(
        session,
        tmp_path,
        "102/2026",
        "12. März 2026",
        "Baumklinik Test",
        "Für Sachsen-Anhalt stehen rund 116 Mio. Euro bereit.\n",
    )
    context = Context(calls=[call.slug])
    answer = ask(session, "wie viele anträge wurden am ende bewilligt?", Ask.OUTCOME, context=context)
    assert "nichts angegeben" in answer.text
    from bot.findings import _counts_something

    assert _counts_something("In der ersten Phase wurden 44.000 Jugendliche erreicht.")
    assert _counts_something("Die Jury vergibt zehn Preise.")
    assert not _counts_something("Frist ist der 15.09.2023; es gibt 1.200.000 Euro.")


def test_how_many_of_them_asks_a_count_and_how_much_of_it_the_states_share():
    from bot.asks import cued_asks
    from bot.findings import asks_the_states_share

    assert cued_asks("wie viele davon aus sachsen-anhalt?") == [Ask.PROJECT_COUNT]
    assert cued_asks("wie viel davon kriegt sachsen-anhalt") == [Ask.FUNDING]
    assert asks_the_states_share("wie viel davon kriegt sachsen-anhalt")
    assert not asks_the_states_share("wie viel davon geht an uns?")


def test_an_undated_circular_in_a_list_says_that_it_has_no_date():
    from bot import wording

    assert wording.circular_line("722/2025", None, "Aktion Mensch") == (
        "- Nr. 722/2025 (Datum im Text nicht angegeben): Aktion Mensch"
    )


def test_a_compound_of_an_ask_word_with_a_noun_of_its_own_is_a_topic():
    assert evidence.focus_stems("wo gabs die bewerbungsformulare?") == ["bewerbungsformular"]
    assert evidence.focus_stems("wann war antragsschluss?") == []
    assert evidence.focus_stems("bis wann läuft die einreichungsfrist?") == []
    from bot.asks import cued_asks

    assert cued_asks("wer richtet den wettbewerb 2025 aus") == [Ask.FUNDER]


def test_a_sum_made_available_is_asked_for_however_it_is_said():
    assert evidence.focus_stems("wieviel hat das land 2022 dafuer bereitgestellt") == ["land", "2022"]
    from bot.asks import cued_asks

    assert cued_asks("und max pro laden?") == [Ask.FUNDING]
    assert cued_asks("wie viel preisgeld gabs?") == [Ask.FUNDING]


def test_a_district_missing_from_the_circulars_list_may_not_take_part(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "92/2026",
        "4. März 2026",
        "Revierwald Test",
        "Antragsberechtigt sind Kommunen im Revier.\n"
        "Zum Revier gehören der Burgenlandkreis, der Saalekreis und der Landkreis Mansfeld-Südharz.\n",
    )
    harz = findings.find(
        session,
        call,
        Ask.ELIGIBILITY,
        question_text="ist der landkreis harz da antragsberechtigt?",
        applicant="landkreis",
        today=TODAY,
    )
    assert harz.verdict == verdicts.Verdict.NO and "Burgenlandkreis" in harz.quotes[0].text
    assert harz.lines[0].startswith("Nein, der Landkreis Harz ist bei Revierwald Test")
    saale = findings.find(
        session,
        call,
        Ask.ELIGIBILITY,
        question_text="darf der saalekreis mitmachen?",
        applicant="landkreis",
        today=TODAY,
    )
    assert saale.verdict != verdicts.Verdict.NO


def test_what_changed_is_answered_by_the_sentence_saying_so(session, tmp_path):
    call = ingested_call(
        session,
        tmp_path,
        "90/2027",
        "2. Februar 2027",
        "Heckenpflege Test",
        "Das fiktive Ministerium fördert die Pflege von Hecken.\n"
        "Anders als in der ersten Runde sind nun auch Vereine antragsberechtigt.\n",
    )
    found = evidence.passages(session, call, Ask.OVERVIEW, question_text="was ist anders als in der ersten runde?")
    assert found and found[0].text.startswith("Anders als in der ersten Runde")


def test_a_verdict_from_the_associations_reading_quotes_the_rule_beside_it(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "93/2026",
        "5. März 2026",
        "Teichpflege Test",
        "Das fiktive Ministerium fördert die Pflege von Dorfteichen.\n"
        "Antragsberechtigt sind gemeinnützige Vereine und Stiftungen.\n"
        "Die Mittel reichen für etwa 40 Teiche.\n"
        "Hinweise der Geschäftsstelle: Die Landkreise selbst sind nicht antragsberechtigt.\n",
    )
    found = findings.find(
        session,
        call,
        Ask.ELIGIBILITY,
        question_text="dürfen landkreise selbst anträge stellen?",
        applicant="landkreis",
        today=TODAY,
    )
    assert found.verdict == verdicts.Verdict.NO
    assert [q.text for q in found.quotes] == [
        "Hinweise der Geschäftsstelle: Die Landkreise selbst sind nicht antragsberechtigt.",
        "Antragsberechtigt sind gemeinnützige Vereine und Stiftungen.",
    ]


def test_a_short_question_with_auch_and_an_example_wants_a_yes_or_no(session):
    answer = in_context(session, "auch maschinenkosten, z.b. für einen traktor?", Ask.AIM)
    assert answer.text.startswith("Nein, nach den Angaben zu Waldpflege Test")
    first = ask(session, "Was wird bei Waldpflege Test gefördert?", Ask.AIM)
    # Also where no kind of question was recognised and a sentence of the call is quoted.
    free = answers.free_question_answer(session, "auch maschinenkosten, z.b. für einen traktor?", first.context)
    assert free.text.startswith("Nein, nach den Angaben zu Waldpflege Test")
    assert "Maschinenkosten und Beratungen sind nicht förderfähig" in free.text


def test_the_day_a_call_with_a_long_quoted_title_was_published_is_no_deadline():
    text = (
        "Das Ministerium hat am 23. Juni 2020 den Aufruf zum Programm „Stärkung der Teilhabe Älterer – Wege "
        "aus der Einsamkeit und sozialen Isolation im Alter“ veröffentlicht."
    )
    assert not evidence.qualifies("deadline", text, 2020)


def test_a_month_and_year_end_a_period_but_not_the_end_of_a_span():
    assert evidence.qualifies("deadline", "Die Benennung muss bis November 2023 erfolgen.", 2023)
    assert not evidence.qualifies("deadline", "Gefördert wird von Oktober 2020 bis September 2022.", 2020)


def test_how_many_counts_what_the_calls_own_name_holds(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session, tmp_path, "94/2026", "6. März 2026", "Regionale Test Labore", "Gefördert werden bis zu 16 Labore.\n"
    )
    found = findings.find(
        session, call, Ask.PROJECT_COUNT, question_text="wie viele labore werden gefördert", today=TODAY
    )
    assert found.stated and "16 Labore" in found.quotes[0].text


def test_a_question_taken_for_one_about_a_circular_that_names_a_call_asks_about_the_call(session, tmp_path):
    ingest_fictitious(
        session,
        tmp_path,
        "96/2027",
        "3. Februar 2027",
        "Uferpflege Test",
        "Das fiktive Ministerium fördert die Pflege von Bachufern.\n"
        "Neu ist, dass auch Landkreise antragsberechtigt sind.\n",
    )
    answer = ask(session, "was ist bei der uferpflege test 2027 anders als früher?", Ask.CIRCULAR)
    assert "Bitte nennen Sie die Nummer" not in answer.text
    assert "„Neu ist, dass auch Landkreise antragsberechtigt sind.“" in answer.text


def test_a_question_for_a_reason_is_answered_by_the_sentence_giving_it(session):
    from bot.asks import checked_asks

    assert checked_asks([Ask.AIM], "warum wurde die pflanzfrist verlängert?") == []
    assert checked_asks([Ask.AIM], "und warum?") == [Ask.AIM]  # alone it repeats the last question
    first = ask(session, "Was wird bei Waldpflege Test gefördert?", Ask.AIM)
    answer = ask(session, "warum wurde die pflanzfrist verlängert?", context=first.context)
    assert "„Die Pflanzfrist wurde wegen der Trockenheit verlängert.“" in answer.text


def test_since_when_is_answered_by_the_day_something_began_not_by_its_end(session, tmp_path):
    ingest_fictitious(
        session,
        tmp_path,
        "97/2027",
        "4. Februar 2027",
        "Moorpflege Test",
        "Das fiktive Programm für neue Moore läuft bis zum 31. Dezember 2038.\n"
        "Am 13. August 2026 ist die novellierte Förderrichtlinie in Kraft getreten.\n",
    )
    answer = ask(session, "Moorpflege Test: seit wann gilt die neue richtlinie?", Ask.DEADLINE)
    assert answer.text.startswith("Beginn bei Moorpflege Test (Aufruf 2027): 13. August 2026.")
    assert "2038" not in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    "text, nlu, asks",
    [
        ("an wen geht der antrag", Ask.ELIGIBILITY, [Ask.PROCEDURE]),
        ("wohin schicken wir die skizze?", Ask.AIM, [Ask.PROCEDURE]),
        ("bis wann muss der antrag gestellt werden und wo?", Ask.DEADLINE, [Ask.DEADLINE, Ask.PROCEDURE]),
        ("an wen richtet sich das programm?", Ask.ELIGIBILITY, [Ask.ELIGIBILITY]),
        ("wie viele kommunen machen da schon mit?", Ask.FUNDING, [Ask.PROJECT_COUNT]),
        ("wie teuer darf ein projekt max sein", Ask.DURATION, [Ask.FUNDING]),
    ],
)
def test_the_words_of_a_question_overrule_the_nlus_guess(text, nlu, asks):
    from bot.asks import checked_asks

    assert checked_asks([nlu], text) == asks


def test_a_named_size_beyond_the_circulars_limit_may_not_take_part(session, tmp_path):
    ingest_fictitious(
        session,
        tmp_path,
        "98/2027",
        "5. Februar 2027",
        "Dorfbus Test",
        "Das fiktive Ministerium fördert Dorfbusse.\n"
        "Die Maßnahmen müssen in Gemeinden mit weniger als 35.000 Einwohnern durchgeführt werden.\n",
    )
    answer = ask(
        session, "Unsere Stadt hat knapp 40.000 Einwohner. Können wir beim Dorfbus Test mitmachen?", Ask.ELIGIBILITY
    )
    assert answer.text.startswith(
        "Nein, mit 40.000 Einwohnern liegen Sie außerhalb der Einwohnergrenze von Dorfbus Test"
    )
    assert "weniger als 35.000 Einwohnern" in answer.text


def test_how_many_prefers_the_count_of_this_round_to_a_list_of_earlier_ones(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "99/2027",
        "6. Februar 2027",
        "Baumgutschein Test",
        "Vergeben werden 947 Baumgutscheine zu je 15.000 Euro.\n"
        "Zum Verlauf der bisherigen Aufrufe:\n"
        "– Erster Aufruf (November 2024): rund 13.000 Bewerbungen für 2.800 Baumgutscheine.\n"
        "– Zweiter Aufruf (April 2025): rund 10.000 Bewerbungen für 3.400 Baumgutscheine.\n",
    )
    question = "wie viele baumgutscheine gibts in der runde?"
    found = findings.find(session, call, Ask.PROJECT_COUNT, question_text=question, today=TODAY)
    assert found.quotes[0].text == "Vergeben werden 947 Baumgutscheine zu je 15.000 Euro."


def test_a_deadline_passed_when_the_circular_was_written_is_an_earlier_rounds(session, tmp_path):
    ingest_fictitious(
        session,
        tmp_path,
        "88/2027",
        "26. April 2027",
        "Laubbläser Test",
        "Mit dem Bezugsrundschreiben hatten wir über den ersten Aufruf für kommunale Laubbläser informiert; "
        "Anträge konnten damals bis zum 28.07.2026 gestellt werden.\n"
        "Anträge sind bis zum 8. Juni 2027 möglich.\n",
    )
    answer = ask(
        session, "Laubbläser Test: bis wann kann man für kommunale laubbläser anträge einreichen?", Ask.DEADLINE
    )
    first_line = answer.text.split("\n")[0]
    assert first_line.startswith("Frist bei Laubbläser Test") and "8. Juni 2027" in first_line
    assert "2026" not in first_line


def test_a_reviewed_fact_names_the_calls_circular_that_states_it_too():
    from bot import findings
    from bot.models import Circular, CircularCall, FundingCall
    from bot.states import LinkRole

    circular = Circular(number="77/2026", full_text="Der Zuschuss beträgt 65 Prozent, bis zum 20.04.2026.")
    call = FundingCall(slug="x", name="X", program="X")
    call.circular_links.append(CircularCall(circular=circular, role=LinkRole.ANNOUNCES))
    stating = findings._circulars_stating(call, ["Zuschuss von 65 %."])
    assert stating and stating[0].startswith("Rundschreiben Nr. 77/2026")
    assert findings._circulars_stating(call, ["Zuschuss von 50 %, Frist 20. Mai 2026."]) == []


def test_a_part_in_anothers_application_is_no_application_of_ones_own():
    sentence = "Kreisangehörige Kommunen können über den Antrag des Landkreises einbezogen werden."
    reading = verdicts.read(sentence, "gemeinde")
    assert reading.verdict == verdicts.Verdict.CONDITIONAL
    assert verdicts.own_application_denied("darf eine gemeinde selber einen antrag stellen?", [reading])
    assert not verdicts.own_application_denied("darf eine gemeinde mitmachen?", [reading])


def test_supporting_anothers_application_is_no_application_of_ones_own():
    sentence = "Die Landkreise können die Bewerbung einer Stadt aber unterstützen und als weiterer Partner mitwirken."
    reading = verdicts.read(sentence, "landkreis")
    assert reading.verdict == verdicts.Verdict.CONDITIONAL
    assert verdicts.own_application_denied("kann unser landkreis selbst mitmachen?", [reading])


def test_a_sentence_going_on_about_the_quoted_one_is_quoted_with_it(session, tmp_path):
    ingest_fictitious(
        session,
        tmp_path,
        "87/2027",
        "7. Februar 2027",
        "Mauerpflege Test",
        "Das fiktive Ministerium fördert die Pflege von Dorfmauern.\n"
        "Die Beteiligung des Bundes beträgt bis zu 50 Prozent der Kosten.\n"
        "Sie ist durch Mittel der Länder oder Dritter zu ergänzen.\n",
    )
    answer = ask(session, "Mauerpflege Test: wer zahlt den rest?", Ask.RATE)
    assert "50 Prozent der Kosten. Sie ist durch Mittel der Länder oder Dritter zu ergänzen." in answer.text


def test_a_list_item_says_what_its_run_on_lead_in_says_of_it(session, tmp_path):
    ingest_fictitious(
        session,
        tmp_path,
        "86/2027",
        "8. Februar 2027",
        "Ladesäulen Test",
        "Das fiktive Ministerium fördert Ladepunkte in Gemeinden.\n"
        "Die Förderung beträgt jeweils bis zu 80 Prozent der Kosten, höchstens\n"
        "– 4.000 Euro je Normalladepunkt und 10.000 Euro je Standort für den\n"
        "Anschluss an das Niederspannungsnetz,\n"
        "– 16.000 Euro je Schnellladepunkt.\n",
    )
    answer = ask(session, "Ladesäulen Test: wie viel max pro ladepunkt?", Ask.FUNDING)
    assert "4.000 Euro je Normalladepunkt" in answer.text and "16.000 Euro je Schnellladepunkt" in answer.text
    assert "für den Anschluss an das Niederspannungsnetz" in answer.text  # the item's broken line, whole


def test_whether_a_thing_gets_money_asks_what_is_funded_not_how_much():
    from bot.asks import cued_asks

    assert cued_asks("gibts beim tourismus-aufruf auch geld fuer einen bootsanleger") == [Ask.AIM]
    assert cued_asks("wie viel geld gibt es fuer einen bootsanleger") == [Ask.FUNDING]


def test_the_sentence_counting_what_is_asked_answers_however_far_from_a_rare_word(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "93/2027",
        "6. März 2027",
        "Kulturregion Test",
        "Gefördert werden Regionen im Wandel. Die Regionen entwickeln Ideen für ihre Kultur.\n"
        "Die ausgewählten Regionen erhalten danach bis zu 1 Mio. Euro.\n\n"
        "Das Verfahren im Einzelnen:\n"
        "- Beteiligt werden neun Länder, darunter erstmals Sachsen-Anhalt und Thüringen.\n"
        "- Das Ministerium jedes Landes kann zwei Regionen empfehlen.\n",
    )
    # "Sachsen-Anhalt" points to the first item; the second gives the number of regions.
    question = "wie viele regionen darf sachsen-anhalt vorschlagen"
    found = findings.find(session, call, Ask.PROJECT_COUNT, question_text=question, today=TODAY)
    assert found.stated and "zwei Regionen" in found.quotes[0].text


def test_a_word_built_with_a_call_word_names_the_call_not_the_subject():
    assert evidence.without_call_compounds("gibts beim tourismus-aufruf geld fuer einen bootsanleger").split() == [
        "gibts",
        "beim",
        "geld",
        "fuer",
        "einen",
        "bootsanleger",
    ]
    assert "E-Auto" in evidence.without_call_compounds("gilt das für ein E-Auto?")


def test_how_much_one_may_apply_for_asks_for_a_sum_and_who_approves_for_the_office():
    from bot.asks import cued_asks

    assert cued_asks("nakopa 2021 – in welcher groessenordnung kann man da beantragen") == [Ask.FUNDING]
    assert cued_asks("wie viel duerfen wir beantragen?") == [Ask.FUNDING]
    assert cued_asks("kann man da einen antrag stellen?") == [Ask.ELIGIBILITY]
    assert cued_asks("wer bewilligt das?") == [Ask.PROCEDURE]


def test_when_a_call_came_out_is_the_day_it_was_published_not_a_referenced_circular_s(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "92/2027",
        "8. Juni 2027",
        "Teilhabe Modell Test",
        "Bezug: RS 70/25 vom 23.05.2025\n\n"
        "Am 25. Mai 2027 hat das fiktive Ministerium den zweiten Förderaufruf im Bundesanzeiger veröffentlicht.\n"
        "Projektskizzen sind bis zum 4. September 2027 einzureichen.\n",
    )
    found = findings.find(session, call, Ask.DEADLINE, question_text="wann kam der aufruf raus?", today=TODAY)
    assert found.lines and "25. Mai 2027" in found.lines[0], found.lines
    assert "23. Mai 2025" not in " ".join(found.lines)


def test_who_approves_is_answered_by_the_sentence_naming_the_office(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "91/2027",
        "2. Juni 2027",
        "Revierhilfe Test",
        "Gefördert werden Vorhaben im Revier. Bislang sind 200 Mio. Euro durch Bewilligungen gebunden.\n\n"
        "Zum Verfahren:\n"
        "- Jedes Projekt ist vorab mit einem Formblatt anzumelden.\n"
        "- Die Förderung beträgt bis zu 90 v. H.\n"
        "- Die Mindestausgaben betragen 25.000 Euro.\n"
        "- Der Antrag selbst geht an die zuständige Bewilligungsbehörde, das Landesverwaltungsamt.\n",
    )
    found = findings.find(session, call, Ask.PROCEDURE, question_text="wer bewilligt dann", today=TODAY)
    assert "Landesverwaltungsamt" in found.quotes[0].text


def test_also_goes_on_from_the_last_question_as_und_does():
    context = Context(calls=["x"], asks=[Ask.ELIGIBILITY])
    assert read_question([], "also wir als landkreis nicht selbst?", context=context).asks == [Ask.ELIGIBILITY]


def test_a_sum_answers_where_no_sentence_near_the_question_s_rare_word_states_one(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "90/2027",
        "4. Juni 2027",
        "Inklusionshelfer Test",
        "Die fiktive Stiftung fördert kleine Jugendprojekte mit Kindern mit und ohne Behinderung.\n"
        "Gefördert werden Freizeitangebote und Workshops.\n\n"
        "Zur Förderung im Einzelnen:\n"
        "- Je Einrichtung wird nur ein Projekt im Jahr bewilligt.\n"
        "- Die Laufzeit beträgt höchstens ein Jahr.\n"
        "- Antragsberechtigt sind freie gemeinnützige Träger.\n"
        "- Beantragt werden können bis zu 10.000 Euro ohne Eigenmittel.\n",
    )
    question = "was gibts da fuer kleine jugendprojekte, wieviel jeweils?"
    found = findings.find(session, call, Ask.FUNDING, question_text=question, today=TODAY)
    assert found.stated and "10.000 Euro" in found.quotes[0].text


def test_not_named_in_the_call_is_no_exclusion_and_our_reading_that_it_is_possible_a_condition():
    from bot.states import Verdict

    sentence = (
        "Landkreise werden im Aufruf nicht ausdrücklich genannt; da juristische Personen antragsberechtigt sind, "
        "halten wir Anträge der Landkreise für möglich, empfehlen aber, dies vorab mit dem Amt zu klären."
    )
    assert verdicts.read(sentence, "landkreis").verdict == Verdict.CONDITIONAL
    assert verdicts.read("Landkreise werden als Antragsberechtigte nicht genannt.", "landkreis").verdict == (
        Verdict.NOT_LISTED
    )
    assert verdicts.read("Landkreise sind nicht antragsberechtigt.", "landkreis").verdict == Verdict.NO


def test_who_may_apply_is_read_where_no_sentence_near_the_question_s_rare_word_says_it(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "89/2027",
        "1. Juni 2027",
        "Wanderwege Test",
        "Gefördert werden insbesondere:\n"
        "- Informationszentren, Natur- und Lehrpfade, Rastplätze,\n"
        "- der Ausbau der Barrierefreiheit.\n\n"
        "Die Frist ist knapp. Landkreise sind nicht antragsberechtigt; sie können Gemeinden beraten.\n",
    )
    question = "duerfen wir als lk einen naturlehrpfad beantragen?"
    found = findings.find(session, call, Ask.ELIGIBILITY, applicant="landkreis", question_text=question, today=TODAY)
    assert found.verdict == "no", found


def test_colloquial_money_words_ask_how_much():
    from bot.asks import cued_asks

    assert cued_asks("was gabs beim kita-einstieg je standort an kohle") == [Ask.FUNDING]
    assert cued_asks("wieviel gabs da pro projekt?") == [Ask.FUNDING]


def test_when_a_call_was_published_asks_for_a_date_when_a_circular_was_not():
    from bot.asks import cued_asks

    assert cued_asks("wann hat das ministerium den aufruf veroeffentlicht?") == [Ask.DEADLINE]
    assert cued_asks("wann kam der aufruf raus?") == [Ask.DEADLINE]
    assert cued_asks("wann ist das rundschreiben erschienen?") == []


def test_since_when_is_read_wherever_the_beginning_stands(session, tmp_path):
    from bot import findings

    call = ingested_call(
        session,
        tmp_path,
        "88/2027",
        "1. März 2027",
        "Kitabrücke Test",
        "Das Verfahren läuft seit dem 02.01.27.\n"
        "Gefördert werden Netzwerkstellen in Jugendämtern.\n"
        "Die Stellen werden mit bis zu 150.000 Euro im Jahr gefördert.\n"
        "Der Bund trägt die Ausgaben vollständig.\n"
        "Die Laufzeit reicht bis Ende 2030.\n\n"
        "Zum Verfahren:\n"
        "- Das Verfahren ist zweistufig: Auf die Interessenbekundung folgt der Antrag.\n"
        "- Die Interessenbekundung wird mit einem Formular abgegeben.\n",
    )
    question = "ab wann lief die interessenbekundung"
    found = findings.find(session, call, Ask.DEADLINE, question_text=question, today=TODAY)
    assert found.lines and "2. Januar 2027" in found.lines[0], found
