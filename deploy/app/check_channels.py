"""Check that every custom channel named in a Rasa credentials file can be imported.

Rasa names custom channels by their import path (`connectors.mattermost.MattermostInput`); a
typo or a missing module would only show when the server starts. The image build runs this on
credentials.production.yml. Built-in channels (rest, socketio, ...) have no dot and are skipped.
"""
import importlib
import sys

import yaml


def custom_channels(path: str) -> list:
    with open(path, encoding="utf-8") as handle:
        credentials = yaml.safe_load(handle) or {}
    return [name for name in credentials if "." in name]


def main(path: str) -> int:
    from rasa.core.channels.channel import InputChannel

    failures = []
    for name in custom_channels(path):
        module_name, _, class_name = name.rpartition(".")
        try:
            channel = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as error:
            failures.append(f"{name}: {error}")
            continue
        if not (isinstance(channel, type) and issubclass(channel, InputChannel)):
            failures.append(f"{name}: not a rasa InputChannel")
    for failure in failures:
        print(f"check_channels: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "credentials.production.yml"))
