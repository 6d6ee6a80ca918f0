"""`sangkien review remind` sends each due reminder once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sangkien.review import assigning
from sangkien.review.models import AssignmentRun, Call

pytestmark = pytest.mark.django_db


def test_the_command_reminds_once(call, experts, officer_hanoi):
    run = assigning.assignment_run_start(call, officer_hanoi)
    assigning.assignment_run_execute(run.pk)
    assert AssignmentRun.objects.get().state == "done"
    Call.objects.filter(pk=call.pk).update(reviews_due=timezone.now() + timedelta(hours=30))
    out = StringIO()
    call_command("review", "remind", stdout=out)
    call_command("review", "remind", stdout=out)
    assert out.getvalue().splitlines() == ["8 reminder(s) sent", "0 reminder(s) sent"]
