"""The scorer of ``../shared/eval`` over the held-out set (``tests/heldout``) and the public
documents: the bars of issue 3 hold on both.

The held-out documents are written in the genre but unlike the public ones (other
provinces, 2025–2026 names, KH/QĐ/CT/công văn layouts); their gold was written by reading
them, before the extractor ran on them. The scorer runs the real command line
(``python -m vnextract``) in a subprocess, exactly as it runs ``chidao extract``.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
EVAL = HERE.parents[2] / "shared" / "eval"
SCORER = EVAL / "score.py"
BARS = {"task_f1": 0.9, "lead_acc": 0.9, "due_acc": 0.9}
MAX_SPURIOUS_DUE = 0.05

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not checked out")


def _score(gold: Path, docs: Path) -> dict[str, float]:
    cmd = f"{sys.executable} -m vnextract --format json {{}}"
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), "--docs", str(docs), "--cmd", cmd, "-v"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "ERROR" not in out.stdout, out.stdout
    summary = next(line for line in out.stdout.splitlines() if line.startswith("{"))
    return json.loads(summary)


def _assert_bars(s: dict[str, float], target_f1: float) -> None:
    for key, bar in BARS.items():
        assert s[key] >= bar, (key, s)
    assert s["spurious_due"] <= MAX_SPURIOUS_DUE, s
    assert s["target_f1"] >= target_f1, s


def test_heldout_documents_meet_the_bars() -> None:
    gold = HERE / "heldout" / "gold"
    assert len(list(gold.glob("*.yaml"))) >= 6
    _assert_bars(_score(gold, HERE / "heldout" / "docs"), target_f1=0.9)


def test_public_documents_keep_their_score() -> None:
    s = _score(EVAL / "gold", EVAL / "docs")
    _assert_bars(s, target_f1=0.95)
    for key in ("task_f1", "lead_acc", "due_acc"):
        assert s[key] >= 0.95, (key, s)
