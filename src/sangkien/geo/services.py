from __future__ import annotations

from django.db import transaction

from sangkien.geo.loader import load_places
from sangkien.geo.models import Province, Ward


@transaction.atomic
def places_load() -> tuple[int, int]:
    """Load or refresh the administrative map from the installed package, idempotently."""
    return load_places(Province, Ward)
