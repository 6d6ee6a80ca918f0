from __future__ import annotations

from django_tasks import task

from sangkien.review.assigning import assignment_run_execute


@task()
def run_assignment(run_id: int) -> str:
    """Solve a call's assignment in the background; the run row carries progress and outcome."""
    return assignment_run_execute(run_id)
