"""How sources are named in answers: one wording for a circular, one for a publication."""

from typing import Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.dates import german_date
from bot.models import Circular, Source
from bot.states import SourceKind
from bot.wording import ASSOCIATION, UNDATED


def cite_circular(circular: Optional[Circular], number: Optional[str] = None) -> str:
    """ "Rundschreiben Nr. 384/2020 des Landkreistages Sachsen-Anhalt (Datum im Text nicht angegeben)" """
    if circular is None:
        return f"Rundschreiben Nr. {number} {ASSOCIATION}"
    when = f"vom {german_date(circular.issued_on)}" if circular.issued_on else UNDATED
    return f"Rundschreiben Nr. {circular.number} {ASSOCIATION} {when}"


def cite_sources(session: Session, sources: Iterable[Source]) -> List[str]:
    """Each source once, in order: circulars by number and date, publications by label and date."""
    labels: List[str] = []
    for source in sources:
        if source.kind == SourceKind.CIRCULAR and source.circular_number:
            circular = session.execute(select(Circular).filter_by(number=source.circular_number)).scalar_one_or_none()
            label = cite_circular(circular, source.circular_number)
        else:
            label = f"{source.label}, {source.published}" if source.published else source.label
        if label not in labels:
            labels.append(label)
    return labels


def source_line(labels: List[str]) -> str:
    labels = list(dict.fromkeys(labels))
    if not labels:
        return ""
    return ("Quelle: " if len(labels) == 1 else "Quellen: ") + "; ".join(labels)
