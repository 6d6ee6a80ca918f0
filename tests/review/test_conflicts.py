"""Each conflict-of-interest rule fires on its case, says why, and stays quiet otherwise."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sangkien.review.conflicts import (
    Affiliation,
    ExpertFacts,
    InitiativeFacts,
    Person,
    Rule,
    conflicts_between,
    find_conflicts,
)

TODAY = date(2026, 11, 22)
BACH_KHOA = Affiliation(1, "Đại học Bách khoa Hà Nội")
LAN = Person("Nguyễn Thị Lan", user=10, affiliations=(BACH_KHOA,))
INITIATIVE = InitiativeFacts(100, (LAN,), Affiliation(2, "Công ty Nông Nghiệp Xanh"), unit=7)


def rules(expert: ExpertFacts) -> list[str]:
    return [c.rule for c in conflicts_between(INITIATIVE, expert, TODAY)]


def test_an_expert_with_nothing_in_common_has_no_conflict():
    assert rules(ExpertFacts(20, "Trần Văn Độc Lập", (Affiliation(9, "Viện Hàn lâm"),))) == []


def test_the_author_cannot_review_their_own_initiative():
    assert rules(ExpertFacts(10, "Nguyễn Thị Lan")) == [Rule.AUTHOR]


def test_same_organisation_now_or_within_the_look_back():
    now = ExpertFacts(20, "A", (Affiliation(1, "Đại học Bách khoa Hà Nội"),))
    proposing = ExpertFacts(21, "B", (Affiliation(2, "Công ty Nông Nghiệp Xanh",
                                                  date(2015, 1, 1), date(2024, 6, 30)),))
    long_ago = ExpertFacts(22, "C", (Affiliation(2, "Công ty Nông Nghiệp Xanh",
                                                 date(2010, 1, 1), date(2021, 6, 30)),))
    assert rules(now) == [Rule.ORGANISATION]
    found = conflicts_between(INITIATIVE, proposing, TODAY)
    assert [(c.rule, c.detail) for c in found] == [(Rule.ORGANISATION,
                                                   "Công ty Nông Nghiệp Xanh")]
    assert rules(long_ago) == []  # left more than 3 years ago
    assert [c.rule for c in conflicts_between(INITIATIVE, long_ago, TODAY, years=6)] == [
        Rule.ORGANISATION]


def test_co_authorship_on_another_initiative():
    expert = ExpertFacts(20, "A", coauthors={10: "Máy sấy nông sản năng lượng mặt trời"})
    found = conflicts_between(INITIATIVE, expert, TODAY)
    assert [(c.rule, c.detail) for c in found] == [
        (Rule.COAUTHOR, "Máy sấy nông sản năng lượng mặt trời")]


def test_co_authorship_in_a_listed_publication_folds_diacritics():
    expert = ExpertFacts(20, "A", publications=(
        "Tran V. A., Nguyen Thi Lan. Salinity sensing in the Mekong delta. 2024.",))
    assert rules(expert) == [Rule.PUBLICATION]
    # A name that only contains the author's name as part of a longer word does not match.
    other = ExpertFacts(21, "B", publications=("Nguyen Thi Lanh. Rice. 2023.",))
    assert rules(other) == []


def test_same_processing_unit():
    assert rules(ExpertFacts(20, "A", units={7: "Sở KH&CN Hà Nội"})) == [Rule.UNIT]
    assert rules(ExpertFacts(20, "A", units={8: "Sở KH&CN Huế"})) == []


def test_declared_relation_by_account_or_by_name():
    by_user = ExpertFacts(20, "A", relations={"user:10": "vợ chồng"})
    by_name = ExpertFacts(21, "B", relations={"nguyen thi lan": "hướng dẫn luận án"})
    assert [(c.rule, c.detail) for c in conflicts_between(INITIATIVE, by_user, TODAY)] == [
        (Rule.RELATION, "Nguyễn Thị Lan (vợ chồng)")]
    assert rules(by_name) == [Rule.RELATION]


def test_self_declared_conflict_keeps_its_reason():
    expert = ExpertFacts(20, "A", declared={100: "từng góp vốn"})
    assert [(c.rule, c.detail) for c in conflicts_between(INITIATIVE, expert, TODAY)] == [
        (Rule.DECLARED, "từng góp vốn")]


names = st.sampled_from(["Nguyễn Thị Lan", "Trần Văn An", "Lê Minh", "Phạm Hoa"])
affiliation = st.builds(Affiliation, st.integers(1, 4), st.just("org"),
                        st.none(), st.one_of(st.none(), st.dates(date(2018, 1, 1), TODAY)))
initiative = st.builds(InitiativeFacts, st.integers(1, 1000), st.lists(st.builds(
    Person, names, st.one_of(st.none(), st.integers(1, 6)),
    st.lists(affiliation, max_size=2).map(tuple)), min_size=1, max_size=3).map(tuple),
    st.one_of(st.none(), affiliation), st.one_of(st.none(), st.integers(1, 3)))
expert = st.builds(
    ExpertFacts, st.integers(1, 8), names, st.lists(affiliation, max_size=2).map(tuple),
    st.dictionaries(st.integers(1, 3), st.just("unit"), max_size=2),
    st.dictionaries(st.integers(1, 6), st.just("x"), max_size=2),
    st.lists(names.map(lambda n: f"{n}. A paper."), max_size=2).map(tuple),
    st.dictionaries(st.sampled_from(["user:1", "user:2", "tran van an"]), st.just("k"),
                    max_size=2),
    st.dictionaries(st.integers(1, 1000), st.just("d"), max_size=1))


@settings(max_examples=80, deadline=None)
@given(st.lists(initiative, max_size=4, unique_by=lambda i: i.key),
       st.lists(expert, max_size=4, unique_by=lambda e: e.key))
def test_the_indexed_search_finds_exactly_what_checking_every_pair_finds(initiatives, experts):
    every_pair = sorted((c for i in initiatives for e in experts
                         for c in conflicts_between(i, e, TODAY)),
                        key=lambda c: (c.initiative, c.expert, Rule.ALL.index(c.rule)))
    assert find_conflicts(initiatives, experts, TODAY) == every_pair
