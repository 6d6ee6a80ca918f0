"""The benchmark's synthetic event log is lifecycle-consistent: folded by the consumer, its
items in each stage are the last stage of each item's history, counted independently."""

from collections import Counter

import pytest

from sangkien.core.events import deliver_pending
from sangkien.core.models import Event
from sangkien.demo.synthetic_events import seed_events
from sangkien.ioc.rollups import stored

pytestmark = pytest.mark.django_db


def test_synthetic_events_fold_into_the_stages_their_histories_end_in(officer_hanoi,
                                                                       officer_hcm):
    assert seed_events(400) == 400
    deliver_pending("ioc.rollups")
    last = {}
    for event in Event.objects.filter(subject_id__startswith="1000").order_by("id"):
        stage = "submitted" if event.type.endswith("submitted") else event.payload["to"]
        last[event.subject_id] = (event.unit_id, stage)
    expected = Counter(v for v in last.values()
                       if v[1] not in ("not_selected", "adopted", "closed", "withdrawn"))
    counted = Counter()
    for key, n in stored().items():
        if key.metric == "in_stage":
            counted[(key.unit, key.stage)] += n
    assert +counted == expected
    assert len({unit for unit, _stage in last.values()}) == 2  # both units have items


def test_seeding_nothing_is_refused():
    with pytest.raises(ValueError, match="positive"):
        seed_events(0)
