"""One module per capability; each offers ``commands()`` (and maybe ``actions()``)."""

from __future__ import annotations

from bot.registry import Registry


def build_registry() -> Registry:
    """Every command and button/poll action of every capability."""
    from commands import groups, help, measures, voting, voting_report

    registry = Registry()
    for module in (help, groups, measures, voting, voting_report):
        for command in module.commands():
            registry.add(command)
        for prefix, handler in getattr(module, "actions", dict)().items():
            registry.add_action(prefix, handler)
    return registry
