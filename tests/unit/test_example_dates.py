"""Examples in help and usage texts can be typed as shown on any day: they give dates relative
to today ("in 2 Wochen"), not a fixed day that later lies in the past."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Bot

LATER = timedelta(days=400)  # a year on: any fixed example date of 2027 lies behind us


def example(text: str, command: str) -> str:
    """The example of ``command`` in ``text``: from it up to the closing bracket's opening."""
    start = text.index(command)
    return text[start : text.index(" (", start)]


async def test_the_reminders_example_works_a_year_later(bot: Bot) -> None:
    await bot.group_with(ben="member")
    bot.clock.advance(LATER)
    shown = await bot.ask("ben", "/erinnerungen")
    typed = example(shown, "/erinnerungen vorlauf=")
    assert typed.endswith("pause=in 2 Wochen")
    answer = await bot.ask("ben", "/erinnerungen " + typed[typed.index("pause=") :])
    assert "Vergangenheit" not in answer and "pausiert bis" in answer, answer
    await bot.ask("ben", "/lang en", chat="dm")
    shown = await bot.ask("ben", "/reminders", chat="dm")
    typed = example(shown, "/reminders offsets=")
    assert typed.endswith("pause=in 2 weeks")
    answer = await bot.ask("ben", "/reminders " + typed[typed.index("pause=") :], chat="dm")
    assert "past" not in answer and "paused until" in answer, answer


async def test_the_edit_example_works_a_year_later(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Spielplatz")
    bot.clock.advance(LATER)
    usage = await bot.ask("anna", "/bearbeite 1")
    typed = "/bearbeite 1 " + usage.split("(z. B. ")[1].split(")")[0]
    assert "frist=in 2 Wochen" in typed and "2027" not in usage
    answer = await bot.ask("anna", typed)
    assert "Vergangenheit" not in answer and "Frist" in answer, answer
    assert "Frist: 29.02.2028" in await bot.ask("anna", "/zeige 1")
    await bot.ask("anna", "/lang en")
    bot.clock.advance(timedelta(days=1))
    usage = await bot.ask("anna", "/edit 1")
    typed = "/edit 1 " + usage.split("(e.g. ")[1].split(")")[0]
    assert "due=in 2 weeks" in typed and "2027" not in usage
    answer = await bot.ask("anna", typed)
    assert "past" not in answer and "Due" in answer, answer
    assert "Due: 1 Mar 2028" in await bot.ask("anna", "/show 1")
