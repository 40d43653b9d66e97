"""The Landkreise of Saxony-Anhalt, the association's members: recognising one a question or a
circular names ("ist der Salzlandkreis antragsberechtigt?", "im Landkreis Harz")."""

import re
from typing import Dict, List, Pattern

from bot.text import fold

# Each district by its official name, with the (folded) words that name it. "Harz" alone, not the
# "Südharz" of Mansfeld-Südharz.
DISTRICTS: Dict[str, Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "Altmarkkreis Salzwedel": r"\baltmarkkreis\b|\bsalzwedel\b",
        "Landkreis Anhalt-Bitterfeld": r"\banhalt[- ]bitterfeld\b",
        "Landkreis Börde": r"\bboerde\b|\bborde\b",
        "Burgenlandkreis": r"\bburgenlandkreis",
        "Landkreis Harz": r"(?<![\w-])harz\b|\bharzkreis",
        "Landkreis Jerichower Land": r"\bjerichower land\b",
        "Landkreis Mansfeld-Südharz": r"\bmansfeld",
        "Saalekreis": r"\bsaalekreis",
        "Salzlandkreis": r"\bsalzlandkreis",
        "Landkreis Stendal": r"\bstendal\b",
        "Landkreis Wittenberg": r"\bwittenberg\b",
    }.items()
}


def named(text: str) -> List[str]:
    """The districts a text names, in the order of DISTRICTS."""
    folded = fold(text)
    return [name for name, pattern in DISTRICTS.items() if pattern.search(folded)]
