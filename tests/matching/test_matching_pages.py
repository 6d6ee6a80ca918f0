"""Search, duplicates and recommendations as users meet them, and what they must never see."""

import pytest
from matching_data import index_now, post_demand, route_provinces, submit
from personas import HA_NOI, HO_CHI_MINH, make_user

from sangkien.accounts.models import ExpertProfile, Role
from sangkien.core.events import deliver_pending
from sangkien.initiatives.models import Initiative
from sangkien.matching.indexing import index_objects
from sangkien.matching.models import DuplicateFlag, InvestorInterest

pytestmark = pytest.mark.django_db

SECRET = "quasarium"
FILTER_SUMMARY = ("Bộ lọc nước giếng khoan khử sắt và mangan bằng cát phủ oxit mangan, "
                  "dùng cho hộ gia đình vùng nhiễm phèn.")


@pytest.fixture
def world(proposer, officer_hanoi, officer_hcm, hanoi_unit, hcm_unit):
    route_provinces((hanoi_unit, HA_NOI), (hcm_unit, HO_CHI_MINH))
    filter_ = submit(proposer, "Bộ lọc khử sắt cho nước giếng khoan", FILTER_SUMMARY,
                     f"Vật liệu lọc {SECRET} hoàn nguyên bằng nước muối, tỉ lệ pha ở phụ lục.",
                     fields=("2.7",))
    dryer = submit(proposer, "Máy sấy cà phê năng lượng mặt trời",
                   "Buồng sấy dùng nhiệt mặt trời ban ngày và lò đốt vỏ cà phê ban đêm.",
                   fields=("2.3", "4.1"))
    orderer = make_user("ubnd@xa.example.vn", "UBND xã An Bình", roles=(Role.ORDERER,))
    demand = post_demand(orderer, "Nước giếng nhiễm phèn, người dân phải mua nước bình",
                         "Giếng khoan của xã có sắt và mangan cao, nước vàng và tanh.",
                         "Thiết bị xử lý nước cho hộ gia đình giá dưới 3 triệu đồng.",
                         fields=("2.7",))
    expert = make_user("chuyengia@example.vn", "PGS. Trần Thị Nước", roles=(Role.EXPERT,))
    ExpertProfile.objects.create(user=expert, fields=["2.7"],
                                 keywords=["xử lý nước", "khử sắt", "mangan"],
                                 biography="Nghiên cứu vật liệu lọc nước ngầm.")
    index_objects([("expert", expert.pk)])
    index_now()
    return {"filter": filter_, "dryer": dryer, "demand": demand, "orderer": orderer,
            "expert": expert}


def test_search_page_highlights_words_typed_without_diacritics(client, world):
    page = client.get("/search/", {"q": "khu sat nuoc gieng"})
    assert page.status_code == 200
    assert "<mark>khử</mark> <mark>sắt</mark>" in page.text
    assert "<mark>Nước</mark> <mark>giếng</mark> nhiễm phèn" in page.text  # the demand too
    assert "Máy sấy cà phê" not in page.text
    assert "PGS. Trần Thị Nước" not in page.text  # experts are for officers


def test_officers_find_experts_and_what_their_unit_may_read(client, world, officer_hanoi,
                                                            officer_hcm):
    client.force_login(officer_hanoi)
    page = client.get("/search/", {"q": SECRET})
    assert "Bộ lọc khử sắt cho nước giếng khoan" in page.text
    assert f"<mark>{SECRET}</mark>" in page.text
    assert "PGS. Trần Thị Nước" in client.get("/search/", {"q": "mangan", "kind": "expert"}).text
    client.force_login(officer_hcm)
    page = client.get("/search/", {"q": SECRET})
    assert "0 results" in page.text and 'class="result"' not in page.text


@pytest.mark.parametrize("query, status, message", [
    ("", 400, "This field is required"),
    ("!!! ... ???", 400, "Type at least one word or number"),
    ("a" * 5000, 400, "at most 2000 characters"),
    ("nước giếng 测量 salinity Ωmega 🚰", 200, "Bộ lọc khử sắt"),
])
def test_bad_queries_get_a_clear_answer(client, world, query, status, message):
    page = client.get("/search/", {"q": query})
    assert page.status_code == status
    assert message in page.text


def test_malformed_utf8_in_the_query_string_is_not_an_error(client, world):
    page = client.get("/search/?q=n%C6%B0%E1%BB%9Bc%ED%A0%80gi%E1%BA%BFng")
    assert page.status_code == 200
    api = client.get("/api/v1/search?q=%ED%A0%80%FF")
    assert api.status_code in (200, 422)


def test_api_search_is_scoped_like_the_page(client, world, officer_hanoi):
    anonymous = client.get("/api/v1/search", {"q": SECRET}).json()
    assert anonymous == {"total": 0, "items": []}
    client.force_login(officer_hanoi)
    found = client.get("/api/v1/search", {"q": SECRET}).json()
    assert [(i["kind"], i["id"], i["whole_text"]) for i in found["items"]] == [
        ("initiative", world["filter"].pk, True)]
    assert client.get("/api/v1/search", {"q": "..."}).status_code == 422
    assert client.get("/api/v1/search", {"q": "x" * 3000}).status_code == 422


