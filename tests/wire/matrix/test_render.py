"""The pure builders of the Matrix adapter (no homeserver needed)."""

from __future__ import annotations

import os
import stat

from hypothesis import given
from hypothesis import strategies as st

from adapters.matrix import render
from adapters.matrix.invites import invite_allowed
from adapters.matrix.session import StoredSession, load_session, save_session
from bot.events import Choice, File, Reply, UserRef

CHOICES = (Choice("Ja", "yes"), Choice("Nein", "no"), Choice("Enthaltung", "abstain"))


def test_text_content_escapes_html_and_keeps_plain_body():
    content = render.text_content('a < b & "c"\nzweite Zeile')

    assert content["msgtype"] == "m.notice"
    assert content["body"] == 'a < b & "c"\nzweite Zeile'
    assert content["formatted_body"] == "a &lt; b &amp; &quot;c&quot;<br>zweite Zeile"
    assert content["m.mentions"] == {"user_ids": []}
    assert "m.relates_to" not in content


def test_mentions_are_pills_and_listed():
    alice = UserRef("matrix", "@alice:stadt.example", "Alice <Amt 51>")
    content = render.text_content("bitte prüfen", mention=(alice,), in_reply_to="$q")

    assert content["formatted_body"] == (
        '<a href="https://matrix.to/#/@alice:stadt.example">Alice &lt;Amt 51&gt;</a>: bitte prüfen'
    )
    assert content["body"] == "Alice <Amt 51>: bitte prüfen"
    assert content["m.mentions"] == {"user_ids": ["@alice:stadt.example"]}
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$q"}}


def test_choices_without_poll_become_a_numbered_list_with_reactions():
    reply = Reply("Priorisieren?", choices=CHOICES)

    [content] = render.reply_contents(reply)

    assert content["body"] == "Priorisieren?\n\n1. Ja\n2. Nein\n3. Enthaltung"
    assert render.reactions_for(CHOICES) == ["1️⃣", "2️⃣", "3️⃣"]
    assert render.choice_for_reaction("2️⃣", ["yes", "no", "abstain"]) == "no"
    assert render.choice_for_reaction("2\u20e3", ["yes", "no"]) == "no"  # without VS16
    assert render.choice_for_reaction("🔟", ["yes", "no"]) is None
    assert render.choice_for_reaction("👍", ["yes"]) is None


def test_poll_only_when_asked_for_and_small_enough():
    assert render.uses_poll(Reply("?", choices=CHOICES, poll_max_selections=1))
    assert not render.uses_poll(Reply("?", choices=CHOICES))
    many = tuple(Choice(str(i), str(i)) for i in range(21))
    assert not render.uses_poll(Reply("?", choices=many, poll_max_selections=3))


def test_more_choices_than_number_reactions_are_a_poll_of_one_answer():
    """Reactions press 1..10 only: eleven to twenty plain choices are a poll instead, each
    choice one tap; ten stay a numbered list with a reaction for each."""
    ten = tuple(Choice(f"Gruppe {i}", f"g:{i}") for i in range(1, 11))
    eleven = (*ten, Choice("Gruppe 11", "g:11"))
    twenty = tuple(Choice(f"Gruppe {i}", f"g:{i}") for i in range(1, 21))

    assert not render.uses_poll(Reply("Welche?", choices=ten))
    assert len(render.reactions_for(ten)) == len(ten)
    for choices in (eleven, twenty):
        reply = Reply("Welche?", choices=choices)
        assert render.uses_poll(reply) and render.is_pick(reply)
        start = render.poll_start_content(reply.text, choices, reply.poll_max_selections or 1)
        block = start["org.matrix.msc3381.poll.start"]
        assert block["max_selections"] == 1
        assert [a["id"] for a in block["answers"]] == [c.action for c in choices]
    asked = Reply("Welche?", choices=eleven, poll_max_selections=3)
    assert render.uses_poll(asked) and not render.is_pick(asked)  # a vote, as asked


def test_a_poll_of_many_choices_is_undisclosed_and_its_fallback_says_to_type_the_number():
    """A pick is one person's choice, not a vote: no counts shown while it runs; a client
    without polls shows the numbered list and how to answer by typing the number."""
    eleven = tuple(Choice(f"Gruppe {i}", f"g:{i}") for i in range(1, 12))
    hint = "Keine Umfrage zu sehen? Die Nummer der Antwort als Nachricht schicken."

    pick = render.poll_start_content("Welche Gruppe?", eleven, 1, typed_hint=hint)
    vote = render.poll_start_content("Welche zuerst?", CHOICES, 2)

    listed = "\n".join(f"{i}. Gruppe {i}" for i in range(1, 12))
    assert pick["org.matrix.msc3381.poll.start"]["kind"] == "org.matrix.msc3381.poll.undisclosed"
    assert pick["m.poll"]["kind"] == "m.undisclosed"
    assert pick["body"] == f"Welche Gruppe?\n{listed}\n\n{hint}"
    assert pick["org.matrix.msc1767.text"] == pick["body"] == pick["m.text"][0]["body"]
    assert pick["org.matrix.msc3381.poll.start"]["question"]["body"] == "Welche Gruppe?"
    assert vote["org.matrix.msc3381.poll.start"]["kind"] == "org.matrix.msc3381.poll.disclosed"
    assert vote["m.poll"]["kind"] == "m.disclosed"
    assert vote["body"] == "Welche zuerst?\n1. Ja\n2. Nein\n3. Enthaltung"
    # What counts as typing the number: as the list shows it, within the list.
    assert [render.typed_choice(t, 12) for t in ("12", " 12. ", "[3]", "1")] == [11, 11, 2, 0]
    not_a_choice = ("0", "13", "12 Stühle", "", "x", "[12")
    assert all(render.typed_choice(t, 12) is None for t in not_a_choice)


