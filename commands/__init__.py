"""One module per capability; each offers ``commands()`` (and maybe ``actions()``)."""

from __future__ import annotations

from bot.registry import Registry


def build_registry() -> Registry:
    """Every command of every capability."""
    from commands import (
        groups,
        help,
        linking,
        measure_edit,
        measures,
        minors,
        plan,
        privacy,
        youth,
    )

    registry = Registry()
    modules = (help, groups, measures, measure_edit, youth, plan, linking, privacy, minors)
    for module in modules:
        for command in module.commands():
            registry.add(command)
        for prefix, handler in getattr(module, "actions", dict)().items():
            registry.add_action(prefix, handler)
    return registry
