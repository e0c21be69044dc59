"""``python -m bench`` (``make bench``): run every benchmark, print a table, write results.json.

Every figure is a ratio against a floor measured in the same run. A benchmark is a module in
:data:`BENCHMARKS` with ``run() -> dict``; the rows of the table are ``result["rows"]`` or, for
a module that returns plain figures, what its ``rows(result)`` makes of them. Add a module to
the tuple to add a benchmark. ``python -m bench command_path startup`` runs only those.
The exit code is 1 when a benchmark crashed, and — with ``--strict`` — when a target is missed.

Each benchmark runs in a fresh Python process (``python -m bench --one <module>``), so that no
benchmark measures what an earlier one left in the interpreter (imports, caches, the heap).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCHMARKS = (
    "bench.command_path",
    "bench.startup",
    "bench.tally_bench",
    "bench.nudge_delivery",
    "bench.telegram_e2e",
    "bench.matrix_e2e",
    "bench.reminder_sweep",
)
RESULTS = Path(__file__).parent / "results.json"
MARK = "@@bench-result@@ "


def rows_of(module: Any, result: dict[str, Any]) -> list[dict[str, Any]]:
    """The table rows a benchmark produced."""
    if "rows" in result:
        return list(result["rows"])
    if hasattr(module, "rows"):
        return list(module.rows(result))
    raise TypeError(f"{module.__name__}.run() returned no rows and the module has no rows()")


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a fixed-width text table (and notes beneath)."""
    header = ("benchmark", "figure", "floor", "unit", "ratio", "target", "result")
    lines = []
    body = []
    for r in rows:
        verdict = {True: "pass", False: "FAIL", None: "–"}[r.get("passed")]
        target = f"≤ {r['target']:g}" if r.get("target") is not None else "–"
        body.append(
            (
                r["name"],
                _fmt(r["figure"]),
                _fmt(r["floor"]),
                r["unit"],
                f"{r['ratio']:.2f}",
                target,
                verdict,
            )
        )
    widths = [max(len(str(x[i])) for x in [header, *body]) for i in range(len(header))]
    for line in [header, tuple("-" * w for w in widths), *body]:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)))
    notes = [f"  {r['name']}: {r['note']}" for r in rows if r.get("note")]
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines)


def run_one(name: str) -> None:
    """In the child process: run one benchmark, print its output, then its result and rows as
    one marked JSON line for the parent."""
    try:
        module = importlib.import_module(name)
        result = module.run()
        outcome = {"result": result, "rows": rows_of(module, result)}
    except Exception:
        traceback.print_exc()
        outcome = {"error": traceback.format_exc()}
    print(MARK + json.dumps(outcome, default=str), flush=True)


def run_isolated(name: str) -> dict[str, Any]:
    """Run benchmark ``name`` in a fresh interpreter; its output passes through as it comes."""
    command = [sys.executable, "-m", "bench", "--one", name]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    outcome: dict[str, Any] | None = None
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(MARK):
                outcome = json.loads(line[len(MARK) :])
            else:
                print(line, end="", flush=True)
    if outcome is None:
        return {"error": f"{name} ended without a result (exit code {child.returncode})"}
    return outcome


def main(argv: list[str]) -> int:
    """Run the chosen (default: all) benchmarks; exit 1 when one crashes (or, with --strict,
    misses its target)."""
    strict = "--strict" in argv
    argv = [a for a in argv if a != "--strict"]
    chosen = [m for m in BENCHMARKS if not argv or m.rsplit(".", 1)[-1] in argv]
    rows: list[dict[str, Any]] = []
    results: dict[str, Any] = {}
    failed = False
    for name in chosen:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        outcome = run_isolated(name)
        if "error" in outcome:
            print(outcome["error"], file=sys.stderr)
            failed = True
            results[name] = {"error": outcome["error"]}
            continue
        result, module_rows = outcome["result"], outcome["rows"]
        elapsed = time.perf_counter() - started
        results[name] = {"seconds": elapsed, "result": result}
        rows += module_rows
        print(f"   ({elapsed:.1f} s)", flush=True)
    print()
    print(table(rows))
    missed = [r["name"] for r in rows if r.get("passed") is False]
    if missed:
        print(f"\ntargets missed: {', '.join(missed)}")
    failed = failed or (strict and bool(missed))
    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": sys.version.split()[0],
                "machine": platform.platform(),
                "rows": rows,
                "benchmarks": results,
            },
            indent=2,
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwritten: {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2])
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
