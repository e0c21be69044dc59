"""``steerbot export plan``: the contact (for members only) only with ``--with-contact``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.measures.docs import xlsx_rows
from tests.measures.test_import import make_data


def test_command_line_plan_leaves_the_contact_out_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in ("DATABASE_URL", "STEERBOT_LANG", "STEERBOT_TZ"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(tmp_path))
    make_data(tmp_path)  # measure 1 has the contact "Frau Berg"
    capsys.readouterr()
    assert main(["export", "plan", "--group", "1", "-o", "plan.xlsx"]) == 0
    rows = xlsx_rows((tmp_path / "plan.xlsx").read_bytes())
    assert "Kontakt" not in rows[0] and "Frau Berg" not in rows[1]
    assert capsys.readouterr().out.splitlines() == [
        "plan.xlsx: 2 measures",
        "without the measures' contacts (for members only): --with-contact adds them",
    ]
    assert main(["export", "plan", "--group", "1", "--with-contact", "-o", "full.csv"]) == 0
    text = (tmp_path / "full.csv").read_text(encoding="utf-8-sig")
    assert "Kontakt" in text and "Frau Berg" in text
    assert capsys.readouterr().out == "full.csv: 2 measures\n"
    assert main(["export", "calendar", "--group", "1", "--with-contact", "-o", "t.ics"]) == 2
    assert "--with-contact: only the plan has contacts" in capsys.readouterr().err
