"""``python -m bench`` runs every benchmark in a fresh process, so that no figure measures what
an earlier benchmark left behind in the interpreter. A benchmark's output passes through; a
crash is reported, not fatal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.__main__ import run_isolated

FAKE = """
import os, sys
STATE = []

def run():
    STATE.append(1)
    print("working", flush=True)
    if os.environ.get("FAKE_BENCH_CRASH"):
        raise RuntimeError("boom")
    return {"rows": [{"name": "fake", "pid": os.getpid(), "runs_here": len(STATE)}]}
"""


@pytest.fixture
def fake_bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "fake_bench_module.py").write_text(FAKE)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    return "fake_bench_module"


def test_each_benchmark_runs_in_a_fresh_process(
    fake_bench: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = run_isolated(fake_bench)
    second = run_isolated(fake_bench)
    (a,), (b,) = first["rows"], second["rows"]
    assert a["pid"] != os.getpid() and b["pid"] != a["pid"]
    assert a["runs_here"] == 1 and b["runs_here"] == 1  # nothing carried over
    assert first["result"]["rows"] == first["rows"]
    assert capsys.readouterr().out.count("working") == 2  # the child's output passes through


def test_a_crashing_benchmark_is_reported(fake_bench: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_BENCH_CRASH", "1")
    outcome = run_isolated(fake_bench)
    assert "RuntimeError: boom" in outcome["error"]
    assert "nonexistent_bench" in run_isolated("nonexistent_bench")["error"]
