"""One module per capability; each offers ``commands()`` (and maybe ``actions()``)."""

from __future__ import annotations

from bot.registry import Registry


def build_registry() -> Registry:
    """Every command of every capability."""
    from commands import groups, help, measures, minors, privacy

    registry = Registry()
    for module in (help, groups, measures, privacy, minors):
        for command in module.commands():
            registry.add(command)
        for prefix, handler in getattr(module, "actions", dict)().items():
            registry.add_action(prefix, handler)
    return registry
