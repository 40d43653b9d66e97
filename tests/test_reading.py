"""Reading German dates, euro amounts and percentages in every form circulars use."""

from datetime import date

import pytest

from bot.reading import find_amounts, find_dates, find_percents, read_date


@pytest.mark.parametrize(
    "text,expected",
    [
        ("bis zum 15.09.23 einzureichen", [date(2023, 9, 15)]),
        ("bis zum 15.9.2023", [date(2023, 9, 15)]),
        ("am 15. Sept. 2023", [date(2023, 9, 15)]),
        ("am 1. Maerz 2021", [date(2021, 3, 1)]),
        ("vom 01.03.2021 bis 15.4.2021", [date(2021, 3, 1), date(2021, 4, 15)]),
        ("am 12. und 13. Mai 2020", [date(2020, 5, 12), date(2020, 5, 13)]),
        ("vom 1.–3. Juni 2021", [date(2021, 6, 1), date(2021, 6, 3)]),
        ("jeweils zum 15. März und 15. September 2024", [date(2024, 3, 15), date(2024, 9, 15)]),
        ("veröffentlicht am 2023-01-18", [date(2023, 1, 18)]),
    ],
)
def test_dates_in_every_german_form(text, expected):
    assert [m.day for m in find_dates(text)] == expected


def test_a_day_without_a_year_needs_one_given_and_says_so():
    assert find_dates("bis zum 15. März") == []
    found = find_dates("bis zum 15. März", default_year=2022)
    assert [(m.day, m.year_stated) for m in found] == [(date(2022, 3, 15), False)]


@pytest.mark.parametrize("text", ["Ziffer 3.1. der Richtlinie", "Heimat 2.0.", "am 31.02.2021", "Version 1.2"])
def test_section_numbers_versions_and_impossible_dates_are_no_dates(text):
    assert find_dates(text, default_year=2021) == []


def test_read_date_of_a_header_field():
    assert read_date("Magdeburg, den 14. Juli 2022") == date(2022, 7, 14)
    assert read_date("ohne Datum") is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("200 000 €", [200_000]),
        ("0,6 Mio. Euro", [600_000]),
        ("1 bis 6 Mio. Euro", [1_000_000, 6_000_000]),
        ("300.000 Euro, im Verbund 500.000 Euro", [300_000, 500_000]),
        ("200.000 bis 600.000 Euro", [200_000, 600_000]),
        ("zwischen 10.000 und 50.000 €", [10_000, 50_000]),
        ("eine Million Euro", [1_000_000]),
        ("€ 5.000", [5_000]),
        ("EUR 25 Mio.", [25_000_000]),
        ("150 Mio. €", [150_000_000]),
        ("höchstens 1,5 Milliarden EUR", [1_500_000_000]),
    ],
)
def test_amounts_in_every_form(text, expected):
    assert [a.euros for a in find_amounts(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("12 Projekte und 50.000 Euro", [50_000]),  # "und" makes a range only after "zwischen"
        ("Nr. 3 100.000 Euro", [100_000]),  # thousands are grouped by dots or spaces, not both
        ("im Jahr 2023 gefördert", []),
    ],
)
def test_numbers_near_amounts_are_not_read_as_amounts(text, expected):
    assert [a.euros for a in find_amounts(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("45 v. H.", [45.0]),
        ("bis zu 90 Prozent", [90.0]),
        ("65 %", [65.0]),
        ("12,5 %", [12.5]),
        ("um 20 Prozentpunkte", []),
        ("150 %", []),
    ],
)
def test_percentages(text, expected):
    assert [p.percent for p in find_percents(text)] == expected
