"""A fix for the Rasa server's hot path, applied when Rasa loads the channels (connectors/__init__.py).

Rasa 3.6 checks every action server response with `jsonschema.validate`, which first checks the
schema itself against its meta-schema, on every call. Under load that was a quarter of the Rasa
server's CPU (py-spy on `scripts/load_test.py`, 50 conversations). Here the same check runs with
a validator built once for the same schema, and fails with the same error and message.
"""

from functools import lru_cache
from typing import Any, Dict

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error: ValidationError = best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result
