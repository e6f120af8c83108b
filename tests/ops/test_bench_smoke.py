"""The load and fuzz benches run end to end (short profiles) and pass their own checks:
load accounts for every booking, email and webhook with no 5xx; the short fuzz profile
finds no 5xx and no schema violation. Slow: RUN_SLOW=1."""

import subprocess
import sys
from pathlib import Path

import pytest

from ops import stack as stack_module

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(autouse=True)
def _stack_possible():
    reason = stack_module.available()
    if reason:
        pytest.skip(reason)


def _run(*args, timeout=1200):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_load_mix_smoke():
    result = _run("bench/load_mix.py", "--clients", "8", "--duration", "10", "--payments", "60")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "p99 ms" in result.stdout
    assert "[FAIL]" not in result.stdout


def test_fuzz_short_profile():
    result = _run("bench/fuzz_api.py", "--profile", "short")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "generated cases" in result.stdout
