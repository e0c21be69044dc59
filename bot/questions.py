"""A plain message typed to the bot: a question ("wie stimme ich ab?") and the command it is
about, or small talk ("Danke!", "Hallo", "ok") that is no idea to send."""

from __future__ import annotations

import re

from bot.parsing import fold

# How a question starts or ends, German and English (folded).
_QUESTION = re.compile(
    r"^(?:wie|wo|was|wann|wer|welche\w*|kann|darf|muss|how|where|what|when|who|which|can|may)\b"
    r"|\?\s*$"
)
# Small talk, German and English (folded, without punctuation): the whole message, thanks and
# greetings perhaps with one word more ("Danke Anna", "Hallo zusammen").
THANKS = "thanks"
GREETING = "greeting"
OTHER = "other"
_SMALL_TALK: dict[str, frozenset[str]] = {
    THANKS: frozenset(
        {"danke", "dankeschon", "danke schon", "danke sehr", "danke dir", "danke euch",
         "danke vielmals", "vielen dank", "vielen lieben dank", "besten dank", "merci", "thx",
         "thanks", "thanks a lot", "thank you", "thank you very much", "many thanks", "ty",
         "cheers"}
    ),
    GREETING: frozenset(
        {"hallo", "hi", "hey", "huhu", "moin", "moin moin", "servus", "tach", "gruss gott",
         "guten morgen", "guten tag", "guten abend", "hello", "good morning",
         "good afternoon", "good evening"}
    ),
    # Answers and ends of a conversation: no greeting, no idea either.
    OTHER: frozenset(
        {"ja", "j", "jo", "jep", "jap", "nein", "ne", "nee", "noe", "yes", "yep", "yeah",
         "no", "nope", "ok", "okay", "oki", "okey", "k", "kk", "alles klar", "klar", "gut",
         "super", "cool", "top", "prima", "passt", "genau", "stimmt", "fine", "great", "nice",
         "sure", "got it", "tschuss", "tschau", "ciao", "bye", "bis dann", "bis bald",
         "gute nacht", "good night", "hm", "hmm", "aha", "lol", "test"}
    ),
}  # fmt: skip
# The start of a word that names what the question is about → the command explaining it.
_TOPICS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("abstimm", "stimme", "stimmen", "wahl", "vote", "voting"), "vote"),
    (("vorschlag", "vorschlage", "idee", "propos", "idea"), "propose"),
    (("erinner", "remind"), "reminders"),
    (("beitret", "beitritt", "join"), "join"),
)


def topic_of(text: str) -> str | None:
    """The command (its English name) a plain question is about, or None: only a question
    ("wie …", "…?") and only by the start of one of its words."""
    folded = fold(" ".join(text.split()))
    if not _QUESTION.search(folded):
        return None
    words = re.findall(r"\w+", folded)
    phrases = [*words, *(" ".join(pair) for pair in zip(words, words[1:], strict=False))]
    for stems, command in _TOPICS:
        if any(p.startswith(stem) for p in phrases for stem in stems):
            return command
    return None


def small_talk(text: str) -> str | None:
    """What a short plain message is when it is no idea: THANKS ("Danke!", "Danke Anna"),
    GREETING ("Hallo", "Hallo zusammen"), OTHER ("ok", "ja", "tschüss", an emoji or a number
    alone), or None for anything else. Thanks and greetings may have one word after them."""
    words = re.sub(r"[^\w\s]|_", " ", fold(text)).split()
    if not any(ch.isalpha() for word in words for ch in word):  # "👍", "5": no words
        return OTHER
    said, but_last = " ".join(words), " ".join(words[:-1])
    for kind, phrases in _SMALL_TALK.items():
        if said in phrases or (kind != OTHER and words[:-1] and but_last in phrases):
            return kind
    return None
