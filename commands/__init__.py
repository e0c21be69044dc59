"""One module per capability; each offers ``commands()`` (and maybe ``actions()``)."""

from __future__ import annotations

from bot.registry import Registry


def build_registry() -> Registry:
    """Every command of every capability."""
    from commands import groups, help, measures, reminders

    registry = Registry()
    for module in (help, groups, measures, reminders):
        for command in module.commands():
            registry.add(command)
    return registry
