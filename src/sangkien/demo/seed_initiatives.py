"""Many initiatives at once, for benchmarks: `sangkien seed --scale N --initiatives M`.

They are written with bulk inserts, not through `services.initiative_create/submit`: a hundred
thousand initiatives through the services (one transaction, version and event each) would take
most of an hour, and the benchmarks measure reading the catalogue, not writing. So these rows
have no versions, authors or events; everything the catalogue reads is set exactly as the
services set it (state, province, fields, TRL, category, receipt time, and `public_text_folded`
from `services.public_text_folded`).

Titles and summaries are composed from Vietnamese phrases, so searches hit a realistic share of
rows. The proposers are the seed run's own people; running again tops up to M, never beyond.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from sangkien.accounts.models import FIELD_CODES, ProcessingUnit, User
from sangkien.demo import catalogue as cat
from sangkien.geo.models import Province
from sangkien.initiatives.models import Initiative
from sangkien.initiatives.services import public_text_folded

BATCH = 5000
MAX_INITIATIVES = 1_000_000

_ACTIONS = ("Hệ thống", "Giải pháp", "Thiết bị", "Quy trình", "Phần mềm", "Mô hình",
            "Công nghệ", "Ứng dụng", "Nền tảng", "Phương pháp")
_OBJECTS = ("tưới tiết kiệm nước", "sấy nông sản bằng năng lượng mặt trời",
            "cảnh báo sạt lở đất", "quan trắc chất lượng không khí", "xử lý nước thải làng nghề",
            "truy xuất nguồn gốc nông sản", "chẩn đoán bệnh cây trồng",
            "quản lý hồ sơ hành chính", "điều khiển đèn chiếu sáng công cộng",
            "giám sát ao nuôi tôm", "tái chế rác thải nhựa", "bảo quản thủy sản sau thu hoạch",
            "dự báo nhu cầu điện", "hỗ trợ dạy học trực tuyến", "phát hiện cháy rừng sớm",
            "sản xuất phân bón hữu cơ", "đo độ mặn nước sông", "lọc nước uống cho vùng lũ")
_MEANS = ("dùng cảm biến IoT", "dựa trên trí tuệ nhân tạo", "giá rẻ tự chế tạo",
          "cho hợp tác xã", "quy mô hộ gia đình", "ứng dụng thị giác máy tính",
          "kết nối điện thoại di động", "dùng vật liệu địa phương", "cho doanh nghiệp nhỏ",
          "tích hợp năng lượng tái tạo")
_BENEFITS = ("giảm 30% chi phí vận hành", "tăng năng suất lao động", "giảm ô nhiễm môi trường",
             "rút ngắn thời gian xử lý", "tiết kiệm điện năng", "nâng cao thu nhập cho nông dân",
             "giảm thất thoát sau thu hoạch", "cảnh báo sớm rủi ro thiên tai")
# How a real portal's catalogue is spread over the lifecycle (drafts and withdrawn are hidden).
_STATES = {"submitted": 18, "screening": 12, "returned": 3, "in_review": 20, "selected": 10,
           "not_selected": 10, "in_adoption": 6, "adopted": 6, "closed": 5, "draft": 7,
           "withdrawn": 3}


def seed_initiatives(scale: int, count: int) -> tuple[int, float]:
    """Top the seed run's initiatives up to `count`; returns (created, seconds)."""
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_INITIATIVES:
        raise ValueError(f"initiatives must be a whole number from 0 to {MAX_INITIATIVES:,}")
    prefix = f"seed-{scale}-"
    proposers = list(User.objects.filter(email__startswith=prefix).values_list("pk", flat=True))
    if not proposers:
        raise ValueError(f"run `sangkien seed --scale {scale}` first: it makes the people")
    have = Initiative.objects.filter(proposer_id__in=proposers).count()
    started = time.perf_counter()
    rng = random.Random(f"initiatives-{scale}")
    provinces = list(Province.objects.values_list("code", flat=True))
    units: list[int | None] = [*ProcessingUnit.objects.filter(code__startswith=prefix)
                               .values_list("pk", flat=True)] or [None]
    fields = sorted(FIELD_CODES)
    states, weights = list(_STATES), list(_STATES.values())
    now = timezone.now()
    for start in range(have, count, BATCH):
        rows = [_initiative(rng, n, proposers, provinces, units, fields, states, weights, now)
                for n in range(start, min(start + BATCH, count))]
        with transaction.atomic():
            Initiative.objects.bulk_create(rows)
    return max(count - have, 0), time.perf_counter() - started


def _initiative(rng: random.Random, n: int, proposers: list[int], provinces: list[int],
                units: list[int | None], fields: list[str], states: list[str],
                weights: list[int], now: datetime) -> Initiative:
    state = rng.choices(states, weights)[0]
    thing, discipline = rng.choice(_OBJECTS), rng.choice(cat.DISCIPLINES)
    title = f"{rng.choice(_ACTIONS)} {thing} {rng.choice(_MEANS)} (số {n + 1})"
    summary = (f"Sáng kiến về {thing}, {rng.choice(_BENEFITS)} và {rng.choice(_BENEFITS)}, "
               f"vận dụng {rng.choice(discipline.keywords_vi)}.")
    received = None if state == "draft" else now - timedelta(minutes=rng.randrange(3 * 525_600))
    initiative = Initiative(
        proposer_id=rng.choice(proposers), title=title, summary=summary,
        description="Nội dung bảo mật của bản mô tả.",
        fields=rng.sample(fields, rng.choice((1, 2))),
        trl=rng.randint(1, 9), category="breakthrough" if rng.random() < 0.15 else "ordinary",
        province_id=rng.choice(provinces), state=state,
        unit_id=None if state == "draft" else rng.choice(units),
        first_received_at=received, received_at=received, created_at=received or now,
    )
    initiative.public_text_folded = public_text_folded(initiative)
    return initiative
