"""The addresses of the staff app's pages, for every module and template that links to one."""

import re
from typing import Optional
from urllib.parse import quote, unquote

from bot import search


def circular_key(number: str) -> str:
    """The circular's part of its page's address: "384/2020" → "384-2020"."""
    return number.replace("/", "-")


def circular_path(number: str) -> str:
    return f"/rundschreiben/{circular_key(number)}"


def call_path(slug: str) -> str:
    return f"/aufrufe/{quote(slug, safe='')}"


def hit_path(hit: search.Hit) -> Optional[str]:
    """The page of a search hit: the one search gives (an FAQ entry's), else its circular's or call's."""
    pages = {"circular": circular_path, "call": call_path}
    return hit.url or (pages[hit.kind](hit.key) if hit.kind in pages else None)


_KEY = re.compile(r"(\d{1,4})[-_/ ](\d{4})")


def number_of_key(key: str) -> Optional[str]:
    """The circular number an address names: "384-2020", "384_2020", "14-2020" → "384/2020", "014/2020"."""
    match = _KEY.fullmatch(unquote(key).strip())
    return f"{int(match.group(1)):03d}/{match.group(2)}" if match else None
