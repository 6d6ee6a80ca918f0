"""Making people: generated names and emails, affiliations with dates, expert profiles."""

from __future__ import annotations

from datetime import date, timedelta

from sangkien.accounts import services
from sangkien.accounts.models import ExpertProfile, Membership, Organisation, User
from sangkien.core.text import nfc
from sangkien.demo.catalogue import DEGREES, PEOPLE_DOMAIN, TITLES, Abroad, Discipline
from sangkien.demo.context import Context, create_person
from sangkien.demo.names import email_local_part, vietnamese_name
from sangkien.geo.models import Province

# Fixed dates, not today's: the same demo on every run, and "ended" is always in the past.
_EARLIEST_START = date(2008, 1, 1)
_LATEST_START = date(2024, 6, 30)
_LATEST_END = date(2024, 12, 31)


def generated_person(
    ctx: Context,
    province: Province | int | None,
    *,
    email_prefix: str = "",
) -> User:
    """Someone with a generated Vietnamese name and an email on the reserved example.vn.

    With email_prefix the address is `<prefix><n>@example.vn` (seed runs); otherwise it
    reads like the name, e.g. `lan.nguyen.12@example.vn`, the number keeping it unique.
    """
    full_name = vietnamese_name(ctx.rng)
    ctx.email_serial += 1
    local = email_prefix or f"{email_local_part(full_name)}."
    return create_person(ctx, f"{local}{ctx.email_serial}@{PEOPLE_DOMAIN}", full_name, province)


def join(
    ctx: Context,
    user: User,
    organisation: Organisation,
    title: str = "",
) -> Membership:
    """A current affiliation that started some years ago."""
    started = ctx.day_between(_EARLIEST_START, _LATEST_START)
    return services.membership_add(
        organisation,
        user,
        title=nfc(title or ctx.rng.choice(TITLES[organisation.kind])),
        started_on=started,
        actor=user,
    )


def past_job(ctx: Context, user: User, organisation: Organisation) -> Membership:
    """An affiliation that ended: conflicts of interest look back several years."""
    started = ctx.day_between(_EARLIEST_START, date(2018, 12, 31))
    ended = min(_LATEST_END, started + timedelta(days=ctx.rng.randint(300, 2200)))
    return services.membership_add(
        organisation,
        user,
        title=ctx.rng.choice(TITLES[organisation.kind]),
        started_on=started,
        ended_on=ended,
        actor=user,
    )


def make_expert(
    ctx: Context,
    user: User,
    discipline: Discipline,
    affiliation: str,
    abroad: Abroad | None = None,
) -> ExpertProfile:
    """The expert profile a reviewer declares: fields, keywords in both languages, a short CV."""
    rng = ctx.rng
    degree, fewest, most = rng.choice(DEGREES)
    years = rng.randint(fewest, most)
    extra = rng.choice(discipline.keywords_vi[1:])
    if abroad is None:
        biography = (
            f"{degree} chuyên ngành {discipline.topic_vi}, hơn {years} năm nghiên cứu và "
            f"giảng dạy tại {affiliation}. Chủ nhiệm {rng.randint(2, 9)} đề tài khoa học và "
            f"công nghệ cấp {rng.choice(('bộ', 'tỉnh', 'quốc gia'))}; quan tâm đến {extra} "
            f"và ứng dụng vào sản xuất."
        )
        languages = ["vi", "en"]
    else:
        biography = (
            f"{degree}, nhà khoa học người Việt đang làm việc tại {abroad.country_vi} "
            f"({affiliation}). Hơn {years} năm kinh nghiệm về {discipline.topic_vi}, đặc biệt "
            f"là {extra}; sẵn sàng phản biện trực tuyến các sáng kiến trong nước."
        )
        languages = list(dict.fromkeys(["vi", "en", abroad.language]))
    keywords = [*rng.sample(discipline.keywords_vi, 2), *rng.sample(discipline.keywords_en, 2)]
    return services.expert_profile_save(
        user,
        fields=discipline.fields,
        keywords=[nfc(k) for k in keywords],
        languages=languages,
        country=abroad.country if abroad else "VN",
        affiliation=nfc(affiliation),
        biography=nfc(biography),
        available=rng.random() > 0.1,
        actor=user,
    )
