"""Initiatives under review and experts with profiles, made by the real services; importable
from any test (the browser journey uses them too)."""

from __future__ import annotations

from personas import HA_NOI, make_user

from sangkien.accounts.models import ExpertProfile, ProcessingUnit, Role, UnitLevel
from sangkien.accounts.services import unit_create
from sangkien.geo.models import Province
from sangkien.initiatives import services as intake
from sangkien.initiatives.services import AuthorShare

TOPICS = [
    ("Cảm biến độ mặn cho ruộng lúa", "Cảm biến đo độ mặn nước tưới theo thời gian thực.",
     ["2.2"]),
    ("Vắc-xin cúm gia cầm thế hệ mới", "Vắc-xin tái tổ hợp phòng cúm gia cầm H5N1.", ["3.1"]),
    ("Phân bón vi sinh từ rơm rạ", "Ủ rơm rạ thành phân bón vi sinh cho lúa.", ["4.1"]),
    ("Phần mềm nhận dạng sâu bệnh lúa", "Ứng dụng học sâu nhận dạng sâu bệnh lúa qua ảnh.",
     ["1.2"]),
]
EXPERTS = [
    ("GS. Phạm Văn Cảm", ["2.2"], ["cảm biến", "độ mặn", "điện tử"]),
    ("PGS. Lê Thị Vắc", ["3.1"], ["vắc-xin", "cúm", "miễn dịch"]),
    ("TS. Đỗ Văn Phân", ["4.1"], ["phân bón", "vi sinh", "rơm rạ"]),
    ("TS. Hoàng Minh Máy", ["1.2"], ["học sâu", "nhận dạng", "ảnh"]),
    ("TS. Vũ Thị Lúa", ["4.1", "1.2"], ["lúa", "sâu bệnh", "nông nghiệp"]),
    ("Dr. Tran Abroad", ["2.2", "1.2"], ["sensor", "deep learning", "lúa"]),
]


def make_initiatives(proposer, officer, count=4):
    hanoi = Province.objects.get(code=HA_NOI)
    if not ProcessingUnit.objects.filter(level=UnitLevel.NATIONAL).exists():
        unit_create(code="nafosted", name="NAFOSTED", level=UnitLevel.NATIONAL)
    intake.routing_rule_set(officer.units.first(), provinces=[hanoi])
    made = []
    for n in range(count):
        title, summary, fields = TOPICS[n % len(TOPICS)]
        initiative = intake.initiative_create(proposer, {
            "title": f"{title} ({n + 1})" if n >= len(TOPICS) else title, "summary": summary,
            "description": summary + " Mô tả chi tiết.", "current_solution": "Thủ công.",
            "purpose": "Tăng năng suất.", "novelty": summary, "applicability": "Cả nước.",
            "expected_benefits": "Giảm chi phí.", "fields": fields, "trl": 5,
            "province": hanoi}, [AuthorShare("Nguyễn Thị Lan", "100", user=proposer)])
        intake.initiative_submit(initiative, proposer)
        intake.initiative_transition(initiative, "start_screening", officer)
        intake.initiative_transition(initiative, "accept_for_review", officer)
        initiative.refresh_from_db()
        made.append(initiative)
    return made


def make_experts(count=6):
    experts = []
    for n in range(count):
        name, fields, keywords = EXPERTS[n % len(EXPERTS)]
        user = make_user(f"expert{n}@example.vn", name, roles=(Role.EXPERT,))
        ExpertProfile.objects.create(user=user, fields=fields, keywords=keywords,
                                     biography=" ".join(keywords),
                                     country="DE" if "Abroad" in name else "VN")
        experts.append(user)
    return experts