def test_confidential_text_changes_nothing_an_outsider_sees(client, world):
    """The whole public answer (results, order, scores, snippets, recommendations) is the same
    before and after the confidential description is stuffed with the query's words."""
    queries = ["nuoc gieng", "khử sắt mangan", "máy sấy", SECRET]

    def section(url, heading):
        return client.get(url).text.split(heading)[1].split("</section>")[0]

    def public_view():
        return ([client.get("/api/v1/search", {"q": q}).json() for q in queries],
                section(f"/demands/{world['demand'].pk}/", "Initiatives that may solve it"),
                section(f"/initiatives/{world['dryer'].pk}/", "Demands this initiative may"))

    before = public_view()
    Initiative.objects.filter(pk=world["dryer"].pk).update(
        description=f"nước giếng khử sắt mangan {SECRET} " * 30)
    index_objects([("initiative", world["dryer"].pk)])
    assert public_view() == before


def test_a_copied_initiative_is_shown_to_its_proposer_and_flagged_to_the_officer(
        client, world, officer_hcm):
    copier = make_user("copy@example.vn", "Người sao chép")
    copy = submit(copier, "Thiết bị lọc nước giếng khoan nhiễm phèn",
                  FILTER_SUMMARY.replace("hộ gia đình", "các hộ dân") + " Đã thử ở Cà Mau.",
                  f"Mô tả riêng của người nộp, không có {SECRET}.", province=HO_CHI_MINH,
                  fields=("2.7",))
    different = submit(copier, "Lọc nước mưa bằng màng siêu lọc cho trường học",
                       "Hệ thống thu nước mưa, lọc màng và trữ bồn inox cho điểm trường.",
                       province=HO_CHI_MINH, fields=("2.7",))
    index_now()
    client.force_login(copier)
    page = client.get(f"/initiatives/{copy.pk}/")
    assert "Possible duplicates" in page.text
    assert "Bộ lọc khử sắt cho nước giếng khoan" in page.text
    assert "<blockquote>" in page.text and "cát phủ oxit mangan" in page.text
    # The earlier initiative's confidential description never shows.
    assert "hoàn nguyên bằng nước muối" not in page.text
    deliver_pending("matching.duplicates")
    assert [(f.initiative, f.other) for f in DuplicateFlag.objects.all()] == [
        (copy, world["filter"])]
    assert not DuplicateFlag.objects.filter(initiative=different).exists()
    client.force_login(officer_hcm)
    assert "Bộ lọc khử sắt cho nước giếng khoan" in client.get(
        f"/initiatives/{copy.pk}/").text


def test_a_demand_shows_the_initiatives_and_experts_that_fit_and_why(client, world):
    page = client.get(f"/demands/{world['demand'].pk}/")
    assert "Initiatives that may solve it" in page.text
    section = page.text.split("Initiatives that may solve it")[1].split("</section>")[0]
    assert "Bộ lọc khử sắt cho nước giếng khoan" in section
    assert "Máy sấy cà phê" not in section
    assert "shared words" in section and "2.7" in section and "same province" in section
    assert "Experts who could advise" not in page.text  # not for the public
    client.force_login(world["orderer"])
    page = client.get(f"/demands/{world['demand'].pk}/")
    experts = page.text.split("Experts who could advise")[1].split("</section>")[0]
    assert "PGS. Trần Thị Nước" in experts


def test_an_initiative_shows_the_demands_it_may_answer(client, world):
    page = client.get(f"/initiatives/{world['filter'].pk}/")
    section = page.text.split("Demands this initiative may answer")[1].split("</section>")[0]
    assert "Nước giếng nhiễm phèn" in section
    page = client.get(f"/initiatives/{world['dryer'].pk}/")
    section = page.text.split("Demands this initiative may answer")[1].split("</section>")[0]
    assert "No open demand fits this initiative yet." in section


def test_an_investor_follows_fields_and_provinces(client, world, proposer):
    investor = make_user("quy@example.vn", "Quỹ Sen Vàng", roles=(Role.INVESTOR,))
    client.force_login(proposer)
    assert client.get("/search/investor/").status_code == 403
    client.force_login(investor)
    bad = client.post("/search/investor/", {"fields_wanted": ["9.9"], "keywords": "x"})
    assert bad.status_code == 200 and "not one of the available choices" in bad.text
    assert not InvestorInterest.objects.exists()
    client.post("/search/investor/", {"fields_wanted": ["2"], "provinces": [HA_NOI],
                                      "keywords": "nước sạch"})
    page = client.get("/search/investor/")
    section = page.text.split("Recommended initiatives")[1]
    assert "Bộ lọc khử sắt cho nước giếng khoan" in section
    assert section.index("Bộ lọc khử sắt") < section.index("Máy sấy cà phê")


def test_field_suggestions_while_drafting(client, world, proposer):
    client.force_login(proposer)
    answer = client.post("/search/suggest-fields/", {
        "title": "Thiết bị khử sắt mangan", "summary": "Lọc nước giếng khoan nhiễm phèn."})
    assert answer.status_code == 200 and "<strong>2.7</strong>" in answer.text
    client.logout()
    assert client.post("/search/suggest-fields/", {"title": "x"}).status_code == 302


def test_the_unit_queue_marks_possible_duplicates(client, world, officer_hcm):
    copy = submit(make_user("copy@example.vn", "Người sao chép"), "Lọc nước giếng nhiễm phèn",
                  FILTER_SUMMARY, province=HO_CHI_MINH, fields=("2.7",))
    index_now()
    deliver_pending("matching.duplicates")
    client.force_login(officer_hcm)
    queue = client.get("/initiatives/queue/sokhcn-tp-hcm/").text
    row = queue.split(copy.title)[1].split("</tr>")[0]
    assert "possible duplicate" in row


def test_the_catalogue_ranks_by_the_index_and_highlights_the_summary(client, world):
    page = client.get("/initiatives/", {"q": "nuoc gieng mangan"})
    assert "<mark>mangan</mark>" in page.text
    assert "Máy sấy cà phê" not in page.text
    assert SECRET not in page.text.split("<table")[1]
