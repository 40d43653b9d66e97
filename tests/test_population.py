"""A size a member names checked against the limits a circular sets (bot/population.py)."""

from bot import population
from bot.states import Verdict

LIMIT = "Die Maßnahmen müssen in Gemeinden mit weniger als 35.000 Einwohnern durchgeführt werden."


def test_a_named_size_is_read_in_any_usual_form():
    assert population.named_size("Unsere Kreisstadt hat knapp 40.000 Einwohner.") == 40000
    assert population.named_size("wir haben 12 500 EW, geht das?") == 12500
    assert population.named_size("Wie viel gibt es für uns?") is None


def test_a_size_within_the_limit_is_a_yes_and_one_beyond_it_a_no():
    assert population.size_verdict("Wir haben 40.000 Einwohner. Geht das?", [LIMIT]).verdict == Verdict.NO
    assert population.size_verdict("mit 25.000 einwohnern dabei?", ["Noch ein Satz.", LIMIT]).verdict == Verdict.YES
    assert population.size_verdict("mit 35.000 Einwohnern?", ["Kommunen bis 35.000 Einwohner."]).verdict == Verdict.YES


def test_limits_that_lead_different_ways_or_allow_exceptions_decide_nothing():
    parts = [
        "EFRE gilt für Gemeinden mit mehr als 10.000 Einwohnern.",
        "ELER gilt für Gemeinden mit weniger als 10.000 Einwohnern.",
    ]
    assert population.size_verdict("wir haben 5.000 Einwohner", parts) is None
    exception = [LIMIT, "In Ausnahmefällen sind auch Kommunen mit mehr Einwohnern förderfähig."]
    assert population.size_verdict("wir haben 40.000 Einwohner", exception) is None
    assert population.size_verdict("wir haben 40.000 Einwohner", ["Gefördert werden Kitas."]) is None


def test_a_limit_that_excludes_the_places_within_it_is_read_the_other_way():
    limits = [
        "Bewerben können Vereine aus Orten mit bis zu 10.000 Einwohnern.",
        "Ein Ort mit mehr als 10.000 Einwohnern kommt nach dem Aufruf nicht in Betracht.",
    ]
    assert population.size_verdict("mit rund 25.000 einwohnern?", limits).verdict == Verdict.NO
    assert population.size_verdict("mit 600 einwohnern?", limits).verdict == Verdict.YES
    # "nicht mehr als" limits; it does not exclude.
    both = ["Teilnehmen können Dörfer, die zusammen nicht mehr als 3.000 Einwohner haben."]
    assert population.size_verdict("zusammen 2.800 einwohner?", both).verdict == Verdict.YES
