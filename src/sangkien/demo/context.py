"""What the demo and seed loaders share: the result, the run's context, and making a person."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from faker import Faker

from sangkien.accounts import services
from sangkien.accounts.models import ExpertProfile, Organisation, ProcessingUnit, User
from sangkien.core.models import Event
from sangkien.core.text import nfc
from sangkien.geo.models import Province

DEMO_PASSWORD = "sangkien-demo-2025"  # noqa: S105 - published demo credentials


@dataclass
class DemoResult:
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (role label, email)
    created: bool = True  # False: the data was already there, nothing was written
    seconds: float = 0.0
    title: str = "Demo data"
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        state = f"loaded in {self.seconds:.1f} s" if self.created else "already present"
        counts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"{self.title} {state}; the database holds {counts}."


def database_counts() -> dict[str, int]:
    experts = ExpertProfile.objects.all()
    return {
        "users": User.objects.count(),
        "processing units": ProcessingUnit.objects.count(),
        "organisations": Organisation.objects.count(),
        "experts": experts.count(),
        "experts abroad": experts.exclude(country="VN").count(),
        "events": Event.objects.count(),
    }


@dataclass
class Context:
    """One loader run: seeded randomness, the actor, and what has been made so far."""

    seed: int
    actor: User | None = None  # the administrator acting; None is the platform itself
    rng: random.Random = field(init=False)
    fake: Faker = field(init=False)
    provinces: dict[int, Province] = field(init=False)
    units: dict[str, ProcessingUnit] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)  # named accounts by label
    experts: list[ExpertProfile] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    email_serial: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.fake = Faker("vi_VN")
        self.fake.seed_instance(self.seed)  # this instance only, not Faker's global state
        self.provinces = Province.objects.in_bulk()

    def phone(self) -> str:
        return self.fake.numerify(self.rng.choice(("09", "03", "08", "07")) + "########")

    def day_between(self, start: date, end: date) -> date:
        return self.fake.date_between_dates(start, end)


def create_person(
    ctx: Context,
    email: str,
    full_name: str,
    province: Province | int | None = None,
) -> User:
    """A person who signed up and confirmed their email, the way tests' make_user does it."""
    if isinstance(province, int):
        province = ctx.provinces[province]
    user = User.objects.create_user(
        email, None, full_name=nfc(full_name), province=province, phone=ctx.phone()
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    services.user_register(user)
    ctx.user_ids.append(user.pk)
    return user


def set_demo_password(user_ids: list[int]) -> None:
    """Give every account DEMO_PASSWORD, hashed once.

    The production hasher takes ~0.5 s per hash on purpose; hashing per account would make
    the demo take a minute. One hash written to every account made in this run is the only
    direct write of the loaders, and it is not domain state (no event describes a password).
    """
    hashed = make_password(DEMO_PASSWORD)
    for start in range(0, len(user_ids), 500):
        User.objects.filter(pk__in=user_ids[start : start + 500]).update(password=hashed)
