"""The pure parts: analysis, BM25 on changed documents, filters, snippets, passages."""

import bm25s
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sangkien.matching.bm25 import Segment
from sangkien.matching.collection import Collection, Facts, Filter
from sangkien.matching.passages import highlight, shared_passages
from sangkien.matching.resemblance import resemblance
from sangkien.matching.text import TypoFixer, analyse, clean, comparable_words, query_tokens


def test_folded_accented_and_bigram_tokens():
    tokens = analyse("Xâm nhập mặn ở Hà Nội")
    assert {"xam", "xâm", "nhap", "nhập", "man", "mặn", "xam_nhap", "nhap_man", "ha_noi"} <= set(
        tokens)
    # "ở" is a function word: it neither becomes a token nor joins a bigram.
    assert "o" not in tokens and "ở" not in tokens and "man_ha" not in tokens
    # NFD input (as some keyboards send it) gives the same tokens as NFC.
    import unicodedata
    assert analyse(unicodedata.normalize("NFD", "Xâm nhập mặn")) == analyse("Xâm nhập mặn")


def test_english_goes_through_the_same_pipeline():
    assert analyse("The salinity sensor for rice") == [
        "salinity", "sensor", "salinity_sensor", "rice"]


def test_malformed_text_is_cleaned_not_refused():
    assert clean("a\ud800b\x00c") == "a?b c"
    assert analyse("nước\ud800mặn") == ["nuoc", "nước", "man", "mặn", "nuoc_man"]
    assert query_tokens("!!! ??? ...") == []


def test_typo_fixer_corrects_only_unknown_words_to_near_ones():
    fix = TypoFixer({"nhap": 0, "nguon": 1, "salinity": 2})
    assert query_tokens("xam nhapp", fix) == ["xam", "nhap", "xam_nhap"]
    assert query_tokens("salinty", fix) == ["salinity"]  # one letter dropped
    assert query_tokens("zzzz", fix) == ["zzzz"]  # nothing near: kept, matches nothing


corpora = st.lists(st.lists(st.sampled_from(list("abcdefgh")), min_size=0, max_size=12),
                   min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(corpus=corpora, query=st.lists(st.sampled_from(list("abcdefghz")), min_size=1,
                                      max_size=4, unique=True))
def test_documents_changed_since_the_build_score_exactly_as_built_ones(corpus, query):
    segment = Segment.build(corpus)
    if segment.retriever is None:
        return
    built = segment.scores(query)
    again = segment.score_documents(query, corpus)
    np.testing.assert_allclose(again, built, rtol=1e-5, atol=1e-6)


def test_segment_agrees_with_bm25s_on_its_own():
    corpus = [analyse(t) for t in ["độ mặn nước tưới", "máy sấy cà phê", "mặn mà", "lúa gạo"]]
    plain = bm25s.BM25(method="lucene")
    plain.index(corpus, show_progress=False)
    query = analyse("độ mặn")
    np.testing.assert_allclose(Segment.build(corpus).scores(query),
                               plain.get_scores(query), rtol=1e-6)


facts = st.builds(Facts, kind=st.sampled_from(["initiative", "demand", "expert"]),
                  object_id=st.integers(1, 40), listed=st.booleans(),
                  province=st.sampled_from([None, 1, 79]), unit=st.sampled_from([None, 3, 4]),
                  state=st.sampled_from(["", "received", "open"]),
                  category=st.sampled_from(["", "ordinary"]),
                  trl=st.sampled_from([None, 3, 5]),
                  fields=st.lists(st.sampled_from(["1.2", "2.2", "4.1"]), max_size=2).map(tuple))
rules = st.builds(Filter, kinds=st.sets(st.sampled_from(["initiative", "demand", "expert"]),
                                        min_size=1).map(frozenset),
                  listed_only=st.booleans(), province=st.sampled_from([None, 1, 79]),
                  state=st.sampled_from(["", "received"]), trl=st.sampled_from([None, 5]),
                  fields=st.sampled_from([(), ("2.2",), ("1.2", "4.1")]),
                  readable_units=st.sampled_from([None, frozenset({3})]),
                  readable_ids=st.sampled_from([None, frozenset({1, 2, 3})]),
                  unreadable_units=st.sampled_from([None, frozenset({4})]),
                  unreadable_ids=st.sampled_from([None, frozenset({5})]))


@settings(max_examples=80, deadline=None)
@given(docs=st.lists(facts, min_size=1, max_size=20, unique_by=lambda f: f.key), rule=rules,
       changed=st.integers(0, 5))
def test_a_built_collection_with_changes_returns_what_the_filter_admits(docs, rule, changed):
    """Built rows are filtered with vector operations, changed ones one by one: both must
    return exactly the documents the rule admits (every document holds the query word)."""
    collection = Collection.build([(f, ["word"]) for f in docs[changed:]]).with_changes(
        [(f, ["word"]) for f in docs[:changed]])
    hits, total = collection.search(["word"], rule, limit=100)
    assert {(h.kind, h.object_id) for h in hits} == {f.key for f in docs if rule.admits(f)}
    assert total == len(hits)


def test_highlight_marks_words_typed_without_diacritics_and_cuts_a_window():
    text = ("Mở đầu. " * 40) + "Cảnh báo sạt lở đất theo lượng mưa. " + ("Kết thúc. " * 40)
    pieces = highlight(text, {"sat", "lo", "mua"}, length=12)
    assert [p.text for p in pieces if p.marked] == ["sạt", "lở", "mưa"]
    assert pieces[0].text == "… " and pieces[-1].text == " …"
    assert "".join(p.text for p in pieces if p.text not in ("… ", " …")) in text


def test_shared_passages_survive_lost_diacritics_and_come_from_the_other_text():
    other = ("Hệ thống cảnh báo sớm sạt lở đất dựa trên lượng mưa và độ ẩm đất, giúp chính "
             "quyền xã sơ tán kịp thời.")
    copy = "canh bao som sat lo dat dua tren luong mua va do am dat cho tinh Lao Cai"
    assert shared_passages(copy, other) == [
        "cảnh báo sớm sạt lở đất dựa trên lượng mưa và độ ẩm đất"]
    assert shared_passages("máy sấy cà phê năng lượng mặt trời", other) == []


def test_resemblance_separates_a_copy_from_a_different_solution_on_the_same_topic():
    def idf(_word):
        return 1.0

    original = comparable_words("Bộ lọc nước giếng khoan khử sắt và mangan bằng cát phủ oxit "
                                "mangan, dùng cho hộ gia đình vùng nhiễm phèn.")
    copy = comparable_words("Bộ lọc nước giếng khoan khử sắt và mangan bằng cát phủ oxit "
                            "mangan, áp dụng cho các hộ gia đình ở vùng nhiễm phèn Đồng Tháp.")
    other = comparable_words("Hệ thống lọc nước mưa bằng màng siêu lọc cho trường học, "
                             "trữ nước trong bồn inox.")
    assert resemblance([copy], original, idf).is_duplicate
    assert not resemblance([other], original, idf).is_duplicate
