"""What the index reads of each initiative, demand and expert profile.

The public text is what anyone may read; an initiative's full text adds the confidential
parts. Snippets, passages and reasons are cut from the same texts, so a reader is only ever
shown words from the text their search was scored on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sangkien.accounts.models import ExpertProfile
from sangkien.core.fields import FIELDS
from sangkien.initiatives.models import Demand, Initiative
from sangkien.initiatives.services import DESCRIPTION_FIELDS
from sangkien.matching.collection import Facts

_FIELD_NAMES = {f.code: (f.name_en, f.name_vi) for f in FIELDS}


@dataclass(frozen=True)
class Texts:
    facts: Facts
    title: str
    public: str
    full: str  # equal to `public` for demands and experts


def initiative_texts(initiative: Initiative) -> Texts:
    opening = [initiative.title, initiative.summary]
    described = [getattr(initiative, name) for name in DESCRIPTION_FIELDS]
    public = "\n".join(opening + (described if initiative.description_public else []))
    facts = Facts("initiative", initiative.pk, initiative.is_listed, initiative.province_id,
                  initiative.unit_id, initiative.state, initiative.category, initiative.trl,
                  tuple(initiative.fields))
    return Texts(facts, initiative.title, public, "\n".join(opening + described))


def demand_texts(demand: Demand) -> Texts:
    text = "\n".join([demand.title, demand.problem, demand.outcome])
    facts = Facts("demand", demand.pk, True, demand.province_id, None, demand.state, "", None,
                  tuple(demand.fields))
    return Texts(facts, demand.title, text, text)


def expert_texts(profile: ExpertProfile) -> Texts:
    """An expert's name, affiliation, keywords, biography and publications. Only officers
    search experts (`listed` is false), and only available experts are listed for them."""
    text = "\n".join([profile.affiliation, ", ".join(profile.keywords), profile.biography,
                      profile.publications])
    facts = Facts("expert", profile.user_id, False, getattr(profile.user, "province_id", None),
                  None, "available" if profile.available else "unavailable", "", None,
                  tuple(profile.fields))
    return Texts(facts, str(profile.user), text, text)


def texts_of(kind: str, object_id: int) -> Texts | None:
    """The current texts of an object, or None once it is gone."""
    loaders: dict[str, Any] = {
        "initiative": (Initiative.objects, initiative_texts),
        "demand": (Demand.objects, demand_texts),
        "expert": (ExpertProfile.objects.select_related("user"), expert_texts),
    }
    manager, make = loaders[kind]
    key = "user_id" if kind == "expert" else "pk"
    found = manager.filter(**{key: object_id}).first()
    return make(found) if found is not None else None


def field_name(code: str, language: str) -> str:
    english, vietnamese = _FIELD_NAMES.get(code, (code, code))
    return vietnamese if language == "vi" else english
