"""`load_demo`: the fixed, memorable demo, built step by step through the services.

To add to the demo (initiatives and demands are next), write a step — a function taking
the Context — in its own module of this package and append it to DEMO_STEPS. A step may
use everything earlier steps made: ctx.actor (the demo administrator), ctx.units by code,
ctx.organisations by key, ctx.people by account label, ctx.experts, and ctx.rng / ctx.fake
for reproducible choices. Steps run in one transaction, so a failing step leaves nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction

from sangkien.accounts import services
from sangkien.accounts.models import Role, User
from sangkien.demo import catalogue as cat
from sangkien.demo.context import (
    Context,
    DemoResult,
    create_person,
    database_counts,
    set_demo_password,
)
from sangkien.demo.initiatives import load_demands, load_initiatives, load_routing
from sangkien.demo.people import generated_person, join, make_expert, past_job
from sangkien.geo.models import Province
from sangkien.matching.services import interest_save

DEMO_SEED = 20250801  # the national initiative portal opened in August 2025
EXPERTS_IN_VIETNAM = 13
PROPOSERS = 40

Step = Callable[[Context], None]


def named_email(account: cat.Account) -> str:
    return f"{account.local}@{cat.DEMO_DOMAIN}"


def demo_accounts() -> list[tuple[str, str]]:
    return [(account.label, named_email(account)) for account in cat.NAMED_ACCOUNTS]


def _named(ctx: Context, account: cat.Account) -> User:
    user = create_person(ctx, named_email(account), account.full_name, account.province)
    ctx.people[account.label] = user
    return user


def load_admin(ctx: Context) -> None:
    admin = _named(ctx, cat.ADMIN)
    services.role_grant(admin, Role.ADMIN)
    ctx.actor = admin


def load_units(ctx: Context) -> None:
    """NAFOSTED is nationwide: level "national" with an empty territory, so a province's
    initiative is routed to its own Department first and the national fund stays the
    fallback, instead of every province listing two units."""
    for spec in cat.UNITS:
        territory = [ctx.provinces[spec.province]] if spec.province else []
        ctx.units[spec.code] = services.unit_create(
            code=spec.code,
            name=spec.name,
            level=spec.level,
            territory=territory,
            email=f"{spec.code}@{cat.DEMO_DOMAIN}",
            screening_checklist=cat.SCREENING_CHECKLIST,
            actor=ctx.actor,
        )


def load_officers(ctx: Context) -> None:
    for spec in cat.UNITS:
        unit = ctx.units[spec.code]
        province = spec.province or cat.HA_NOI
        if spec.code == "sokhcn-ha-noi":
            staff = [_named(ctx, cat.LEADER), _named(ctx, cat.OFFICER)]
        else:
            staff = [generated_person(ctx, province)]
        staff += [generated_person(ctx, province) for _ in range(spec.officers - len(staff))]
        for position, officer in enumerate(staff):
            services.unit_officer_add(unit, officer, is_leader=position == 0, actor=ctx.actor)


def load_organisations(ctx: Context) -> None:
    for spec in cat.ORGANISATIONS:
        details = {"tax_code": ctx.fake.numerify("0#########")} if spec.kind == "enterprise" else {}
        ctx.organisations[spec.key] = services.organisation_create(
            name=spec.name,
            kind=spec.kind,
            province=ctx.provinces[spec.province],
            actor=ctx.actor,
            **details,
        )


def load_proposers(ctx: Context) -> None:
    """Authors all over the country; most work somewhere, some changed jobs."""
    rng, orgs = ctx.rng, list(ctx.organisations.values())
    author = _named(ctx, cat.PROPOSER)
    join(ctx, author, ctx.organisations["mekong-agri"], "Kỹ sư nông nghiệp")
    past_job(ctx, author, ctx.organisations["dh-cuu-long"])
    for _ in range(PROPOSERS - 1):
        employer = rng.choice(orgs) if rng.random() < 0.75 else None
        home = employer.province_id if employer and rng.random() < 0.7 else None
        user = generated_person(ctx, home or rng.choice(list(ctx.provinces)))
        if employer is not None:
            join(ctx, user, employer)
            if rng.random() < 0.3:
                past_job(ctx, user, rng.choice([o for o in orgs if o != employer]))


def load_experts(ctx: Context) -> None:
    """Reviewers at home, at universities and institutes, and Vietnamese experts abroad."""
    rng, orgs = ctx.rng, ctx.organisations
    academic = [o for o in orgs.values() if o.kind in ("university", "institute")]
    expert = _named(ctx, cat.EXPERT)
    join(ctx, expert, orgs["dh-song-hong"], "Trưởng bộ môn")
    ctx.experts.append(make_expert(ctx, expert, cat.DISCIPLINES[0], orgs["dh-song-hong"].name))
    abroad = _named(ctx, cat.EXPERT_JAPAN)
    past_job(ctx, abroad, orgs["dh-phuong-nam"])
    japan = cat.ABROAD[0]
    ctx.experts.append(make_expert(ctx, abroad, japan.discipline, japan.affiliation, japan))
    for place in cat.ABROAD[1:]:
        user = generated_person(ctx, None)
        past_job(ctx, user, rng.choice(academic))
        ctx.experts.append(make_expert(ctx, user, place.discipline, place.affiliation, place))
    for _ in range(EXPERTS_IN_VIETNAM - 1):
        host = rng.choice(academic)
        user = generated_person(ctx, host.province_id)
        join(ctx, user, host, rng.choice(("Giảng viên cao cấp", "Nghiên cứu viên cao cấp")))
        ctx.experts.append(make_expert(ctx, user, rng.choice(cat.DISCIPLINES), host.name))


def load_orderers_and_investors(ctx: Context) -> None:
    """Businesses and local authorities that order solutions; funds and incubators."""
    orgs = ctx.organisations
    named: list[tuple[cat.Account, str, str, str]] = [
        (cat.ORDERER, Role.ORDERER, "nam-can", "Giám đốc"),
        (cat.INVESTOR, Role.INVESTOR, "quy-sen-vang", "Giám đốc đầu tư"),
    ]
    for account, role, key, title in named:
        user = _named(ctx, account)
        join(ctx, user, orgs[key], title)
        services.role_grant(user, role, actor=ctx.actor)
        if role == Role.INVESTOR:
            # The fund follows agriculture and engineering in the south, keywords first.
            interest_save(user, ["4", "2"], list(Province.objects.filter(
                pk__in=[cat.HO_CHI_MINH, cat.CAN_THO]).order_by("pk")),
                "năng lượng mặt trời, nông sản, nước sạch")
    for key, title, role in cat.BUYERS:
        user = generated_person(ctx, orgs[key].province_id)
        join(ctx, user, orgs[key], title)
        services.role_grant(user, role, actor=ctx.actor)


DEMO_STEPS: list[Step] = [
    load_admin,
    load_units,
    load_officers,
    load_organisations,
    load_proposers,
    load_experts,
    load_orderers_and_investors,
    load_routing,
    load_demands,
    load_initiatives,
]


def load_demo() -> DemoResult:
    """Load the demo once; later calls find the demo administrator and change nothing."""
    accounts = demo_accounts()
    if User.objects.filter(email=named_email(cat.ADMIN)).exists():
        return DemoResult(accounts, created=False, counts=database_counts())
    started = time.perf_counter()
    with transaction.atomic():
        ctx = Context(seed=DEMO_SEED)
        for step in DEMO_STEPS:
            step(ctx)
        set_demo_password(ctx.user_ids)
    return DemoResult(accounts, seconds=time.perf_counter() - started, counts=database_counts())
