"""The demo: a realistic Vietnamese cast, built through the services, loadable twice, and
synthetic seed data for benchmarks."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import transaction

from sangkien.accounts.models import (
    ExpertProfile,
    Membership,
    Organisation,
    OrganisationKind,
    ProcessingUnit,
    Role,
    RoleGrant,
    UnitOfficer,
    User,
)
from sangkien.core.fields import FIELDS_BY_CODE
from sangkien.core.models import Event
from sangkien.demo import DEMO_PASSWORD, load_demo, seed
from sangkien.initiatives.models import Demand, Initiative, InitiativeVersion

pytestmark = pytest.mark.django_db

HA_NOI = 1


@pytest.fixture
def demo():
    return load_demo()


def _accounts(demo) -> dict[str, User]:
    return {email: User.objects.get(email=email) for _, email in demo.accounts}


def _roles(user: User) -> set[str]:
    return set(user.role_grants.values_list("role", flat=True))


def test_units_each_have_a_leader_and_their_province(demo):
    units = ProcessingUnit.objects.prefetch_related("territory", "postings")
    assert units.filter(level="national").count() == 1
    national = units.get(level="national")
    assert "NAFOSTED" in national.name and not national.territory.exists()
    provincial = units.filter(level="provincial")
    assert provincial.count() >= 6
    for unit in provincial:
        (province,) = unit.territory.all()
        assert unit.name.startswith("Sở Khoa học và Công nghệ ")
        assert province.name.removeprefix("Thành phố ") in unit.name
    for unit in units:
        postings = list(unit.postings.all())
        assert 2 <= len(postings) <= 3
        assert sum(p.is_leader for p in postings) == 1, unit.code


def test_organisations_and_people_spread_over_the_country(demo):
    organisations = Organisation.objects.all()
    assert organisations.count() >= 25
    assert organisations.values("province").distinct().count() >= 12
    assert set(organisations.values_list("kind", flat=True)) == set(OrganisationKind.values)
    only_proposers = User.objects.exclude(
        role_grants__role__in=[r for r in Role.values if r != Role.PROPOSER]
    )
    assert only_proposers.count() >= 40
    assert only_proposers.values("province").distinct().count() >= 12
    members = Membership.objects.filter(user__in=only_proposers)
    assert members.values("user").distinct().count() >= 25
    assert members.filter(ended_on__isnull=False).exists()
    assert not Membership.objects.filter(started_on__isnull=True).exists()
    assert RoleGrant.objects.filter(role=Role.ORDERER).count() >= 3
    assert RoleGrant.objects.filter(role=Role.INVESTOR).count() >= 2
    assert RoleGrant.objects.filter(role=Role.ADMIN).count() == 1
    # Reserved domains only: no real person gets mail from the demo.
    domains = {email.rsplit("@", 1)[1] for email in User.objects.values_list("email", flat=True)}
    assert domains <= {"example.vn", "demo.sangkien.vn"}


def test_experts_at_home_and_abroad(demo):
    experts = ExpertProfile.objects.all()
    assert experts.count() >= 20
    abroad = experts.exclude(country="VN")
    assert abroad.count() >= 5
    assert {"JP", "US", "DE"} <= set(abroad.values_list("country", flat=True))
    for expert in experts:
        assert expert.fields and all(code in FIELDS_BY_CODE for code in expert.fields)
        assert expert.affiliation and expert.biography and "vi" in expert.languages
        assert any(k.isascii() for k in expert.keywords), "English keywords"
        assert any(not k.isascii() for k in expert.keywords), "Vietnamese keywords"
    for expert in abroad:
        # Abroad now, and once at a Vietnamese university or institute: a past affiliation.
        assert expert.user.memberships.filter(ended_on__isnull=False).exists()


def test_every_role_has_a_named_account(demo):
    accounts = _accounts(demo)
    assert set().union(*(_roles(u) for u in accounts.values())) == set(Role.values)
    hanoi = ProcessingUnit.objects.get(territory=HA_NOI)
    assert UnitOfficer.objects.get(
        unit=hanoi, user=accounts["canbo.hanoi@demo.sangkien.vn"], is_leader=False
    )
    assert UnitOfficer.objects.get(
        unit=hanoi, user=accounts["lanhdao.hanoi@demo.sangkien.vn"], is_leader=True
    )
    assert accounts["chuyengia@demo.sangkien.vn"].expert_profile.country == "VN"
    assert accounts["chuyengia.nhat@demo.sangkien.vn"].expert_profile.country == "JP"
    assert Role.ORDERER in _roles(accounts["doanhnghiep@demo.sangkien.vn"])
    assert Role.INVESTOR in _roles(accounts["nhadautu@demo.sangkien.vn"])
    assert accounts["admin@demo.sangkien.vn"].is_superuser


def test_every_named_account_logs_in_through_the_login_page(demo, client):
    assert len(demo.accounts) >= 8
    for _, email in demo.accounts:
        client.logout()
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert "/accounts/login/" not in response["Location"]
        assert client.get("/me/").status_code == 200


def test_every_change_was_recorded_as_an_event(demo):
    assert Event.objects.filter(type="account.registered").count() == User.objects.count()
    assert Event.objects.filter(type="unit.created").count() == ProcessingUnit.objects.count()
    assert (
        Event.objects.filter(type="organisation.member_added").count() == Membership.objects.count()
    )
    assert (
        Event.objects.filter(type="expert.profile_saved").count() == ExpertProfile.objects.count()
    )


def test_loading_again_creates_nothing(demo):
    before = (User.objects.count(), Event.objects.count(), Organisation.objects.count())
    again = load_demo()
    assert not again.created and "already present" in again.summary()
    assert again.accounts == demo.accounts
    assert (User.objects.count(), Event.objects.count(), Organisation.objects.count()) == before


def _snapshot() -> list:
    return [
        list(User.objects.order_by("email").values_list("email", "full_name", "province", "phone")),
        list(
            Membership.objects.order_by("id").values_list(
                "user__email", "organisation__name", "title", "started_on", "ended_on"
            )
        ),
        list(
            ExpertProfile.objects.order_by("user__email").values_list(
                "user__email", "fields", "keywords", "country", "biography"
            )
        ),
    ]


def test_the_demo_is_the_same_every_time():
    with transaction.atomic():
        load_demo()
        first = _snapshot()
        transaction.set_rollback(True)
    assert not User.objects.exists()
    load_demo()
    assert _snapshot() == first


def test_every_name_is_nfc(demo):
    texts = [
        *User.objects.values_list("full_name", flat=True),
        *Organisation.objects.values_list("name", flat=True),
        *ProcessingUnit.objects.values_list("name", flat=True),
        *Membership.objects.values_list("title", flat=True),
    ]
    for expert in ExpertProfile.objects.all():
        texts += [expert.affiliation, expert.biography, *expert.keywords]
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    # Vietnamese order: surname first, "Nguyễn Thị Lan", never "Lan Nguyễn".
    assert User.objects.filter(full_name__startswith="Nguyễn ").count() >= 10


def test_seed_scale_one_makes_a_thousand_people_beside_the_demo(demo):
    demo_users = User.objects.count()
    result = seed(scale=1)
    assert result.created and "scale 1" in result.summary()
    people = User.objects.filter(email__startswith="seed-1-")
    assert people.count() == 1000 == User.objects.count() - demo_users
    assert all(email.endswith("@example.vn") for email in people.values_list("email", flat=True))
    assert Organisation.objects.filter(members__in=people).distinct().count() >= 90
    assert ExpertProfile.objects.filter(user__in=people).count() == 200
    assert ProcessingUnit.objects.filter(code__startswith="seed-1-").count() == 10
    assert (
        UnitOfficer.objects.filter(unit__code__startswith="seed-1-", is_leader=True).count() == 10
    )
    events = Event.objects.count()
    assert not seed(scale=1).created
    assert (User.objects.count(), Event.objects.count()) == (demo_users + 1000, events)


@pytest.mark.parametrize("scale", [0, -1, 101, 1.5, True])
def test_seed_refuses_a_bad_scale_and_changes_nothing(scale):
    with pytest.raises(ValueError, match="scale must be a whole number from 1 to 100"):
        seed(scale=scale)
    assert not User.objects.exists() and not Event.objects.exists()


def test_demo_initiatives_pass_through_every_state(demo):
    from sangkien.initiatives.models import InitiativeState

    states = set(Initiative.objects.values_list("state", flat=True))
    assert states == set(InitiativeState.values)
    assert InitiativeVersion.objects.filter(number=2).exists()  # returned, edited, resubmitted
    provinces = set(Initiative.objects.values_list("province_id", flat=True))
    assert len(provinces) >= 12
    majors = {code.split(".")[0] for fields in Initiative.objects.values_list("fields", flat=True)
              for code in fields}
    assert majors == {"1", "2", "3", "4", "5", "6"}


def test_demo_initiatives_have_whole_author_shares_and_answer_open_demands(demo):
    for initiative in Initiative.objects.prefetch_related("authors"):
        assert sum(a.share for a in initiative.authors.all()) == 100, initiative.title
        if initiative.category == "ordered":
            assert initiative.demand is not None
    assert set(Demand.objects.values_list("state", flat=True)) == {"open", "closed", "awarded"}


def test_named_proposer_has_initiatives_in_several_states(demo, client):
    proposer = User.objects.get(email="tacgia@demo.sangkien.vn")
    mine = Initiative.objects.filter(proposer=proposer)
    assert mine.count() >= 4 and len(set(mine.values_list("state", flat=True))) >= 4
    client.force_login(proposer)
    page = client.get("/initiatives/mine/").text
    assert all(title in page for title in mine.values_list("title", flat=True))


def test_no_confidential_description_reaches_the_event_log(demo):
    payloads = " ".join(str(p) for p in Event.objects.values_list("payload", flat=True))
    for description in Initiative.objects.values_list("description", flat=True):
        assert description not in payloads


def test_demo_submissions_carry_a_pdf_that_their_readers_download(demo, client):
    version = InitiativeVersion.objects.filter(attachments__isnull=False).exclude(
        attachments=[]).order_by("id").first()
    assert version is not None
    cited = version.attachments[0]
    initiative = version.initiative
    attachment = initiative.attachments.get(pk=cited["id"])
    assert attachment.sha256 == cited["sha256"] and attachment.kind == "pdf"
    client.force_login(initiative.proposer)
    response = client.get(f"/initiatives/{initiative.pk}/attachments/{attachment.pk}/")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
    client.logout()
    assert client.get(f"/initiatives/{initiative.pk}/attachments/{attachment.pk}/") \
        .status_code == 404
