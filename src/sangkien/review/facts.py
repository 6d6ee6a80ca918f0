"""What the pure conflict rules and affinity need, read from the database in a few queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sangkien.accounts.models import ExpertProfile, Membership, UnitOfficer, User
from sangkien.core.text import fold
from sangkien.initiatives.models import Initiative, InitiativeAuthor
from sangkien.review.conflicts import Affiliation, ExpertFacts, InitiativeFacts, Person
from sangkien.review.models import Call, ConflictOfInterest, ExpertRelation


def _affiliations(users: set[int]) -> dict[int, list[Affiliation]]:
    found: dict[int, list[Affiliation]] = defaultdict(list)
    for m in Membership.objects.filter(user_id__in=users).select_related("organisation"):
        found[m.user_id].append(Affiliation(m.organisation_id, m.organisation.name,
                                            m.started_on, m.ended_on))
    return found


def initiative_facts(initiatives: Sequence[Initiative]) -> list[InitiativeFacts]:
    authors: dict[int, list[InitiativeAuthor]] = defaultdict(list)
    for a in InitiativeAuthor.objects.filter(initiative__in=initiatives):
        authors[a.initiative_id].append(a)
    users = {a.user_id for group in authors.values() for a in group if a.user_id}
    users |= {i.proposer_id for i in initiatives}
    affiliations = _affiliations(users)
    names = dict(User.objects.filter(pk__in=users).values_list("pk", "full_name"))
    facts = []
    for initiative in initiatives:
        people = [Person(a.name, a.user_id, tuple(affiliations.get(a.user_id or 0, ())))
                  for a in authors[initiative.pk]]
        if initiative.proposer_id not in {p.user for p in people}:
            people.append(Person(names.get(initiative.proposer_id, ""), initiative.proposer_id,
                                 tuple(affiliations.get(initiative.proposer_id, ()))))
        organisation = initiative.organisation
        facts.append(InitiativeFacts(
            initiative.pk, tuple(people),
            Affiliation(organisation.pk, organisation.name) if organisation else None,
            initiative.unit_id))
    return facts


def expert_facts(experts: Sequence[User], call: Call | None = None) -> list[ExpertFacts]:
    ids = {e.pk for e in experts}
    affiliations = _affiliations(ids)
    units: dict[int, dict[int, str]] = defaultdict(dict)
    for posting in UnitOfficer.objects.filter(user_id__in=ids).select_related("unit"):
        units[posting.user_id][posting.unit_id] = posting.unit.name
    # Co-authors: everyone who shares an initiative's author list with the expert.
    coauthors: dict[int, dict[int, str]] = defaultdict(dict)
    shared = InitiativeAuthor.objects.filter(
        initiative__authors__user_id__in=ids, user__isnull=False).values_list(
        "initiative__authors__user_id", "user_id", "initiative__title")
    for expert, other, title in shared:
        if expert != other:
            coauthors[expert][other] = title
    publications = dict(ExpertProfile.objects.filter(user_id__in=ids).values_list(
        "user_id", "publications"))
    relations: dict[int, dict[str, str]] = defaultdict(dict)
    for r in ExpertRelation.objects.filter(expert_id__in=ids):
        relations[r.expert_id][fold(r.person_name)] = r.kind
        if r.person_id:
            relations[r.expert_id][f"user:{r.person_id}"] = r.kind
    declared: dict[int, dict[int, str]] = defaultdict(dict)
    if call is not None:
        for c in ConflictOfInterest.objects.filter(call=call, expert_id__in=ids,
                                                   rule="declared"):
            declared[c.expert_id][c.initiative_id] = c.detail
    return [ExpertFacts(
        e.pk, e.full_name or e.email, tuple(affiliations.get(e.pk, ())), units[e.pk],
        coauthors[e.pk],
        tuple(line.strip() for line in (publications.get(e.pk) or "").splitlines()
              if line.strip()),
        relations[e.pk], declared[e.pk]) for e in experts]
