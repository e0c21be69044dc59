"""One module per capability; each offers ``commands()`` (and maybe ``actions()``)."""

from __future__ import annotations

from types import ModuleType

from bot.registry import Registry


def capability_modules() -> tuple[ModuleType, ...]:
    """Every command module, in the order /help lists them."""
    from commands import (
        chat_move,
        fields,
        group_choice,
        groups,
        help,
        linking,
        measure_edit,
        measure_import,
        measures,
        member_roles,
        membership,
        minors,
        my_ideas,
        nudge_buttons,
        plan,
        privacy,
        programme,
        reminders,
        voting,
        voting_report,
        youth,
    )

    return (
        help,
        groups,
        chat_move,
        fields,
        group_choice,
        programme,
        measures,
        measure_edit,
        nudge_buttons,
        youth,
        my_ideas,
        plan,
        measure_import,
        voting,
        voting_report,
        reminders,
        linking,
        privacy,
        membership,
        member_roles,
        minors,
    )


def build_registry() -> Registry:
    """Every command and button/poll action of every capability."""
    registry = Registry()
    for module in capability_modules():
        for command in module.commands():
            registry.add(command)
        repeatable: frozenset[str] = getattr(module, "REPEATABLE_ACTIONS", frozenset())
        for prefix, handler in getattr(module, "actions", dict)().items():
            registry.add_action(prefix, handler, repeatable=prefix in repeatable)
        for read in getattr(module, "typed_answers", tuple)():
            registry.add_typed_answer(read)
    return registry
