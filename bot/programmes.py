"""Programme templates (facts shipped as data): fields of action, phases and durations."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from bot.errors import CommandError
from bot.i18n import N_
from bot.parsing import choose, fold


@dataclass(frozen=True)
class Phase:
    """A phase or step of a programme: stored ``key``, English ``title`` (a message id) and
    the folded words people type for it."""

    key: str
    title: str
    words: tuple[str, ...]


#: The course of a Kinderfreundliche Kommune (and of a group's own programme).
PHASES = (
    Phase("stocktaking", N_("stocktaking"), ("bestandsaufnahme", "stocktaking")),
    Phase("action_plan", N_("drawing up the action plan"), ("aktionsplan", "action plan")),
    Phase("adoption", N_("council resolution"), ("ratsbeschluss", "beschluss", "adoption")),
    Phase("implementation", N_("implementation"), ("umsetzung", "implementation")),
    Phase("follow_up", N_("follow-up action plan"), ("folgeplan", "folgeaktionsplan", "follow-up")),
)
#: The steps of the Familiengerechte Kommune audit.
FGK_STEPS = (
    Phase("analysis", N_("analysis"), ("analysieren", "analyse", "analysis")),
    Phase("exchange", N_("exchange"), ("austausch", "exchange")),
    Phase("application", N_("application"), ("anwendung", "application")),
    Phase("recognition", N_("recognition"), ("anerkennung", "recognition")),
    Phase("execution", N_("execution"), ("ausfuehrung", "ausfuhrung", "execution")),
)


@dataclass(frozen=True)
class Wording:
    """What a programme calls its report and its award, as English message ids: the
    Kinderfreundliche Kommune has an interim report and a seal, the Familiengerechte Kommune
    annual reports and a certificate. The dates are the same columns."""

    report_due: str
    report_is_due: str
    award_until: str
    award_ends: str
    reminded: str
    change_dates: str
    dates_hint: str
    award_either: str
    report_was_due: str
    #: What to do about a report that has passed ({next}: the same day a year on).
    report_passed: str
    award_ended: str
    award_passed: str
    #: An award before the signing ({awarded}, {signed}): a date typed wrong, most likely.
    award_before_signing: str
    #: A report due before the action plan ({report}, {plan}): a date typed wrong, most likely.
    report_before_plan: str
    #: Whether the report is due every year (its status report covers the year before it;
    #: otherwise the time since the group was set up).
    yearly_report: bool = False


#: Kinderfreundliche Kommune (and a group's own programme): interim report and seal.
SEAL = Wording(
    report_due=N_("Interim report due"),
    report_is_due=N_("The interim report is due on {date}."),
    award_until=N_("Seal valid until"),
    award_ends=N_("The seal expires on {date}."),
    reminded=N_(
        "The coordinators are reminded 8, 4 and 1 week before the action plan, the "
        "interim report and the end of the seal, and on the day."
    ),
    change_dates=N_(
        "Coordinators change them with {command} phase=<phase> signed=<date> "
        "inhabitants=<number> plan=<date> interim=<date> seal=<date awarded> (or "
        "seal_until=<date>; “none” clears a date); another programme: {command} "
        "kfk|fgk|custom"
    ),
    dates_hint=N_("Another programme, or the dates of signing, action plan and seal: /programme"),
    award_either=N_("Give either seal=<date awarded> or seal_until=<date>, not both."),
    report_was_due=N_("The interim report was due on {date}."),
    report_passed=N_(
        "A new date: /programme interim=<date>; once it is handed in, /programme interim=none "
        "clears it."
    ),
    award_ended=N_("The seal expired on {date}."),
    award_passed=N_(
        "A new seal: /programme seal=<date awarded>; /programme seal_until=none clears the date."
    ),
    award_before_signing=N_(
        "So the seal was awarded on {awarded}, before the agreement was signed on {signed}. "
        "Is a date wrong? /programme seal=<date awarded> or signed=<date> puts it right."
    ),
    report_before_plan=N_(
        "So the interim report is due on {report}, before the action plan on {plan}. Is a date "
        "wrong? /programme interim=<date> or plan=<date> puts it right."
    ),
)
#: Familiengerechte Kommune: a report every year and the certificate.
CERTIFICATE = Wording(
    report_due=N_("Next annual report due"),
    report_is_due=N_("The annual report is due on {date}."),
    award_until=N_("Certificate valid until"),
    award_ends=N_("The certificate expires on {date}."),
    reminded=N_(
        "The coordinators are reminded 8, 4 and 1 week before the action plan, the "
        "annual report and the end of the certificate, and on the day."
    ),
    change_dates=N_(
        "Coordinators change them with {command} phase=<phase> signed=<date> "
        "plan=<date> annual=<date> certificate=<date awarded> (or "
        "certificate_until=<date>; “none” clears a date); another programme: {command} "
        "kfk|fgk|custom"
    ),
    dates_hint=N_(
        "Another programme, or the dates of signing, action plan, annual report and "
        "certificate: /programme"
    ),
    award_either=N_(
        "Give either certificate=<date awarded> or certificate_until=<date>, not both."
    ),
    report_was_due=N_("The annual report was due on {date}."),
    # Due every year: once one is handed in, the next follows a year on ({next}).
    report_passed=N_(
        "It is due every year: once it is handed in, /programme annual={next} enters the next "
        "one (or another date)."
    ),
    award_ended=N_("The certificate expired on {date}."),
    award_passed=N_(
        "A new certificate: /programme certificate=<date awarded>; /programme "
        "certificate_until=none clears the date."
    ),
    award_before_signing=N_(
        "So the certificate was awarded on {awarded}, before the agreement was signed on "
        "{signed}. Is a date wrong? /programme certificate=<date awarded> or signed=<date> puts "
        "it right."
    ),
    report_before_plan=N_(
        "So the annual report is due on {report}, before the action plan on {plan}. Is a date "
        "wrong? /programme annual=<date> or plan=<date> puts it right."
    ),
    yearly_report=True,
)


@dataclass(frozen=True)
class Programme:
    """A programme a town can join."""

    key: str
    title: str
    fields: tuple[str, ...]
    optional_fields: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = PHASES
    certificate_years: int = 3
    wording: Wording = SEAL

    def phase(self, key: str) -> Phase:
        """The phase stored as ``key``; the first one for a key of another programme."""
        return next((p for p in self.phases if p.key == key), self.phases[0])

    def find_phase(self, text: str) -> Phase | None:
        """The phase ``text`` names: its number, a word for it, or the start of one."""
        return choose(text.strip().replace("_", " "), self.phases, lambda p: (*p.words, p.key))


KFK = Programme(
    key="kfk",
    title="Kinderfreundliche Kommune",
    fields=(
        "Kindeswohlvorrang",
        "Kinderfreundliche Rahmenbedingungen",
        "Beteiligung",
        "Information",
    ),
    certificate_years=3,
)

FGK = Programme(
    key="fgk",
    title="Familiengerechte Kommune",
    fields=(
        "Steuerung, Vernetzung und Nachhaltigkeit",
        "Familie und Arbeitswelt, Betreuung",
        "Bildung und Erziehung",
        "Beratung und Unterstützung",
        "Wohnumfeld und Lebensqualität",
        "Senioren und Generationen",
    ),
    optional_fields=(
        "Prävention",
        "Inklusion",
        "Akzeptanz und Integration",
        "Familienzeitpolitik",
    ),
    phases=FGK_STEPS,
    certificate_years=3,
    wording=CERTIFICATE,
)

#: The English names of the template fields, as message ids: an English group reads
#: "Participation" where "Beteiligung" is stored (the German catalogue gives the German name
#: back), and an English speaker's tag finds the field (``#participation``). "Information" is
#: the same word in both; a field renamed in a group has none.
FIELD_NAMES: dict[str, str] = {
    "Kindeswohlvorrang": N_("Best interests of the child"),
    "Kinderfreundliche Rahmenbedingungen": N_("Child-friendly framework conditions"),
    "Beteiligung": N_("Participation"),
    "Steuerung, Vernetzung und Nachhaltigkeit": N_("Governance, networking and sustainability"),
    "Familie und Arbeitswelt, Betreuung": N_("Family and work, childcare"),
    "Bildung und Erziehung": N_("Education and upbringing"),
    "Beratung und Unterstützung": N_("Advice and support"),
    "Wohnumfeld und Lebensqualität": N_("Living environment and quality of life"),
    "Senioren und Generationen": N_("Older people and generations"),
    "Prävention": N_("Prevention"),
    "Inklusion": N_("Inclusion"),
    "Akzeptanz und Integration": N_("Acceptance and integration"),
    "Familienzeitpolitik": N_("Family time policy"),
}
#: Other English names people type for a template field.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "Kindeswohlvorrang": ("child wellbeing",),
    "Senioren und Generationen": ("seniors and generations",),
}

#: A group's own programme: the seal's words, but no town size, which only the
#: Kinderfreundliche Kommune goes by (``inhabitants=`` is refused there).
OWN = replace(
    SEAL,
    change_dates=N_(
        "Coordinators change them with {command} phase=<phase> signed=<date> plan=<date> "
        "interim=<date> seal=<date awarded> (or seal_until=<date>; “none” clears a date); "
        "another programme: {command} kfk|fgk|custom"
    ),
)
# its fields: the names the group gives them
CUSTOM = Programme(key="custom", title=N_("own programme"), fields=(), wording=OWN)

PROGRAMMES = {p.key: p for p in (KFK, FGK, CUSTOM)}


#: A group's own programme as people call it ("/programm eigenes"), folded.
OWN_WORDS = frozenset({"eigenes", "eigenes programm", "eigen", "own", "own programme"})
#: How much of its name a programme named by the start of its title needs ("kinderfreundlich").
TITLE_START = 6


def programme(key: str) -> Programme:
    """The programme for ``key`` (``kfk``, ``fgk``, ``custom``), or named by its title as
    people type it ("Kinderfreundliche Kommune", "familiengerecht"); a typo of a key is
    answered with the key it is closest to."""
    wanted = " ".join(fold(key).split())
    if wanted in OWN_WORDS:
        return CUSTOM
    found = PROGRAMMES.get(wanted) or next(
        (
            p
            for p in PROGRAMMES.values()
            if p is not CUSTOM  # "own programme" is no programme's name anybody types
            and (wanted == fold(p.title) or len(wanted) >= TITLE_START)
            and fold(p.title).startswith(wanted)
        ),
        None,
    )
    if found is not None:
        return found
    # two letters swapped ("fkg") first: to difflib, "fkg" is as near to kfk as to fgk
    close = [k for k in PROGRAMMES if sorted(k) == sorted(wanted)] or difflib.get_close_matches(
        wanted, list(PROGRAMMES), n=1, cutoff=0.6
    )
    if close:
        raise CommandError(
            N_("Unknown programme “{name}”. Did you mean {key}? Choose kfk, fgk or custom."),
            name=key[:40],
            key=close[0],
        )
    raise CommandError(N_("Unknown programme “{name}”. Choose kfk, fgk or custom."), name=key[:40])


def named_in(name: str) -> tuple[Programme, str] | None:
    """The programme whose name leads a group's name as typed ("Kinderfreundliche Kommune
    Musterstadt", any case, "Familiengerechte Kommune: Musterstadt") and the rest of the name;
    ``None`` when none does or nothing else remains."""
    for prog in PROGRAMMES.values():
        if prog is CUSTOM:  # "own programme" is no programme's name anybody types
            continue
        lead = re.match(rf"{re.escape(prog.title)}\s*[:\-–]?\s+(?=\S)", name, re.IGNORECASE)
        if lead is not None:
            return prog, name[lead.end() :]
    return None


def kfk_timeline(inhabitants: int) -> tuple[float, float]:
    """KFK (duration in years, action plan due in years after signing) by town size."""
    if inhabitants < 50_000:
        return 4.0, 1.0
    if inhabitants < 150_000:
        return 4.5, 1.5
    return 5.0, 2.0
