"""Differences between frozen versions, word by word and item by item."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sangkien.initiatives.version_diff import (
    DELETE,
    EQUAL,
    INSERT,
    SKIP,
    Segment,
    collapse,
    diff_text,
    diff_versions,
)


def test_words_inserted_and_changed_are_marked():
    assert diff_text("Giảm chi phí điện", "Giảm mạnh chi phí điện năng") == [
        Segment(EQUAL, "Giảm"), Segment(INSERT, " mạnh"), Segment(EQUAL, " chi phí điện"),
        Segment(INSERT, " năng")]
    assert diff_text("Tiết kiệm 30% nước", "Tiết kiệm 45% nước") == [
        Segment(EQUAL, "Tiết kiệm "), Segment(DELETE, "30"), Segment(INSERT, "45"),
        Segment(EQUAL, "% nước")]


def test_only_changed_fields_are_listed_with_authors_and_files_as_items():
    old = {"title": "Máy sấy", "trl": 4, "fields": ["2.3"],
           "authors": [{"name": "Lan", "share": "60"}, {"name": "Hùng", "share": "40"}]}
    new = {"title": "Máy sấy", "trl": 5, "fields": ["2.3", "4.1"],
           "authors": [{"name": "Lan", "share": "50"}, {"name": "Hùng", "share": "40"},
                       {"name": "Mai", "share": "10"}]}
    files_old = [{"name": "a.pdf", "sha256": "11" * 32}]
    files_new = [{"name": "a.pdf", "sha256": "22" * 32}]
    found = diff_versions(old, new, files_old, files_new)
    assert [c.is_list for c in found] == [False, True, True, True]
    changes = {c.field: c.segments for c in found}
    assert list(changes) == ["trl", "fields", "authors", "attachments"]
    assert changes["trl"] == (Segment(DELETE, "4"), Segment(INSERT, "5"))
    assert changes["fields"] == (Segment(EQUAL, "2.3"), Segment(INSERT, "4.1"))
    assert changes["authors"] == (Segment(DELETE, "Lan 60%"), Segment(INSERT, "Lan 50%"),
                                  Segment(EQUAL, "Hùng 40%"), Segment(INSERT, "Mai 10%"))
    assert changes["attachments"] == (Segment(DELETE, "a.pdf (SHA-256 111111111111…)"),
                                      Segment(INSERT, "a.pdf (SHA-256 222222222222…)"))


def test_identical_versions_have_no_changes():
    content = {"title": "Máy sấy", "summary": "Sấy cà phê.", "fields": ["2.3"]}
    assert diff_versions(content, dict(content)) == []


def test_long_unchanged_text_is_shortened_around_the_change():
    words = " ".join(f"từ{n}" for n in range(100))
    segments = collapse(diff_text(words + " cũ", words + " mới"), context=3)
    assert segments[0] == Segment(SKIP, "…")
    assert segments[1] == Segment(EQUAL, "từ97 từ98 từ99 ")
    assert [s.op for s in segments[2:]] == [DELETE, INSERT]


texts = st.text(alphabet=st.sampled_from(list("aăâ bcđ\nê ơư ")), max_size=60)


@given(texts, texts)
def test_segments_rebuild_both_texts(old, new):
    segments = diff_text(old, new)
    assert "".join(s.text for s in segments if s.op in (EQUAL, DELETE)) == old
    assert "".join(s.text for s in segments if s.op in (EQUAL, INSERT)) == new
