"""Demand pages: the public list with diacritic-insensitive search, posting, closing, awarding."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from matching_data import index_now
from personas import HA_NOI, HO_CHI_MINH, make_user

from sangkien.accounts import services as accounts
from sangkien.accounts.models import Role, UnitLevel
from sangkien.core.models import Event
from sangkien.geo.models import Province
from sangkien.initiatives import demands, services
from sangkien.initiatives.models import Category, Demand
from sangkien.initiatives.services import AuthorShare

pytestmark = pytest.mark.django_db
ENGLISH = {"accept-language": "en"}


@pytest.fixture
def orderer(db):
    return make_user("giamdoc@namcan.example.vn", "Đặng Văn Nam", roles=(Role.ORDERER,))


@pytest.fixture
def shrimp(orderer):
    return demands.demand_post(orderer, {
        "title": "Giải pháp giảm hao hụt tôm sau thu hoạch",
        "problem": "Tôm hao hụt 15% trong vận chuyển đường dài.",
        "outcome": "Giảm hao hụt xuống dưới 5%.",
        "budget_min": Decimal("200000000"), "budget_max": Decimal("800000000"),
        "deadline": datetime.date(2027, 6, 30), "province": Province.objects.get(code=HA_NOI),
        "fields": ["4.5"], "contact_name": "Đặng Văn Nam",
        "contact_email": "lienhe@namcan.example.vn",
    })


def form(**changes):
    data = {"title": "Cảm biến cảnh báo sạt lở đất", "problem": "Sạt lở trên tuyến đường.",
            "outcome": "Cảnh báo trước 30 phút.", "budget_min": "100000000",
            "budget_max": "500000000", "deadline": "2027-03-31", "province": str(HO_CHI_MINH),
            "fields": ["2.1"], "contact_name": "Trần An", "contact_email": "an@ubnd.example.vn",
            "contact_phone": "", "organisation": ""}
    data.update(changes)
    return data


def counts():
    return Demand.objects.count(), Event.objects.count()


def test_open_demands_are_listed_and_found_without_diacritics(client, shrimp, orderer):
    closed = demands.demand_post(orderer, {**{f: getattr(shrimp, f) for f in (
        "problem", "outcome", "budget_min", "budget_max", "deadline", "province", "fields",
        "contact_name", "contact_email")}, "title": "Máy bóc vỏ tôm tự động"})
    demands.demand_close(closed, orderer, "Đã tìm được nhà cung cấp.")
    index_now()
    listing = client.get("/demands/")
    assert shrimp.title in listing.text and closed.title not in listing.text
    assert shrimp.title in client.get("/demands/", {"q": "hao hut tom"}).text
    assert shrimp.title not in client.get("/demands/", {"q": "sat lo"}).text
    assert closed.title in client.get("/demands/", {"state": "closed"}).text
    detail = client.get(f"/demands/{shrimp.pk}/")
    assert "lienhe@namcan.example.vn" in detail.text
    assert "200.000.000 – 800.000.000" in detail.text


def test_orderer_posts_a_demand_through_the_page(client, orderer):
    client.force_login(orderer)
    response = client.post("/demands/new/", form())
    demand = Demand.objects.get()
    assert response["Location"] == f"/demands/{demand.pk}/"
    assert (demand.orderer, demand.fields, demand.province_id) == (orderer, ["2.1"], HO_CHI_MINH)


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "This field is required."),
    ({"budget_max": "1000"}, "The budget range ends below its start."),
    ({"province": "123"}, "Select a valid choice."),
    ({"contact_email": "khong-phai-email"}, "Enter a valid email address."),
    ({"deadline": "31/02/2027"}, "Enter a valid date."),
])
def test_bad_demand_is_refused_by_rule_and_changes_nothing(client, orderer, changes, message):
    client.force_login(orderer)
    before = counts()
    response = client.post("/demands/new/", form(**changes), headers=ENGLISH)
    assert response.status_code == 200
    assert message in response.text
    assert counts() == before


def test_only_orderers_post_demands(client, proposer):
    client.force_login(proposer)
    assert client.get("/demands/new/").status_code == 403
    assert client.post("/demands/new/", form()).status_code == 403
    assert counts() == (0, Event.objects.count())
    client.logout()
    assert client.get("/demands/new/")["Location"].startswith("/accounts/login/")


def test_only_the_orderer_closes_or_awards(client, shrimp, orderer, proposer, hanoi_unit):
    accounts.unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    answer = services.initiative_create(proposer, {
        "title": "Màng bọc sinh học giữ tươi tôm", "summary": "Màng chitosan kéo dài bảo quản.",
        "description": "Bí mật công thức.", "current_solution": "Đá lạnh.", "purpose": "Giữ tươi.",
        "novelty": "Chitosan từ vỏ tôm.", "applicability": "Vựa tôm.",
        "expected_benefits": "Giảm hao hụt.", "fields": ["4.5"], "trl": 6,
        "category": Category.ORDERED, "demand": shrimp, "province": shrimp.province,
    }, [AuthorShare("Nguyễn Thị Lan", "100")])
    services.initiative_submit(answer, proposer)
    client.force_login(make_user("khac@example.vn", roles=(Role.ORDERER,)))
    assert client.post(f"/demands/{shrimp.pk}/act/", {"action": "close"}).status_code == 403
    client.force_login(orderer)
    page = client.get(f"/demands/{shrimp.pk}/")
    assert answer.title in page.text and "Bí mật công thức" not in page.text
    client.post(f"/demands/{shrimp.pk}/act/", {"action": "award", "initiative": answer.pk})
    shrimp.refresh_from_db()
    assert (shrimp.state, shrimp.awarded_to) == ("awarded", answer)
    before = counts()
    response = client.post(f"/demands/{shrimp.pk}/act/", {"action": "close"}, follow=True,
                           headers=ENGLISH)
    assert "the demand is already awarded" in response.text
    assert counts() == before


def test_answering_a_demand_prefills_the_new_initiative(client, shrimp, proposer):
    client.force_login(proposer)
    page = client.get(f"/initiatives/new/?demand={shrimp.pk}")
    assert f'<option value="{shrimp.pk}" selected>' in page.text
    assert '<option value="ordered" selected>' in page.text


def test_new_open_demands_are_in_the_atom_feed(client, shrimp, orderer):
    feed = client.get("/demands/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert shrimp.title in feed.text and f"/demands/{shrimp.pk}/" in feed.text
    demands.demand_close(shrimp, orderer)
    assert shrimp.title not in client.get("/demands/feed/").text
