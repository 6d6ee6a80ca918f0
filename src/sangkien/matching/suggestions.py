"""Field suggestions from the initiatives already classified (their public text).

The suggester is learnt from the index's documents and kept per process until the index is
rebuilt, so a suggestion costs one vector product.
"""

from __future__ import annotations

import threading

from sangkien.matching.classify import FieldSuggester, Suggestion
from sangkien.matching.models import IndexBuild, SearchDocument

_lock = threading.Lock()
_cached: tuple[object, FieldSuggester] | None = None
LEARN_FROM = 20_000  # the most recent classified initiatives are plenty to vote with


def _suggester() -> FieldSuggester:
    global _cached
    key = (IndexBuild.objects.order_by("-id").values_list("id", flat=True).first(),
           SearchDocument.objects.filter(kind="initiative").count())
    with _lock:
        if _cached is None or _cached[0] != key:
            rows = (SearchDocument.objects.filter(kind="initiative", facts__listed=True)
                    .order_by("-id").values_list("public_tokens", "facts")[:LEARN_FROM])
            labelled = [(tokens.split(), facts.get("fields") or []) for tokens, facts in rows]
            labelled = [(t, f) for t, f in labelled if f and t]
            _cached = (key, FieldSuggester.from_tokens([t for t, _ in labelled],
                                                       [f for _, f in labelled]))
        return _cached[1]


def suggest_fields(text: str, limit: int = 3) -> list[Suggestion]:
    return _suggester().suggest(text, limit)
