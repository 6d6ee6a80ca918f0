"""Background work of the search index."""

from __future__ import annotations

from django_tasks import task

from sangkien.matching.indexing import build_index, pending_documents


@task()
def build_search_index() -> int | None:
    """Fold the documents changed since the last build into a new build; a build queued
    while another one already folded everything in does nothing."""
    return build_index().pk if pending_documents() else None
