"""Demo steps for routing, demands and initiatives, driven through the real services so the
demo's initiatives pass through every state of their lifecycle with real events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sangkien.accounts.models import Role, UnitLevel, User
from sangkien.demo import catalogue as cat
from sangkien.demo.context import Context
from sangkien.demo.documents import description_pdf
from sangkien.demo.initiative_texts import DEMANDS, INITIATIVES, InitiativeText
from sangkien.initiatives import attachments, demands, services
from sangkien.initiatives.models import Category, Demand, Initiative
from sangkien.initiatives.services import AuthorShare

_DEADLINES = (date(2027, 3, 1), date(2027, 12, 31))
_SCREENED = ["submit", "start_screening", "accept_for_review"]
_ADOPTION = [*_SCREENED, "select", "start_adoption"]
# One path per initiative, in turn: every state of the lifecycle appears in the demo.
PATHS: tuple[list[str], ...] = (
    [], ["submit"], ["submit", "start_screening"],
    ["submit", "start_screening", "return_for_revision"],
    ["submit", "start_screening", "return_for_revision", "resubmit"],
    _SCREENED, [*_SCREENED, "select"], [*_SCREENED, "not_select"],
    ["submit", "start_screening", "reject"], _ADOPTION, [*_ADOPTION, "mark_adopted"],
    [*_ADOPTION, "mark_adopted", "close"], ["submit", "withdraw"],
)
REASONS = {
    "return_for_revision": "Đề nghị bổ sung cách tính số tiền làm lợi và minh chứng thử nghiệm.",
    "reject": "Hồ sơ không thuộc phạm vi khoa học và công nghệ của đợt tiếp nhận.",
    "select": "Hội đồng đánh giá cao tính mới và khả năng áp dụng rộng.",
    "not_select": "Chưa chứng minh được hiệu quả so với giải pháp hiện có.",
    "withdraw": "Tác giả rút để hoàn thiện thêm kết quả thử nghiệm.",
}


def load_routing(ctx: Context) -> None:
    for unit in ctx.units.values():
        if unit.level == UnitLevel.PROVINCIAL:
            services.routing_rule_set(unit, provinces=list(unit.territory.all()),
                                      actor=ctx.actor)


def _orderer_of(ctx: Context, organisation_key: str) -> User:
    organisation = ctx.organisations[organisation_key]
    member = (User.objects.filter(memberships__organisation=organisation,
                                  role_grants__role=Role.ORDERER).order_by("id").first())
    return member or ctx.people["orderer"]


def load_demands(ctx: Context) -> None:
    for text in DEMANDS:
        orderer = _orderer_of(ctx, text.organisation)
        demands.demand_post(orderer, {
            "title": text.title, "problem": text.problem, "outcome": text.outcome,
            "budget_min": Decimal(text.budget[0]), "budget_max": Decimal(text.budget[1]),
            "deadline": ctx.day_between(*_DEADLINES), "province": ctx.provinces[text.province],
            "fields": list(text.fields), "contact_name": orderer.full_name,
            "contact_email": f"dathang{ctx.rng.randint(100, 999)}@example.vn",
            "organisation": ctx.organisations[text.organisation],
        })
    records = Demand.objects.get(title=DEMANDS[-1].title)
    demands.demand_close(records, records.orderer, reason="Đã chọn được đơn vị thực hiện.")


def _proposers(ctx: Context) -> list[User]:
    named = ctx.people["proposer"]
    others = (User.objects.filter(pk__in=ctx.user_ids).exclude(pk=named.pk)
              .exclude(role_grants__role__in=[Role.OFFICER, Role.ADMIN, Role.ORDERER,
                                              Role.INVESTOR, Role.EXPERT])
              .order_by("id"))
    return [named] * 5 + list(others)


def _authors(ctx: Context, proposer: User, pool: list[User]) -> list[AuthorShare]:
    shares = ctx.rng.choice((["100"], ["70", "30"], ["50", "30", "20"]))
    people = [proposer, *ctx.rng.sample([p for p in pool if p != proposer], len(shares) - 1)]
    return [AuthorShare(p.full_name, s, p.email, p) for p, s in zip(people, shares, strict=True)]


def _content(ctx: Context, text: InitiativeText) -> dict[str, object]:
    content: dict[str, object] = {
        "title": text.title, "summary": text.summary, "description": text.description,
        "current_solution": text.current_solution, "novelty": text.novelty,
        "purpose": f"Khắc phục hạn chế hiện nay: {text.current_solution.lower()}",
        "steps": "Khảo sát hiện trạng; thiết kế và chế tạo thử; thử nghiệm thực địa; hoàn thiện.",
        "applicability": f"Áp dụng được tại {ctx.provinces[text.province].name} và các "
                         "địa phương có điều kiện tương tự.",
        "expected_benefits": "Giảm chi phí, tăng năng suất và giảm tác động đến môi trường.",
        "fields": list(text.fields), "trl": text.trl, "category": text.category,
        "province": ctx.provinces[text.province],
    }
    if ctx.rng.random() < 0.5:
        content["money_saved"] = Decimal(ctx.rng.randrange(50, 900) * 1_000_000)
        content["money_saved_method"] = "So sánh chi phí một năm trước và sau khi áp dụng."
    if text.category == Category.ORDERED:
        content["demand"] = (Demand.objects.filter(province_id=text.province, state="open")
                             .order_by("id").first())
    return content


def _walk(initiative: Initiative, path: list[str]) -> None:
    proposer = initiative.proposer
    for name in path:
        initiative.refresh_from_db()
        officer = (User.objects.filter(postings__unit=initiative.unit).order_by("id").first()
                   if initiative.unit_id else None)
        if name in ("submit", "resubmit"):
            if name == "resubmit":
                services.initiative_update(initiative, proposer, {
                    "money_saved_method": "Bảng tính chi tiết chi phí trước và sau áp dụng "
                                          "tại hai hợp tác xã, kèm hóa đơn."})
            services.initiative_submit(initiative, proposer)
        elif name == "withdraw":
            services.initiative_transition(initiative, name, proposer, REASONS[name])
        elif officer is not None:  # every demo unit has officers
            services.initiative_transition(initiative, name, officer, REASONS.get(name, ""),
                                           checks=cat.SCREENING_CHECKLIST)


def load_initiatives(ctx: Context) -> None:
    proposers = _proposers(ctx)
    for n, text in enumerate(INITIATIVES):
        proposer = proposers[n % len(proposers)]
        initiative = services.initiative_create(proposer, _content(ctx, text),
                                                _authors(ctx, proposer, proposers[5:]))
        if n % 3 != 2:  # most proposers attach their description as a PDF
            attachments.attachment_add(initiative, proposer, SimpleUploadedFile(
                "ban-mo-ta-sang-kien.pdf", description_pdf(text.title), "application/pdf"))
        _walk(initiative, PATHS[n % len(PATHS)])
    _award_an_answered_demand()


def _award_an_answered_demand() -> None:
    answer = (Initiative.objects.filter(category=Category.ORDERED,
                                        state__in=["in_review", "selected", "in_adoption"])
              .select_related("demand").order_by("id").first())
    if answer is not None and answer.demand is not None:
        demands.demand_award(answer.demand, answer, answer.demand.orderer)


