"""Conflicts of interest between experts and initiatives (pure: no Django).

Every rule returns the reason it fired, so an officer (and the expert) can read why a pair is
excluded. The rules are deliberately conservative: a common name matching a publication's
author list excludes the pair; the cost of a false exclusion is one reviewer fewer to choose
from, the cost of a missed conflict is a biased assessment.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sangkien.core.text import fold


class Rule:
    AUTHOR = "author"  # the expert is an author or the proposer
    ORGANISATION = "organisation"  # same organisation, now or within the look-back years
    COAUTHOR = "coauthor"  # co-authored another initiative with an author
    PUBLICATION = "publication"  # an author appears in the expert's listed publications
    UNIT = "unit"  # the expert works in the unit that handles the initiative
    RELATION = "relation"  # a relation the expert declared (family, supervisor, partner …)
    DECLARED = "declared"  # the expert (or an officer) declared this conflict

    ALL = (AUTHOR, ORGANISATION, COAUTHOR, PUBLICATION, UNIT, RELATION, DECLARED)


@dataclass(frozen=True)
class Affiliation:
    organisation: int
    name: str
    started: date | None = None
    ended: date | None = None  # None: current

    def within(self, today: date, years: int) -> bool:
        """Current, or ended less than `years` years ago."""
        if self.ended is None:
            return True
        try:
            horizon = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            horizon = today.replace(year=today.year - years, day=28)
        return self.ended >= horizon


@dataclass(frozen=True)
class Person:
    """Someone on the initiative's side: an author or the proposer."""

    name: str
    user: int | None = None
    affiliations: tuple[Affiliation, ...] = ()


@dataclass(frozen=True)
class InitiativeFacts:
    key: int
    people: tuple[Person, ...]
    organisation: Affiliation | None = None  # the proposing organisation
    unit: int | None = None


@dataclass(frozen=True)
class ExpertFacts:
    key: int  # the expert's user id
    name: str
    affiliations: tuple[Affiliation, ...] = ()
    units: Mapping[int, str] = field(default_factory=dict)  # units the expert works in → name
    coauthors: Mapping[int, str] = field(default_factory=dict)  # user → the shared initiative
    publications: tuple[str, ...] = ()  # one listed publication or past project per entry
    relations: Mapping[str, str] = field(default_factory=dict)  # folded name or "user:ID" → kind
    declared: Mapping[int, str] = field(default_factory=dict)  # initiative → reason given


@dataclass(frozen=True)
class Conflict:
    initiative: int
    expert: int
    rule: str
    detail: str


def _name_in(name: str, text: str) -> bool:
    folded = fold(name)
    return bool(folded) and re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", fold(text)) is not None


def conflicts_between(initiative: InitiativeFacts, expert: ExpertFacts, today: date,
                      years: int = 3) -> list[Conflict]:
    """Every rule that makes this pair conflicted, each with its reason (empty: no conflict)."""
    found: list[Conflict] = []

    def add(rule: str, detail: str) -> None:
        found.append(Conflict(initiative.key, expert.key, rule, detail))

    users = {p.user for p in initiative.people if p.user is not None}
    if expert.key in users:
        add(Rule.AUTHOR, expert.name)
    theirs = {a.organisation: a for p in initiative.people for a in p.affiliations
              if a.within(today, years)}
    if initiative.organisation is not None:
        theirs[initiative.organisation.organisation] = initiative.organisation
    for mine in expert.affiliations:
        if mine.organisation in theirs and mine.within(today, years):
            add(Rule.ORGANISATION, mine.name)
    for user in sorted(users & expert.coauthors.keys()):
        add(Rule.COAUTHOR, expert.coauthors[user])
    for person in initiative.people:
        for publication in expert.publications:
            if _name_in(person.name, publication):
                add(Rule.PUBLICATION, f"{person.name}: {publication[:160]}")
                break
        kind = expert.relations.get(f"user:{person.user}") if person.user is not None else None
        kind = kind or expert.relations.get(fold(person.name))
        if kind:
            add(Rule.RELATION, f"{person.name} ({kind})")
    if initiative.unit is not None and initiative.unit in expert.units:
        add(Rule.UNIT, expert.units[initiative.unit])
    if initiative.key in expert.declared:
        add(Rule.DECLARED, expert.declared[initiative.key])
    return found


def find_conflicts(initiatives: Iterable[InitiativeFacts], experts: Iterable[ExpertFacts],
                   today: date, years: int = 3) -> list[Conflict]:
    """Every conflict in a call, ordered by initiative, expert and rule.

    The same rules as `conflicts_between`, which runs only on pairs an index says may
    conflict, so a call of a thousand initiatives and experts takes well under a second."""
    experts = list(experts)
    by_key: dict[object, set[int]] = defaultdict(set)
    for index, e in enumerate(experts):
        keys: list[object] = [("user", e.key)]
        keys += [("org", a.organisation) for a in e.affiliations]
        keys += [("user", u) for u in e.coauthors]
        keys += [("unit", u) for u in e.units]
        keys += [("rel", r) for r in e.relations]
        keys += [("declared", i) for i in e.declared]
        for key in keys:
            by_key[key].add(index)
    published = [(index, fold("\n".join(e.publications))) for index, e in enumerate(experts)
                 if e.publications]
    found: list[Conflict] = []
    for initiative in initiatives:
        suspects = set(by_key.get(("declared", initiative.key), ()))
        if initiative.unit is not None:
            suspects |= by_key.get(("unit", initiative.unit), set())
        if initiative.organisation is not None:
            suspects |= by_key.get(("org", initiative.organisation.organisation), set())
        for person in initiative.people:
            suspects |= by_key.get(("rel", fold(person.name)), set())
            if person.user is not None:
                suspects |= by_key.get(("user", person.user), set())
                suspects |= by_key.get(("rel", f"user:{person.user}"), set())
            for a in person.affiliations:
                suspects |= by_key.get(("org", a.organisation), set())
            name = fold(person.name)
            suspects |= {index for index, text in published if name and name in text}
        for index in sorted(suspects):
            found += conflicts_between(initiative, experts[index], today, years)
    return sorted(found, key=lambda c: (c.initiative, c.expert, Rule.ALL.index(c.rule)))
