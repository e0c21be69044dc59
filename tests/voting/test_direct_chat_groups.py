"""/vote in the direct chat of someone in several groups goes to the round the announcement
named: the group the chat speaks for when that round is open there, else the one other group
where it is open; the same number open in two groups is never decided silently."""

from __future__ import annotations

from tests.harness import Bot


async def lea_in_two_groups(bot: Bot) -> None:
    """Lea is youth in Musterstadt, then in Beispieldorf (joined last: her direct chat speaks
    for Beispieldorf)."""
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/propose Skatepark")
    await bot.ask("anna", "/propose Jugendraum")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await bot.invite("carl", "youth", "dorf")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.ask("carl", "/propose Dorfplatz", chat="dorf")


async def test_a_vote_goes_to_the_group_where_the_round_is_open(backend_bot: Bot) -> None:
    bot = backend_bot
    await lea_in_two_groups(bot)
    assert "[Beispieldorf]" in await bot.ask("lea", "/measures", chat="dm")
    sent = await bot.say("anna", "/round approval 1 2")
    (notice,) = [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"]
    assert "Neue Abstimmung in Musterstadt" in notice and "/abstimmen 1 1 2" in notice
    answer = await bot.ask("lea", "/abstimmen 1 2", chat="dm")
    assert answer.startswith("[Musterstadt]\nDeine Stimme in Runde 1 ist gespeichert")
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    # Her chat still speaks for Beispieldorf.
    assert "[Beispieldorf]" in await bot.ask("lea", "/measures", chat="dm")


async def test_the_same_round_open_in_both_groups_is_said(backend_bot: Bot) -> None:
    bot = backend_bot
    await lea_in_two_groups(bot)
    await bot.ask("anna", "/round approval 1 2")
    await bot.ask("carl", "/round consent 1", chat="dorf")
    answer = await bot.ask("lea", "/abstimmen 1 ja", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDeine Stimme in Runde 1 ist gespeichert")
    # The line to vote there (how to, as "ja" does not fit its round), not a switch of the chat.
    assert answer.endswith(
        "\nRunde 1 läuft auch in Musterstadt. Um dort abzustimmen: /abstimmen 1 gruppe=Musterstadt"
    )
    assert "/gruppe " not in answer
    assert "0 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    await bot.ask("lea", "/gruppe Musterstadt", chat="dm")
    answer = await bot.ask("lea", "/abstimmen 1 2", chat="dm")
    assert answer.startswith("[Musterstadt]\nDeine Stimme in Runde 1 ist gespeichert")
    assert answer.endswith(
        "läuft auch in Beispieldorf. Um dort abzustimmen: /abstimmen 1 gruppe=Beispieldorf"
    )
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    # A ballot that fits only the other group's round goes there, and the answer says why.
    answer = await bot.ask("lea", "/abstimmen 1 nein", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDeine Stimme in Runde 1 lautet jetzt")
    assert answer.endswith(
        "\nRunde 1 läuft auch in Musterstadt; „nein“ passt nur zur Runde in Beispieldorf, darum "
        "ging dein Stimmzettel dorthin."
    )
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")


async def test_an_open_ballot_only_the_other_round_can_read_goes_there(backend_bot: Bot) -> None:
    """Round 1 open (not secret) in both of her towns: a ballot whose form only the other
    town's round takes goes there, as it does when the chat's round is secret, instead of
    being refused as a ballot for the chat's round; one both take stays in the chat's."""
    bot = backend_bot
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1", chat="dorf")
    await bot.ask("anna", "/round ranked 1 2")
    answer = await bot.ask("lea", "/abstimmen 1 2>1", chat="dm")
    assert answer.startswith("[Musterstadt]\nDeine Stimme in Runde 1 ist gespeichert")
    assert answer.endswith(
        "\nRunde 1 läuft auch in Beispieldorf; „2>1“ passt nur zur Runde in Musterstadt, darum "
        "ging dein Stimmzettel dorthin."
    )
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    assert "0 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    # Her chat still speaks for Beispieldorf: its yes/no round takes "ja".
    answer = await bot.ask("lea", "/abstimmen 1 ja", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDeine Stimme in Runde 1 ist gespeichert")
    assert "1 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    # A score ballot neither takes is refused for the chat's round, naming the other.
    answer = await bot.ask("lea", "/abstimmen 1 1=4", chat="dm")
    assert answer.startswith("[Beispieldorf]\n")
    assert "Runde 1 läuft auch in Musterstadt" in answer
    # Approval in both towns: a ballot both take stays in the chat's round, as before.
    await bot.ask("anna", "/close 1")
    await bot.ask("carl", "/close 1", chat="dorf")
    await bot.ask("carl", "/propose Spielplatz", chat="dorf")
    await bot.ask("carl", "/round approval 1 2", chat="dorf")
    await bot.ask("anna", "/round approval 1 2")
    answer = await bot.ask("lea", "/abstimmen 2 1", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDeine Stimme in Runde 2 ist gespeichert")
    assert answer.endswith("Um dort abzustimmen: /abstimmen 2 1 gruppe=Musterstadt")


async def test_a_round_open_in_neither_group_chosen_is_refused_as_before(bot: Bot) -> None:
    await lea_in_two_groups(bot)
    await bot.ask("anna", "/round approval 1 2")
    await bot.ask("anna", "/close 1")
    assert await bot.ask("lea", "/abstimmen 1 1", chat="dm") == (
        "[Beispieldorf]\nIn dieser Gruppe gibt es keine Runde 1.\nGerade ist keine Runde offen."
    )
    await bot.ask("lea", "/gruppe Musterstadt", chat="dm")
    assert "Runde 1 ist beendet" in await bot.ask("lea", "/abstimmen 1 1", chat="dm")


async def test_open_in_two_other_groups_asks_to_choose(bot: Bot) -> None:
    await lea_in_two_groups(bot)
    await bot.ask("dora", "/setup Kleinhausen", chat="klein")
    code = await bot.invite("dora", "youth", "klein")
    await bot.ask("dora", "/propose Bank", chat="klein")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.ask("lea", "/gruppe Beispieldorf", chat="dm")
    await bot.ask("anna", "/round approval 1 2")
    await bot.ask("dora", "/round consent 1", chat="klein")
    answer = await bot.ask("lea", "/abstimmen 1 1", chat="dm")
    assert "Runde 1 läuft in mehreren deiner Steuerungsgruppen: " in answer
    assert "Dein Stimmzettel wurde nicht gespeichert" in answer
    # The line to type for each group, as for a secret round open in two groups.
    assert "/abstimmen 1 1 gruppe=Musterstadt" in answer
    assert "/abstimmen 1 1 gruppe=Kleinhausen" in answer
    assert "/gruppe <Name>" not in answer
    assert "0 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    assert "0 von" in await bot.ask("dora", "/werhatgewaehlt 1", chat="klein")
    # The round's number alone: the lines without a ballot, each showing how to vote there.
    answer = await bot.ask("lea", "/abstimmen 1", chat="dm")
    assert "nicht gespeichert" not in answer
    assert answer.endswith("/abstimmen 1 gruppe=Kleinhausen\n/abstimmen 1 gruppe=Musterstadt")
    answer = await bot.ask("lea", "/abstimmen 1 gruppe=Kleinhausen", chat="dm")
    assert answer.startswith("[Kleinhausen]\nEs fehlt noch: ") and "/abstimmen 1 ja" in answer


async def test_a_round_open_in_two_other_towns_is_told_with_the_line_for_each(
    backend_bot: Bot,
) -> None:
    """Round 1 open in two of her towns, neither the one her chat speaks for: the second
    notice said "/gruppe Kleinhausen wechselt zu Kleinhausen", though its "/abstimmen 1 ja"
    is asked about all the same; now it gives the line to vote in each, as /abstimmen does.
    A round number open nowhere names where one is, not only that none is open in hers."""
    bot = backend_bot
    await lea_in_two_groups(bot)
    await bot.ask("dora", "/setup Kleinhausen", chat="klein")
    code = await bot.invite("dora", "youth", "klein")
    await bot.ask("dora", "/propose Bank", chat="klein")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.ask("lea", "/gruppe Beispieldorf", chat="dm")
    sent = await bot.say("anna", "/round approval 1 2")
    (notice,) = [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"]
    assert notice.endswith("; /gruppe Musterstadt wechselt zu Musterstadt.")  # open there only
    sent = await bot.say("dora", "/round consent 1", chat="klein")
    (notice,) = [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"]
    assert notice.startswith("Neue Abstimmung in Kleinhausen: Runde 1 (Ja/Nein-Beschluss).")
    assert notice.endswith(
        "\nRunde 1 läuft auch in Musterstadt. Die Zeile, um jeweils dort abzustimmen:\n"
        "/abstimmen 1 gruppe=Kleinhausen\n/abstimmen 1 gruppe=Musterstadt"
    )
    assert "/gruppe " not in notice
    answer = await bot.ask("lea", "/abstimmen 1 ja gruppe=Kleinhausen", chat="dm")
    assert answer.startswith("[Kleinhausen]\nDeine Stimme in Runde 1 ist gespeichert")
    assert await bot.ask("lea", "/abstimmen 2 1", chat="dm") == (
        "[Beispieldorf]\nIn dieser Gruppe gibt es keine Runde 2.\nGerade ist keine Runde "
        "offen.\nIn Kleinhausen ist Runde 1 offen: /abstimmen 1 gruppe=Kleinhausen\n"
        "In Musterstadt ist Runde 1 offen: /abstimmen 1 1 gruppe=Musterstadt"
    )


async def test_vote_typed_alone_names_the_other_group_where_a_round_is_open(bot: Bot) -> None:
    """/abstimmen alone in a direct chat that speaks for a group without an open round said
    only that none was open, though the round she was told of was open in her other town."""
    await lea_in_two_groups(bot)
    await bot.ask("anna", "/round approval 1 2")
    assert await bot.ask("lea", "/abstimmen", chat="dm") == (
        "[Beispieldorf]\nEs fehlt noch: Nummer der Runde.\nGerade ist keine Runde offen.\n"
        "In Musterstadt ist Runde 1 offen: /abstimmen 1 gruppe=Musterstadt"
    )
    await bot.ask("anna", "/round ranked 1 2")
    assert (await bot.ask("lea", "/abstimmen", chat="dm")).endswith(
        "In Musterstadt sind die Runden 1, 2 offen, z. B. /abstimmen 1 gruppe=Musterstadt"
    )
    # In a group chat, and where a round is open in the chat's own group, as before.
    assert "Musterstadt" not in await bot.ask("carl", "/abstimmen", chat="dorf")


async def test_a_secret_ballot_with_the_round_open_in_both_groups_is_asked_first(
    backend_bot: Bot,
) -> None:
    """A secret ballot cannot be changed: with the same round number open in her other group,
    nothing is stored until she names the group, with the line to type for each."""
    bot = backend_bot
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1 secret", chat="dorf")
    await bot.ask("anna", "/round consent 1 2")
    answer = await bot.ask("lea", "/abstimmen 1 ja", chat="dm")  # fits both rounds
    assert "nicht gespeichert" in answer and "geheim" in answer
    assert "/abstimmen 1 ja gruppe=Beispieldorf" in answer
    assert "/abstimmen 1 ja gruppe=Musterstadt" in answer
    assert "0 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    assert "0 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    # The line for Musterstadt stores her ballot there only, without asking again.
    answer = await bot.ask("lea", "/abstimmen 1 ja gruppe=Musterstadt", chat="dm")
    assert answer.startswith("[Musterstadt]\nDeine Stimme in Runde 1 ist gespeichert")
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    assert "0 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    # Her chat still speaks for Beispieldorf; its line stores the secret ballot once.
    answer = await bot.ask("lea", "/abstimmen 1 ja gruppe=Beispieldorf", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDein geheimer Stimmzettel in Runde 1 ist gezählt")
    assert "1 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    again = await bot.ask("lea", "/abstimmen 1 ja gruppe=Beispieldorf", chat="dm")
    assert "schon abgestimmt" in again


async def test_a_ballot_only_one_of_the_rounds_can_read_goes_there(backend_bot: Bot) -> None:
    """A secret round and a changeable one, both round 1 in her two towns: a ballot whose form
    only one of them takes ("ja" for a yes/no round, "2>1" for a ranking) goes there without
    asking, and the answer says where and why; one neither takes is asked about as before."""
    bot = backend_bot
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1 secret", chat="dorf")
    await bot.ask("anna", "/round ranked 1 2")
    answer = await bot.ask("lea", "/abstimmen 1 vielleicht", chat="dm")
    assert "nicht gespeichert" in answer and "/abstimmen 1 vielleicht gruppe=Musterstadt" in answer
    answer = await bot.ask("lea", "/abstimmen 1 2>1", chat="dm")
    assert answer.startswith("[Musterstadt]\nDeine Stimme in Runde 1 ist gespeichert")
    assert answer.endswith(
        "\nRunde 1 läuft auch in Beispieldorf; „2>1“ passt nur zur Runde in Musterstadt, darum "
        "ging dein Stimmzettel dorthin."
    )
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    assert "0 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    answer = await bot.ask("lea", "/abstimmen 1 ja", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDein geheimer Stimmzettel in Runde 1 ist gezählt")
    assert answer.endswith(
        "\nRunde 1 läuft auch in Musterstadt; „ja“ passt nur zur Runde in Beispieldorf, darum "
        "ging dein Stimmzettel dorthin."
    )
    assert "1 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")


async def test_a_changeable_ballot_with_a_secret_round_elsewhere_is_stored_as_before(
    bot: Bot,
) -> None:
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1", chat="dorf")
    await bot.ask("anna", "/round approval 1 2 secret")
    answer = await bot.ask("lea", "/abstimmen 1 ja", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDeine Stimme in Runde 1 ist gespeichert")
    assert "Runde 1 läuft auch in Musterstadt" in answer


async def test_a_group_not_hers_is_refused(bot: Bot) -> None:
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1", chat="dorf")
    answer = await bot.ask("lea", "/abstimmen 1 ja gruppe=Irgendwo", chat="dm")
    assert "Irgendwo ist keine deiner Steuerungsgruppen" in answer
    assert "0 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")


async def test_a_secret_ballot_cast_leaves_the_other_group_to_vote_in(backend_bot: Bot) -> None:
    """After her secret ballot in the chat's group, "/abstimmen 1 …" can only be for her
    other group: it goes there, saying why, instead of asking which group again."""
    bot = backend_bot
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1 secret", chat="dorf")
    await bot.ask("anna", "/round approval 1 2")
    await bot.ask("lea", "/abstimmen 1 ja gruppe=Beispieldorf", chat="dm")
    answer = await bot.ask("lea", "/abstimmen 1 2", chat="dm")
    assert answer.startswith("[Musterstadt]\nDeine Stimme in Runde 1 ist gespeichert")
    assert (
        "In Beispieldorf hast du in der geheimen Runde 1 schon abgestimmt: Ein geheimer "
        "Stimmzettel kann nicht geändert werden."
    ) in answer
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    # Changing her open ballot in Musterstadt goes there too.
    answer = await bot.ask("lea", "/abstimmen 1 1", chat="dm")
    assert answer.startswith("[Musterstadt]\nDeine Stimme in Runde 1 lautet jetzt")
    # A ballot not fitting Musterstadt's round says why it was read as one for Musterstadt.
    answer = await bot.ask("lea", "/abstimmen 1 nein", chat="dm")
    assert answer.startswith("[Musterstadt]\n„nein“ ist keine Maßnahmennummer")
    assert "In Beispieldorf hast du in der geheimen Runde 1 schon abgestimmt" in answer


async def test_secret_ballots_cast_in_both_groups_are_said_and_nothing_stored(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1 secret", chat="dorf")
    await bot.ask("anna", "/round approval 1 2 secret")
    answer = await bot.ask("lea", "/abstimmen 1 1 gruppe=Musterstadt", chat="dm")
    assert answer.startswith("[Musterstadt]\nDein geheimer Stimmzettel in Runde 1 ist gezählt")
    # Only Beispieldorf can take a ballot of hers now: no question, and the note says why.
    answer = await bot.ask("lea", "/abstimmen 1 ja", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDein geheimer Stimmzettel in Runde 1 ist gezählt")
    assert "In Musterstadt hast du in der geheimen Runde 1 schon abgestimmt" in answer
    assert await bot.ask("lea", "/abstimmen 1 nein", chat="dm") == (
        "[Beispieldorf]\nDu hast in der geheimen Runde 1 in Beispieldorf, Musterstadt schon "
        "abgestimmt. Ein geheimer Stimmzettel kann nicht geändert werden: Er ist ohne deinen "
        "Namen gespeichert."
    )
    assert "1 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    assert "1 von" in await bot.ask("anna", "/werhatgewaehlt 1")


async def test_a_secret_ballot_cast_elsewhere_is_not_offered_again(bot: Bot) -> None:
    """Her chat's round is open (not secret); her secret ballot in the other group is cast:
    the note says so, not that she could choose that group and vote there."""
    await lea_in_two_groups(bot)
    await bot.ask("carl", "/round consent 1", chat="dorf")
    await bot.ask("anna", "/round approval 1 2 secret")
    await bot.ask("lea", "/abstimmen 1 1 gruppe=Musterstadt", chat="dm")
    answer = await bot.ask("lea", "/abstimmen 1 ja", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDeine Stimme in Runde 1 ist gespeichert")
    assert "In Musterstadt hast du in der geheimen Runde 1 schon abgestimmt" in answer
    assert "läuft auch in Musterstadt" not in answer


async def test_the_usage_names_group_to_someone_in_several_groups(bot: Bot) -> None:
    await lea_in_two_groups(bot)
    await bot.ask("anna", "/round approval 1 2")
    answer = await bot.ask("lea", "/hilfe abstimmen", chat="dm")
    assert "So geht’s: /abstimmen <Runde> <Auswahl> [gruppe=<Name>] (z. B." in answer
    assert (
        "gruppe=<Name> am Ende der Zeile sagt, für welche deiner Steuerungsgruppen die Stimme "
        "gilt, z. B. /abstimmen 1 2 gruppe=Beispieldorf"
    ) in answer
    answer = await bot.ask("lea", "/abstimmen 1 2 gruppe=Musterstadt gruppe=Musterstadt", "dm")
    assert answer.endswith(
        "So geht’s: /abstimmen <Runde> <Auswahl> [gruppe=<Name>] (z. B. 3 5 7 · 3=2 5=1 · "
        "5>3>7 · ja)"
    )
    # In one town, and in a group chat, the usage stays as short as it was.
    for who, chat in (("carl", "dorf"), ("lea", "group"), ("anna", "dm")):
        answer = await bot.ask(who, "/hilfe abstimmen", chat=chat)
        assert "So geht’s: /abstimmen <Runde> <Auswahl> (z. B." in answer
        assert "gruppe=" not in answer


async def test_a_ballot_without_round_number_names_the_group_where_one_is_open(bot: Bot) -> None:
    await lea_in_two_groups(bot)
    await bot.ask("anna", "/round approval 1 2")
    assert await bot.ask("lea", "/abstimmen 1=2", chat="dm") == (
        "[Beispieldorf]\n„1=2“ ist keine Nummer einer Runde, und in Beispieldorf ist gerade "
        "keine Runde offen.\nIn Musterstadt ist Runde 1 offen: /abstimmen 1 gruppe=Musterstadt"
    )
    # With a round there that takes it: the line with the ballot, for that round.
    await bot.ask("anna", "/round dot 1 2 points=3")
    assert (await bot.ask("lea", "/abstimmen 1=2", chat="dm")).endswith(
        "\nIn Musterstadt sind die Runden 1, 2 offen, z. B. /abstimmen 2 1=2 gruppe=Musterstadt"
    )


async def test_a_coordinator_of_two_towns_closes_a_round_of_either_from_her_direct_chat(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await bot.group_with()
    await bot.ask("anna", "/propose Skatepark")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await bot.invite("carl", "coordinator", "dm")  # given in a direct chat only
    await bot.ask("anna", f"/join {code}", chat="dm")
    await bot.ask("carl", "/propose Dorfplatz", chat="dorf")
    await bot.ask("anna", "/round consent 1")
    await bot.ask("carl", "/round consent 1", chat="dorf")
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    assert "[gruppe=<Name>]" in await bot.ask("anna", "/hilfe schliessen", chat="dm")
    # Before: "/schliessen kennt keine Angabe gruppe=." and nothing closed.
    answer = await bot.ask("anna", "/schliessen 1 gruppe=Beispieldorf", chat="dm")
    assert answer.startswith("[Beispieldorf]\n") and "Dorfplatz" in answer
    assert "Runde 1 ist schon beendet" in await bot.ask("carl", "/schliessen 1", chat="dorf")
    answer = await bot.ask("anna", "/schliessen 1 gruppe=Irgendwo", chat="dm")
    assert "Irgendwo ist keine Ihrer Steuerungsgruppen" in answer
    # Musterstadt's round 1, the one her chat speaks for, stayed open.
    answer = await bot.ask("anna", "/schliessen 1")
    assert "Skatepark" in answer and "schon beendet" not in answer


async def test_a_member_here_closes_a_round_where_he_coordinates_from_his_direct_chat(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("carl", "/propose Dorfplatz", chat="dorf")
    await bot.ask("carl", "/round consent 1", chat="dorf")
    code = await bot.invite("anna", "member")
    await bot.ask("carl", f"/join {code}", chat="dm")  # his chat speaks for Musterstadt now
    # His role in the group named counts, not his role in the one his chat speaks for.
    answer = await bot.ask("carl", "/schliessen 1 gruppe=Beispieldorf", chat="dm")
    assert answer.startswith("[Beispieldorf]\n") and "Dorfplatz" in answer
    assert await bot.ask("carl", "/schliessen 1", chat="dm") == (
        "/schliessen dürfen nur: Koordination. Ihre Rolle: Mitglied."
    )


async def test_a_guest_here_votes_in_the_town_she_names_where_she_is_a_member(
    backend_bot: Bot,
) -> None:
    """His role in the town named with gruppe= counts, not his role in the one his chat speaks
    for: a guest there was refused /abstimmen outright, though a member of the town named."""
    bot = backend_bot
    await bot.group_with()
    await bot.ask("anna", "/propose Skatepark")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("carl", "/propose Dorfplatz", chat="dorf")
    await bot.ask("carl", "/round consent 1", chat="dorf")
    await bot.ask("anna", "/round consent 1")
    code = await bot.invite("carl", "member", "dorf")
    await bot.ask("otto", f"/join {code}", chat="dm")
    code = await bot.invite("anna", "observer")
    await bot.ask("otto", f"/join {code}", chat="dm")  # his chat speaks for Musterstadt now
    answer = await bot.ask("otto", "/abstimmen 1 ja gruppe=Beispieldorf", chat="dm")
    assert answer.startswith("[Beispieldorf]\nIhre Stimme in Runde 1 ist gespeichert")
    assert "1 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    # In Musterstadt, where he is a guest, he still does not vote.
    answer = await bot.ask("otto", "/abstimmen 1 ja gruppe=Musterstadt", chat="dm")
    assert answer.startswith("Als Gast lesen Sie mit; /abstimmen ist für: ")
    assert "0 von" in await bot.ask("anna", "/werhatgewaehlt 1")


async def test_another_town_named_in_a_group_chat_points_to_the_direct_chat(bot: Bot) -> None:
    """In a group chat, gruppe= naming another of her towns said it was none of hers."""
    await bot.group_with()
    await bot.ask("anna", "/propose Skatepark")
    await bot.ask("anna", "/round consent 1")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await bot.invite("carl", "coordinator", "dm")
    await bot.ask("anna", f"/join {code}", chat="dm")
    await bot.ask("carl", "/propose Dorfplatz", chat="dorf")
    await bot.ask("carl", "/round consent 1", chat="dorf")
    pointed = (
        "Dieser Chat spricht nur für Musterstadt: Für Beispieldorf schreiben Sie mir den Befehl "
        "im direkten Chat."
    )
    for line in ("/abstimmen 1 ja gruppe=Beispieldorf", "/schliessen 1 jetzt gruppe=Beispieldorf"):
        answer = await bot.ask("anna", line)
        assert answer.startswith(pointed) and "keine Ihrer" not in answer
    assert "0 von" in await bot.ask("anna", "/werhatgewaehlt 1")
    assert "0 von" in await bot.ask("carl", "/werhatgewaehlt 1", chat="dorf")
    assert "schon beendet" not in await bot.ask("carl", "/schliessen 1 jetzt", chat="dorf")
    # A name that is none of hers is refused as before.
    answer = await bot.ask("anna", "/abstimmen 1 ja gruppe=Irgendwo")
    assert "Irgendwo ist keine Ihrer Steuerungsgruppen" in answer


async def test_a_youth_representative_named_town_answers_her_as_du(bot: Bot) -> None:
    """A guest in the town her chat speaks for, youth representative in the one she names:
    the answer speaks to her as that role asks ("du")."""
    await bot.group_with()
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("carl", "/propose Dorfplatz", chat="dorf")
    await bot.ask("carl", "/round consent 1", chat="dorf")
    code = await bot.invite("carl", "youth", "dorf")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.ask("lea", "nein", chat="dm")  # not under 16
    code = await bot.invite("anna", "observer")
    assert "was Sie tun können" in await bot.ask("lea", f"/join {code}", chat="dm")
    answer = await bot.ask("lea", "/abstimmen 1 ja gruppe=Beispieldorf", chat="dm")
    assert answer.startswith("[Beispieldorf]\nDeine Stimme in Runde 1 ist gespeichert")
