"""Benchmark initiatives: as the catalogue would see real ones, topped up idempotently."""

from __future__ import annotations

import pytest
from django.db import connection
from personas import make_user

from sangkien.core.text import fold
from sangkien.demo.seed_initiatives import seed_initiatives
from sangkien.initiatives.models import Initiative
from sangkien.initiatives.selectors import NOT_LISTED, CatalogueFilters, catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_people(db):
    return [make_user(f"seed-3-{n}@example.vn") for n in range(1, 4)]


def test_seeded_initiatives_look_like_received_ones_and_top_up_once(seed_people):
    made, _seconds = seed_initiatives(3, 300)
    assert made == 300 and Initiative.objects.count() == 300
    listed = Initiative.objects.exclude(state__in=NOT_LISTED)
    assert catalogue(CatalogueFilters()).count() == listed.count() > 200
    assert not listed.filter(first_received_at__isnull=True).exists()
    assert Initiative.objects.filter(state="draft").exclude(first_received_at=None).count() == 0
    for initiative in Initiative.objects.all()[:50]:
        assert initiative.public_text_folded == fold(f"{initiative.title} {initiative.summary}")
        assert 1 <= initiative.trl <= 9 and 1 <= len(initiative.fields) <= 2
    assert {i.province_id for i in Initiative.objects.all()} > {1, 79}
    assert seed_initiatives(3, 300)[0] == 0
    assert seed_initiatives(3, 350)[0] == 50 and Initiative.objects.count() == 350


def test_seeding_needs_the_people_and_a_sane_count(db):
    with pytest.raises(ValueError, match="run `sangkien seed --scale 4` first"):
        seed_initiatives(4, 10)
    with pytest.raises(ValueError, match="whole number"):
        seed_initiatives(4, -1)
    assert not Initiative.objects.exists()


@pytest.mark.postgres
def test_catalogue_indexes_exist_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename IN "
                       "('initiatives_initiative', 'initiatives_demand')")
        names = {row[0] for row in cursor.fetchall()}
    assert {"initiative_public_text_trgm", "initiative_fields_gin", "initiative_catalogue_order",
            "initiative_catalogue_title", "demand_public_text_trgm"} <= names
