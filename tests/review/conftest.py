"""A call with initiatives under review and experts who accepted, built by the real services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from review_data import make_experts, make_initiatives

from sangkien.review import services


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the platform's default language is Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def call(proposer, officer_hanoi, hanoi_unit):
    now = timezone.now()
    made = services.call_create(officer_hanoi, hanoi_unit, code="dot-1-2026",
                                title="Đợt xét chọn sáng kiến 2026",
                                invitations_due=now + timedelta(days=7),
                                reviews_due=now + timedelta(days=30),
                                reviewers_per_initiative=2, max_load=2)
    services.call_add_initiatives(made, officer_hanoi, make_initiatives(proposer, officer_hanoi))
    return made


@pytest.fixture
def experts(call, officer_hanoi):
    people = make_experts()
    services.call_invite(call, officer_hanoi, people)
    for person in people:
        services.invitation_answer(call.invitations.get(expert=person), person, True)
    return people
