"""Errors a handler raises to answer the user; the dispatcher translates and sends them."""

from __future__ import annotations


class CommandError(Exception):
    """A clear, expected refusal. ``message`` is an English message id (marked with ``N_``)
    with ``{placeholders}`` filled from ``params``; it is shown translated, nothing is stored.
    ``hint``: a line already in the reader's language that the refusal ends with (how to do
    it right, where the handler knows better than the command's usage line)."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params
        self.hint = ""


class UsageError(CommandError):
    """The arguments do not fit the command; the dispatcher adds the command's usage line."""


class NotAllowed(CommandError):
    """The sender's role does not allow this command here."""


class InvalidValue(CommandError):
    """A value (date, money, yes/no …) could not be read; ``message`` says why and gives an
    example."""
