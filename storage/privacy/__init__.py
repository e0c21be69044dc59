"""Privacy by design: every table's personal data as a *part* that can be exported, erased and
purged (see ``docs/privacy-parts.md``)."""
