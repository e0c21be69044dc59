"""Every refusal of the reminder planner is translated into German and English."""

from __future__ import annotations

import string

import pytest

from bot.i18n import I18n, load_catalogs
from bot.reminders import calendar, policy, recurrence

MESSAGES = sorted(
    {
        value
        for module in (calendar, policy, recurrence)
        for name, value in vars(module).items()
        if name.startswith("MSG_")
    }
)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("message", MESSAGES)
def test_message_is_in_both_catalogues(message: str) -> None:
    catalogs = load_catalogs()
    assert catalogs["en"].singular.get(message) == message
    german = catalogs["de"].singular.get(message)
    assert german and german != message
    assert fields(german) == fields(message)


def test_refusal_reads_in_german() -> None:
    text = I18n()("de").t(recurrence.MSG_RULE_NO_TIME, spec="jeden Dienstag")
    assert (
        text
        == "Die Terminregel „jeden Dienstag“ braucht eine Uhrzeit, zum Beispiel: jeden Dienstag 17 Uhr."
    )
