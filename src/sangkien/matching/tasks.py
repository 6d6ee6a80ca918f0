"""Background work of the search index."""

from __future__ import annotations

from django_tasks import task

from sangkien.matching.indexing import build_index


@task()
def build_search_index() -> int:
    """Fold the documents changed since the last build into a new build."""
    return build_index().pk
