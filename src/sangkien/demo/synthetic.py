"""`seed(scale)`: synthetic data for benchmarks, through the same services as the demo.

Per unit of scale: 1,000 people (200 of them experts, 20 officers, 20 orderers, 10
investors, the rest proposers), 100 organisations and 10 processing units. A run is
identified by its scale: its emails are `seed-<scale>-<n>@example.vn` and its unit codes
`seed-<scale>-<n>`, so it never collides with the demo or with a run of another scale, and
running the same scale again finds its first account and changes nothing.
"""

from __future__ import annotations

import time
from typing import NamedTuple

from django.db import transaction

from sangkien.accounts import services
from sangkien.accounts.models import Organisation, Role, User
from sangkien.demo import catalogue as cat
from sangkien.demo.context import Context, DemoResult, database_counts, set_demo_password
from sangkien.demo.people import generated_person, join, make_expert, past_job

MAX_SCALE = 100


class SeedSize(NamedTuple):
    """How much one unit of scale makes."""

    people: int = 1000
    organisations: int = 100
    units: int = 10
    officers_per_unit: int = 2
    experts: int = 200
    orderers: int = 20
    investors: int = 10


_KINDS = {"enterprise": 50, "university": 15, "institute": 15, "agency": 12, "other": 8}
_PREFIXES = {
    "university": ("Trường Đại học",),
    "institute": ("Viện Nghiên cứu", "Viện Khoa học"),
    "enterprise": ("Công ty Cổ phần", "Công ty TNHH"),
    "agency": ("Trung tâm", "Ban Quản lý"),
    "other": ("Hợp tác xã", "Quỹ Hỗ trợ", "Vườn ươm"),
}
_THEMES = (
    "Công nghệ Sinh học",
    "Cơ khí Chính xác",
    "Phần mềm",
    "Năng lượng Xanh",
    "Nông nghiệp Công nghệ cao",
    "Thủy sản",
    "Vật liệu Mới",
    "Điện tử",
    "Dược liệu",
    "Môi trường",
    "Tự động hóa",
    "Chuyển đổi số",
)


def seed(scale: int) -> DemoResult:
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be a whole number from 1 to {MAX_SCALE}, not {scale!r}")
    return _seed(scale, SeedSize())


def _seed(scale: int, size: SeedSize) -> DemoResult:
    title = f"Seed data (scale {scale})"
    prefix = f"seed-{scale}-"
    if User.objects.filter(email=f"{prefix}1@{cat.PEOPLE_DOMAIN}").exists():
        return DemoResult(created=False, title=title, counts=database_counts())
    started = time.perf_counter()
    with transaction.atomic():
        ctx = Context(seed=scale)
        codes = list(ctx.provinces)
        people = [
            generated_person(ctx, ctx.rng.choice(codes), email_prefix=prefix)
            for _ in range(size.people * scale)
        ]
        _units(ctx, scale, size, people[: size.units * size.officers_per_unit * scale], prefix)
        organisations = _organisations(ctx, size.organisations * scale)
        _affiliations_and_roles(ctx, size, scale, people, organisations)
        set_demo_password(ctx.user_ids)
    return DemoResult(
        created=True, title=title, seconds=time.perf_counter() - started, counts=database_counts()
    )


def _units(ctx: Context, scale: int, size: SeedSize, officers: list[User], prefix: str) -> None:
    provinces = list(ctx.provinces.values())
    for n in range(size.units * scale):
        national = n % size.units == 0
        province = provinces[n % len(provinces)]
        unit = services.unit_create(
            code=f"{prefix}{n + 1}",
            level="national" if national else "provincial",
            name=f"Đơn vị thử nghiệm {n + 1} – "
            + ("cấp quốc gia" if national else f"Sở Khoa học và Công nghệ {province.name}"),
            territory=[] if national else [province],
        )
        staff = officers[n * size.officers_per_unit : (n + 1) * size.officers_per_unit]
        for position, officer in enumerate(staff):
            services.unit_officer_add(unit, officer, is_leader=position == 0)


def _organisations(ctx: Context, count: int) -> list[Organisation]:
    rng, provinces = ctx.rng, list(ctx.provinces.values())
    kinds, weights = list(_KINDS), list(_KINDS.values())
    made = []
    for n in range(count):
        kind = rng.choices(kinds, weights=weights)[0]
        province = rng.choice(provinces)
        place = province.name.removeprefix("Thành phố ")
        made.append(
            services.organisation_create(
                name=f"{rng.choice(_PREFIXES[kind])} {rng.choice(_THEMES)} {place} {n + 1}",
                kind=kind,
                province=province,
                tax_code=ctx.fake.numerify("0#########") if kind == "enterprise" else "",
            )
        )
    return made


def _affiliations_and_roles(
    ctx: Context,
    size: SeedSize,
    scale: int,
    people: list[User],
    organisations: list[Organisation],
) -> None:
    rng = ctx.rng
    academic = [o for o in organisations if o.kind in ("university", "institute")]
    officers = size.units * size.officers_per_unit * scale
    experts = people[officers : officers + size.experts * scale]
    buyers = people[officers + len(experts) :][: (size.orderers + size.investors) * scale]
    per_scale = size.orderers + size.investors
    for n, user in enumerate(buyers):
        services.role_grant(user, Role.ORDERER if n % per_scale < size.orderers else Role.INVESTOR)
    for user in experts:
        abroad = rng.choice(cat.ABROAD) if rng.random() < 0.1 else None
        host = rng.choice(academic or organisations)
        if abroad:
            past_job(ctx, user, host)
        else:
            join(ctx, user, host)
        if abroad:
            make_expert(ctx, user, abroad.discipline, abroad.affiliation, abroad)
        else:
            make_expert(ctx, user, rng.choice(cat.DISCIPLINES), host.name)
    for user in people[officers + len(experts) :]:
        if rng.random() < 0.7:
            join(ctx, user, rng.choice(organisations))
            if rng.random() < 0.2:
                past_job(ctx, user, rng.choice(organisations))
