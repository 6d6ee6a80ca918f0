"""Search through the real index: documents written from events, scoped to the reader."""

import pytest
from matching_data import index_now, route_provinces, submit
from personas import HA_NOI, HO_CHI_MINH, make_user

from sangkien.matching.collection import Filter
from sangkien.matching.indexing import build_index
from sangkien.matching.search import PUBLIC, reader_of, search

pytestmark = pytest.mark.django_db

SECRET = "quasarium"  # a word only the confidential description holds


def titles(found):
    from sangkien.initiatives.models import Initiative
    return [Initiative.objects.get(pk=f.hit.object_id).title for f in found
            if f.hit.kind == "initiative"]


@pytest.fixture
def corpus(proposer, officer_hanoi, officer_hcm, hanoi_unit, hcm_unit):
    route_provinces((hanoi_unit, HA_NOI), (hcm_unit, HO_CHI_MINH))
    salinity = submit(proposer, "Cảm biến độ mặn cho ruộng lúa",
                      "Đo độ mặn nước tưới theo thời gian thực, cảnh báo qua điện thoại.",
                      f"Điện cực than chì phủ {SECRET}, sơ đồ mạch ở phụ lục.")
    drying = submit(proposer, "Máy sấy cà phê năng lượng mặt trời",
                    "Buồng sấy dùng nhiệt mặt trời ban ngày và lò đốt vỏ cà phê ban đêm.")
    southern = submit(make_user("nam@example.vn", "Lê Nam"), "Giám sát xâm nhập mặn ở Cà Mau",
                      "Trạm đo độ mặn trên kênh cho vùng nuôi tôm.", f"Mạch {SECRET} riêng.",
                      province=HO_CHI_MINH)
    submit(proposer, "Sấy dẻo mận hậu Mộc Châu", "Quy trình sấy mận hậu giữ màu và vị chua.",
           fields=("4.1",))
    index_now()
    return salinity, drying, southern


@pytest.mark.parametrize("built", [False, True], ids=["changes only", "after a build"])
def test_unaccented_query_finds_accented_text_and_accents_rank_exact_first(corpus, built):
    if built:
        build_index()
    # "man" is both "mặn" (salty) and "mận" (plum): unaccented, it finds all three.
    found, total = search(PUBLIC, "man", Filter())
    assert total == 3 and "Máy sấy cà phê năng lượng mặt trời" not in titles(found)
    assert titles(search(PUBLIC, "mận", Filter())[0])[0] == "Sấy dẻo mận hậu Mộc Châu"
    assert set(titles(search(PUBLIC, "mặn", Filter())[0])[:2]) == {
        "Cảm biến độ mặn cho ruộng lúa", "Giám sát xâm nhập mặn ở Cà Mau"}
    assert titles(search(PUBLIC, "HA NOI xam nhap man", Filter())[0])[0] == (
        "Giám sát xâm nhập mặn ở Cà Mau")


@pytest.mark.parametrize("built", [False, True], ids=["changes only", "after a build"])
def test_confidential_words_are_found_only_by_those_who_may_read_them(
        corpus, built, proposer, officer_hanoi, officer_hcm):
    if built:
        build_index()
    assert search(PUBLIC, SECRET, Filter())[1] == 0
    outsider = make_user("outsider@example.vn", "Người ngoài")
    assert search(reader_of(outsider), SECRET, Filter())[1] == 0
    # The Hà Nội officer reads the Hà Nội initiative only; the author reads their own.
    assert titles(search(reader_of(officer_hanoi), SECRET, Filter())[0]) == [
        "Cảm biến độ mặn cho ruộng lúa"]
    assert titles(search(reader_of(officer_hcm), SECRET, Filter())[0]) == [
        "Giám sát xâm nhập mặn ở Cà Mau"]
    assert titles(search(reader_of(proposer), SECRET, Filter())[0]) == [
        "Cảm biến độ mặn cho ruộng lúa"]


def test_a_typo_is_corrected_to_an_indexed_word(corpus):
    found, _ = search(PUBLIC, "cafe nang luong mat troii", Filter())
    assert titles(found)[0] == "Máy sấy cà phê năng lượng mặt trời"


def test_enough_changes_queue_a_build_that_folds_them_in(corpus, settings, proposer):
    from django_tasks_db.models import DBTaskResult

    from sangkien.matching.indexing import pending_documents
    from sangkien.matching.tasks import build_search_index

    settings.SEARCH_MERGE_AFTER = 2
    before = search(PUBLIC, "do man", Filter())
    submit(proposer, "Phao đo độ mặn nổi trên sông", "Phao đo độ mặn gửi số liệu về tỉnh.")
    submit(proposer, "Bản đồ độ mặn theo mùa", "Bản đồ độ mặn cập nhật hằng tuần.")
    index_now()
    assert DBTaskResult.objects.filter(task_path__endswith="build_search_index").exists()
    assert pending_documents() >= 2
    build_search_index.call()
    assert pending_documents() == 0
    assert build_search_index.call() is None  # nothing left to fold in
    assert search(PUBLIC, "do man", Filter())[1] == before[1] + 2
