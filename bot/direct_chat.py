"""A message to someone's direct chat about a group that chat does not speak for.

Someone in several groups types commands in their direct chat for one group at a time (the one
chosen with /group, else the one joined last). A nudge or notice about another group names it
and says how to answer there, so "/status 1 …" does not change measure 1 of the wrong town.
"""

from __future__ import annotations

from bot.i18n import N_, Translator

ELSEWHERE = N_(
    "Commands in this chat are about {current} at the moment; /group {group} switches to {group}."
)


def about_other_group(
    tr: Translator, text: str, group: str, current: str, *, named: bool = False
) -> str:
    """``text`` under the name of ``group`` it is about, with how to switch from ``current``
    (``named``: the text begins by naming the group, "In Musterstadt …": no heading then)."""
    heading = "" if named else f"[{group}]\n"
    return f"{heading}{text}\n{tr.t(ELSEWHERE, current=current, group=group)}"
