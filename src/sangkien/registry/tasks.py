from __future__ import annotations

from django_tasks import task

from sangkien.registry.services import checkpoint_sign


@task()
def sign_checkpoint() -> int:
    """Sign a checkpoint covering every entry appended so far; returns its size."""
    checkpoint = checkpoint_sign()
    return checkpoint.size if checkpoint else 0