def test_poll_start_content_has_unstable_and_stable_blocks():
    content = render.poll_start_content("Welche zuerst?", CHOICES, 5)

    unstable = content["org.matrix.msc3381.poll.start"]
    assert unstable["max_selections"] == 3  # never more than there are answers
    assert unstable["question"]["org.matrix.msc1767.text"] == "Welche zuerst?"
    assert [a["id"] for a in unstable["answers"]] == ["yes", "no", "abstain"]
    assert content["m.poll"]["answers"][1] == {"m.id": "no", "m.text": [{"body": "Nein"}]}
    assert content["body"] == "Welche zuerst?\n1. Ja\n2. Nein\n3. Enthaltung"


def test_poll_responses_of_both_kinds_are_read():
    unstable = {"org.matrix.msc3381.poll.response": {"answers": ["no"]}}
    stable = {"m.selections": ["yes", 3]}

    assert render.poll_response_answers("org.matrix.msc3381.poll.response", unstable) == ["no"]
    assert render.poll_response_answers("m.poll.response", stable) == ["yes"]
    assert render.poll_response_answers("m.room.message", stable) is None
    assert render.poll_response_answers("m.poll.response", {}) == []


def test_effective_selection_follows_msc3381():
    valid = ("yes", "no", "abstain")

    assert render.effective_selection(["no", "x", "no", "yes", "abstain"], valid, 2) == (
        "no",
        "yes",
    )
    assert render.effective_selection([], valid, 1) == ()


def test_edit_content_wraps_new_content():
    new = render.text_content("neu", in_reply_to="$x")
    content = render.edit_content("$old", new)

    assert content["body"] == "* neu"
    assert content["m.new_content"]["body"] == "neu"
    assert "m.relates_to" not in content["m.new_content"]
    assert content["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$old"}


def test_poll_end_content_refers_to_the_poll():
    content = render.poll_end_content("$poll", "Ergebnis: Ja")

    assert content["m.relates_to"] == {"rel_type": "m.reference", "event_id": "$poll"}
    assert content["org.matrix.msc3381.poll.end"] == {}
    assert content["org.matrix.msc1767.text"] == "Ergebnis: Ja"


def test_file_content_for_images_files_and_encrypted_rooms():
    image = File("chart.png", b"123", "image/png", caption="Stand")
    pdf = File("plan.pdf", b"12345", "application/pdf")

    assert render.file_content(image, "mxc://s/a")["msgtype"] == "m.image"
    assert render.file_content(image, "mxc://s/a")["body"] == "Stand"
    assert render.file_content(pdf, "mxc://s/b") == {
        "msgtype": "m.file",
        "body": "plan.pdf",
        "filename": "plan.pdf",
        "info": {"mimetype": "application/pdf", "size": 5},
        "url": "mxc://s/b",
    }
    encrypted = render.file_content(pdf, "mxc://s/b", {"url": "mxc://s/b", "key": {}})
    assert "url" not in encrypted and encrypted["file"]["url"] == "mxc://s/b"


def test_transaction_ids_follow_the_key():
    assert render.txn_id("k1", "t0", "a") == render.txn_id("k1", "t0", "b")
    assert render.txn_id("k1", "t0", "a") != render.txn_id("k1", "t1", "a")
    assert render.txn_id(None, "t0", "a") != render.txn_id(None, "t0", "b")


def test_split_text_prefers_line_boundaries():
    text = "\n".join(["a" * 6] * 5)  # 34 characters

    parts = [p["body"] for p in render.reply_contents(Reply(text), 15)]

    assert parts == ["aaaaaa\naaaaaa", "aaaaaa\naaaaaa", "aaaaaa"]


@given(st.text(alphabet="ab \n", max_size=300), st.integers(min_value=1, max_value=40))
def test_split_text_never_exceeds_the_limit_and_loses_nothing(text, limit):
    parts = render.reply_contents(Reply(text), limit)

    assert all(len(p["body"]) <= limit for p in parts)
    # Only the line breaks and spaces a cut falls on may go.
    assert "".join("".join(p["body"] for p in parts).split()) == "".join(text.split())


def test_invite_policy():
    users = ("@*:stadt.example", "@buergermeisterin:land.example")
    servers = ("kreis.example",)

    assert invite_allowed("@anna:stadt.example", users, servers)
    assert invite_allowed("@buergermeisterin:land.example", users, servers)
    assert invite_allowed("@amt51:KREIS.example", users, servers)
    assert not invite_allowed("@mallory:evil.example", users, servers)
    assert not invite_allowed("@anna:land.example", users, servers)
    assert invite_allowed("@anyone:anywhere.example", (), ())  # both empty: everybody


def test_session_file_is_private(tmp_path):
    save_session(tmp_path, StoredSession("@bot:s", "DEV", "secret"))

    path = tmp_path / "matrix_session.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_session(tmp_path) == StoredSession("@bot:s", "DEV", "secret")
    path.write_text("{broken")
    assert load_session(tmp_path) is None


def test_choices_listed_in_the_text_are_not_listed_again():
    text = "Runde 1 ist eröffnet\n1. Skatepark\n2. Sitzbänke\n3. Jugendraum"
    choices = tuple(Choice(str(n), f"v:1:{n}") for n in range(1, 4))
    (content,) = render.reply_contents(Reply(text, choices=choices, choices_listed=True))
    assert content["body"] == text  # once: no numbered list of the buttons below it
    poll = render.poll_start_content(text, choices, 3, listed=True)
    assert poll["body"] == text
    (unlisted,) = render.reply_contents(Reply("Welche?", choices=choices))
    assert unlisted["body"] == "Welche?\n\n1. 1\n2. 2\n3. 3"
