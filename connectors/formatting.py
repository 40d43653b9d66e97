"""How an answer looks on each platform, and how a typed number picks one of the last buttons.

Pure functions, so they are tested without Rasa or a platform.
"""

import re
from typing import Any, Dict, Iterable, List, Optional

from rasa.shared.core.events import BotUttered, UserUttered

CHOICE_HINT = "Bitte antworten Sie mit der Nummer Ihrer Wahl."
_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")
_TEAMS_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def numbered_options(text: str, buttons: List[Dict[str, Any]]) -> str:
    """Buttons as a Markdown numbered list under the text, for channels without buttons."""
    options = "\n".join(f"{number}. {button['title']}" for number, button in enumerate(buttons, 1))
    return f"{text.strip()}\n\n{options}\n\n{CHOICE_HINT}"


def option_number(text: str) -> Optional[int]:
    """The number a reply like "2", "2." or "2)" names, else None."""
    match = _NUMBER.fullmatch(text or "")
    return int(match.group(1)) if match else None


def last_buttons(events: Iterable[Any]) -> List[Dict[str, Any]]:
    """The buttons of the bot's last turn, from a tracker's events; [] when that turn had none.

    Only the bot messages after the user's latest message count: a number refers to the options
    just shown, not to older ones.
    """
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return list(event.data["buttons"])
    return []


def chosen_payload(text: str, buttons: List[Dict[str, Any]]) -> Optional[str]:
    """The payload of the button a typed number picks, or None (the text then goes to Rasa as is)."""
    number = option_number(text)
    if number is None or not 1 <= number <= len(buttons):
        return None
    return buttons[number - 1].get("payload") or buttons[number - 1].get("title")


def teams_markdown(text: str) -> str:
    """Teams' Markdown ignores single line breaks, and the answers put one fact per line."""
    return re.sub(r"\n+", "\n\n", text.strip())


def without_teams_mentions(text: str) -> str:
    """Teams puts "<at>Förderbot</at>" into messages that @mention the bot in channels and group chats."""
    return " ".join(_TEAMS_MENTION.sub(" ", text or "").split())
