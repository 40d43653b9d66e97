"""Write the credentials file the Rasa container starts with: credentials.production.yml without
the channels that this deployment does not configure.

credentials.production.yml names every channel the bot can serve. Mattermost and Microsoft Teams
take their settings from environment variables (${MATTERMOST_URL}, ${MICROSOFT_APP_ID}, ...), and
their connectors refuse to start with empty settings. A deployment that uses one platform, or
none, leaves the other's variables empty in .env: a channel block ALL of whose ${VARIABLES} are
empty or unset is left out here. Every other block is copied unchanged, variables included (Rasa
fills them in itself; a partly configured channel reaches its connector, which names what is
missing). Blocks without variables (rest, socket.io) are always kept.

    python deploy/app/channels.py credentials.production.yml /tmp/foerderbot-credentials.yml
"""
import os
import re
import sys
from typing import Any, Dict, List, Set, Tuple

import yaml

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def variables(value: Any) -> Set[str]:
    """The ${VARIABLES} in the values of a channel block (comments are not values)."""
    if isinstance(value, dict):
        return set().union(*(variables(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(variables(v) for v in value)) if value else set()
    return set(VARIABLE.findall(value)) if isinstance(value, str) else set()


def select(credentials: Dict[str, Any], environ: Dict[str, str]) -> Tuple[Dict[str, Any], List[str]]:
    """(the channels to start, the names of those left out)."""
    kept, skipped = {}, []
    for channel, settings in credentials.items():
        names = variables(settings)
        if names and not any(environ.get(name) for name in names):
            skipped.append(channel)
        else:
            kept[channel] = settings
    return kept, skipped


def main(source: str, target: str) -> int:
    with open(source, encoding="utf-8") as handle:
        credentials = yaml.safe_load(handle) or {}
    kept, skipped = select(credentials, dict(os.environ))
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(f"# Written by deploy/app/channels.py from {source}; do not edit.\n")
        yaml.safe_dump(kept, handle, sort_keys=False, allow_unicode=True)
    print(f"Kanäle: {', '.join(kept) or 'keine'}"
          + (f"; nicht konfiguriert und ausgelassen: {', '.join(skipped)}" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
