"""A call's page: its facts with their sources, deadlines with their status, eligibility and
rounds; for staff, the review of what ingestion extracted. (Being written.)"""

from sanic import Sanic


def register(app: Sanic) -> None:
    pass
