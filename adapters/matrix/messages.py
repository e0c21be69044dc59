"""User-visible texts of the Matrix adapter (translated in ``bot/locale/*/matrix.po``)."""

from __future__ import annotations

from bot.i18n import N_

NO_E2E_INSTALLED = N_(
    "This room is end-to-end encrypted, but this bot was installed without encryption "
    "support, so it cannot read the messages here. The operator can fix this with: "
    "pip install 'steerbot[e2e]' (and a restart of the bot)."
)
NO_E2E_SWITCHED_OFF = N_(
    "This room is end-to-end encrypted, but encryption is switched off in this bot's "
    "settings, so it cannot read the messages here. The operator can switch it on "
    "(MATRIX_ENCRYPTION=true) and restart the bot."
)
# The closing text of a poll that stood for more choices than number reactions, once a press
# on it was carried out (what clients without polls show).
PICK_ANSWERED = N_("This question has been answered; the poll is closed.")
# The end of a poll's fallback text when it stands for more choices than number reactions: a
# client without polls shows the numbered list, and the number typed is the press (German
# without "Sie" or "du": the adapter speaks to steering and youth chats alike).
PICK_TYPED = N_("No poll shown? Send the number of your answer as a message.")
# Said once in a room, before the first poll the bot sends there, with the poll's text after
# it: a client without polls (Nheko, Cinny, for instance) hides the poll event altogether,
# fallback text and all, and its user would not know a question was asked.
POLL_NOTE = N_(
    "The bot asks questions with choices here as polls. If no poll shows below this message, "
    "this Matrix app cannot show polls (Element can, for instance). The poll reads:"
)
