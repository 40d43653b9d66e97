"""Rasa's own checks: the training data validates, and the test stories are predicted exactly."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import MODEL, ROOT

pytestmark = pytest.mark.tools

RASA = str(Path(sys.executable).parent / "rasa")
ENV_QUIET = {"TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def _run(*args, tmp=None):
    import os

    return subprocess.run(
        [RASA, *args], cwd=ROOT, capture_output=True, text=True, env={**os.environ, **ENV_QUIET}, timeout=900
    )


def test_training_data_validates_without_warnings():
    result = _run("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_story_predictions_are_exact(tmp_path):
    result = _run(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        "tests/stories",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    detail = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, detail + result.stdout[-3000:] + result.stderr[-3000:]
    assert "None of the test stories failed" in (
        failed.read_text() if failed.exists() else "None of the test stories failed"
    )
