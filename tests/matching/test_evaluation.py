"""On the labelled set, our pipeline beats the plain one where it must, and holds elsewhere."""

from pathlib import Path

import pytest

from sangkien.matching.evaluation import (
    detect_ours,
    detect_plain,
    evaluate_ranking,
    field_accuracy,
    load,
    ours,
    plain_tokens,
    query_tokens,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "matching_eval"


@pytest.fixture(scope="module")
def evalset():
    return load(DATA)


def test_the_set_is_as_large_and_varied_as_promised(evalset):
    graded = sum(len(g) for g in evalset.relevance.values())
    kinds = {kind for _, _, kind in evalset.duplicates}
    assert graded + len(evalset.duplicates) >= 200
    assert kinds == {"paraphrase", "copy", "translation", "unaccented", "typos"}
    assert any(i["lang"] == "en" for i in evalset.initiatives.values())
    provinces = {(evalset.initiatives[d]["province"], evalset.initiatives[o]["province"])
                 for d, o, kind in evalset.duplicates if kind in ("paraphrase", "copy")}
    assert sum(a != b for a, b in provinces) >= 10  # duplicates from other provinces


def test_unaccented_queries_rank_far_better_than_plain_tokens(evalset):
    mine = evaluate_ranking(evalset, ours, query_tokens, "unaccented")
    plain = evaluate_ranking(evalset, plain_tokens, plain_tokens, "unaccented")
    assert mine.ndcg10 > plain.ndcg10 + 0.3 and mine.recall10 > plain.recall10 + 0.3


@pytest.mark.parametrize("variant", ["as written", "typos"])
def test_accented_and_misspelt_queries_rank_at_least_as_well(evalset, variant):
    mine = evaluate_ranking(evalset, ours, query_tokens, variant)
    plain = evaluate_ranking(evalset, plain_tokens, plain_tokens, variant)
    assert mine.ndcg10 >= plain.ndcg10
    assert mine.ndcg10 > 0.75


def test_duplicates_are_found_with_better_recall_and_no_worse_precision(evalset):
    mine, plain = detect_ours(evalset), detect_plain(evalset)
    assert mine.f1 > plain.f1
    assert mine.recall > plain.recall + 0.2
    assert mine.recall_by_kind["unaccented"] == 1.0 and mine.recall_by_kind["copy"] == 1.0
    assert mine.precision >= 0.75


def test_field_suggestion_beats_always_guessing_the_commonest_field(evalset):
    accuracy = field_accuracy(evalset)
    assert accuracy.top3 > 0.6 and accuracy.top1 > 4 * accuracy.majority_baseline
