"""Shapes of the initiatives API: what goes in, what comes out (public and confidential)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class Place(Schema):
    code: int
    name: str


class UnitRef(Schema):
    code: str
    name: str


class InitiativeListItem(Schema):
    id: int
    title: str
    summary: str
    fields: list[str]
    trl: int
    category: str
    state: str
    province: Place
    first_received_at: datetime | None
    url: str


class InitiativePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[InitiativeListItem]


class AuthorOut(Schema):
    name: str
    share: Decimal


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    url: str


class VersionOut(Schema):
    number: int
    content_sha256: str
    received_at: datetime
    attachments: list[dict[str, object]]


class InitiativeDetail(InitiativeListItem):
    """Public parts always; the confidential parts only for those who may read them (else null).
    A published full description is public."""

    ward: Place | None
    demand: int | None
    organisation: str | None
    unit: UnitRef | None
    description_public: bool
    confidential: bool = Field(description="whether the caller may read the confidential parts")
    description: str | None = None
    current_solution: str | None = None
    purpose: str | None = None
    novelty: str | None = None
    steps: str | None = None
    applicability: str | None = None
    expected_benefits: str | None = None
    money_saved: Decimal | None = None
    money_saved_method: str | None = None
    screening_due: date | None = None
    authors: list[AuthorOut] | None = None
    attachments: list[AttachmentOut] | None = None
    versions: list[VersionOut] | None = None
    allowed_transitions: list[str] = Field(default_factory=list,
                                           description="steps the caller may take now")


class AuthorIn(Schema):
    name: str
    share: Decimal
    email: str = ""


class InitiativeIn(Schema):
    title: str
    summary: str
    description: str = ""
    current_solution: str = ""
    purpose: str = ""
    novelty: str = ""
    steps: str = ""
    applicability: str = ""
    expected_benefits: str = ""
    money_saved: Decimal | None = None
    money_saved_method: str = ""
    fields: list[str]
    trl: int
    category: str = "ordinary"
    demand: int | None = None
    province: int = Field(description="official province code, e.g. 1 for Hà Nội")
    ward: int | None = Field(None, description="official commune or ward code")
    organisation: int | None = None
    authors: list[AuthorIn]


class InitiativePatch(Schema):
    """Only the fields present change."""

    title: str | None = None
    summary: str | None = None
    description: str | None = None
    current_solution: str | None = None
    purpose: str | None = None
    novelty: str | None = None
    steps: str | None = None
    applicability: str | None = None
    expected_benefits: str | None = None
    money_saved: Decimal | None = None
    money_saved_method: str | None = None
    fields: list[str] | None = None
    trl: int | None = None
    category: str | None = None
    demand: int | None = None
    province: int | None = None
    ward: int | None = None
    organisation: int | None = None
    authors: list[AuthorIn] | None = None


class TransitionIn(Schema):
    reason: str = ""
    checks: list[str] = Field(default_factory=list,
                              description="confirmed checklist items (accept_for_review)")


class ReassignIn(Schema):
    unit: str = Field(description="code of the unit to send the initiative to")
    reason: str


class QueueItem(Schema):
    id: int
    title: str
    state: str
    province: Place
    received_at: datetime | None
    screening_due: date | None
    url: str


class DemandOut(Schema):
    id: int
    title: str
    problem: str
    outcome: str
    budget_min: Decimal
    budget_max: Decimal
    deadline: date
    province: Place
    fields: list[str]
    contact_name: str
    contact_email: str
    contact_phone: str
    organisation: str | None
    state: str
    awarded_to: int | None
    created_at: datetime
    url: str


class DemandPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[DemandOut]


class DemandIn(Schema):
    title: str
    problem: str
    outcome: str
    budget_min: Decimal
    budget_max: Decimal
    deadline: date
    province: int
    fields: list[str]
    contact_name: str
    contact_email: str
    contact_phone: str = ""
    organisation: int | None = None


class CloseIn(Schema):
    reason: str = ""


class AwardIn(Schema):
    initiative: int


class Problem(Schema):
    """Every error: a sentence, and for bad input the rule broken per field."""

    detail: str
    code: str | None = None
    errors: dict[str, list[str]] | None = None
