"""German dates, and how a date stands relative to today."""

from datetime import date, datetime, timezone

MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def german_date(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _span(days: int) -> str:
    if days < 60:
        return f"{days} Tag" if days == 1 else f"{days} Tagen"
    if days < 730:
        months = round(days / 30.44)
        return f"etwa {months} Monaten"
    return f"etwa {round(days / 365.25)} Jahren"


def relative_to_today(day: date, today: date) -> str:
    """ "abgelaufen, vor 3 Tagen", "endet heute", "noch 1 Tag", "noch 12 Tage"."""
    delta = (day - today).days
    if delta == 0:
        return "endet heute"
    if delta < 0:
        return f"abgelaufen, vor {_span(-delta)}"
    return "noch 1 Tag" if delta == 1 else f"noch {delta} Tage"


def utc_now() -> datetime:
    """Now in UTC, to the second, as the database keeps times (naive UTC)."""
    return datetime.utcnow().replace(microsecond=0)


def local_time(stored: datetime) -> datetime:
    """A stored time (UTC) in the server's time zone, for showing."""
    return stored.replace(tzinfo=timezone.utc).astimezone()
