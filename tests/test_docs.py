"""The documentation stays true: every intent is documented, every `bot` subcommand is in the
README, every module of `bot/`, `actions/` and `connectors/` is named in the architecture page or
the README, and `bot/` is the Rasa-free core the docs say it is."""

import ast
import re
from pathlib import Path

import yaml

from bot import cli

ROOT = Path(__file__).resolve().parent.parent


def _text(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def test_every_intent_is_documented():
    intents = yaml.safe_load(_text("domain.yml"))["intents"]
    documented = set(re.findall(r"^\| `(\w+)` \|", _text("docs/intents.md"), re.M))
    assert set(intents) - documented == set()


def test_every_bot_subcommand_is_in_the_readme():
    commands = next(a for a in cli.parser()._actions if a.dest == "command").choices
    readme = _text("README.md")
    assert [c for c in commands if f"bot {c}" not in readme and f"`{c}`" not in readme] == []


def test_every_module_is_named_in_the_docs():
    docs = _text("docs/architecture.md") + _text("README.md")
    modules = [p for p in (ROOT / "bot").rglob("*.py") if "migrations" not in p.parts and p.name != "__init__.py"]
    modules += [p for p in (ROOT / "actions").glob("*.py") if p.name != "__init__.py"]
    modules += [p for p in (ROOT / "connectors").glob("*.py") if p.name != "__init__.py"]
    missing = [
        str(p.relative_to(ROOT))
        for p in modules
        if p.name not in docs and p.stem not in docs and f"{p.parent.name}/" not in docs
    ]
    assert missing == []


def _imported_modules(path: Path) -> set:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_the_core_imports_nothing_of_rasa():
    # Only actions/ and connectors/ speak Rasa; bot/ answers the same for the CLI, the search
    # page and the tests.
    offending = {
        str(p.relative_to(ROOT)): sorted(m for m in _imported_modules(p) if m.split(".")[0] in ("rasa", "rasa_sdk"))
        for p in (ROOT / "bot").rglob("*.py")
    }
    assert {path: found for path, found in offending.items() if found} == {}
