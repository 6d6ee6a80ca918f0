"""The demo's cast: processing units, organisations, disciplines and the named accounts.

Pure data. Every organisation and person is fictional; names only sound like real ones.
Province codes are the official ones of the 34 provinces (1 Hà Nội, 79 TP Hồ Chí Minh, …).
"""

from __future__ import annotations

from typing import NamedTuple

DEMO_DOMAIN = "demo.sangkien.vn"  # the named demo accounts
PEOPLE_DOMAIN = "example.vn"  # every generated person

HA_NOI, HAI_PHONG, HUE, DA_NANG, HO_CHI_MINH, CAN_THO, THAI_NGUYEN = 1, 31, 46, 48, 79, 92, 19


class UnitSpec(NamedTuple):
    code: str
    name: str
    level: str
    province: int | None  # None: a national unit, nationwide (empty territory)
    officers: int  # postings, the leader included


UNITS = (
    UnitSpec(
        "nafosted", "Quỹ Phát triển khoa học và công nghệ Quốc gia (NAFOSTED)", "national", None, 3
    ),
    UnitSpec("sokhcn-ha-noi", "Sở Khoa học và Công nghệ Hà Nội", "provincial", HA_NOI, 3),
    UnitSpec(
        "sokhcn-tp-hcm", "Sở Khoa học và Công nghệ TP. Hồ Chí Minh", "provincial", HO_CHI_MINH, 3
    ),
    UnitSpec("sokhcn-da-nang", "Sở Khoa học và Công nghệ Đà Nẵng", "provincial", DA_NANG, 2),
    UnitSpec("sokhcn-hai-phong", "Sở Khoa học và Công nghệ Hải Phòng", "provincial", HAI_PHONG, 2),
    UnitSpec("sokhcn-can-tho", "Sở Khoa học và Công nghệ Cần Thơ", "provincial", CAN_THO, 2),
    UnitSpec(
        "sokhcn-thai-nguyen", "Sở Khoa học và Công nghệ Thái Nguyên", "provincial", THAI_NGUYEN, 2
    ),
)


class OrganisationSpec(NamedTuple):
    key: str
    name: str
    kind: str
    province: int


ORGANISATIONS = (
    OrganisationSpec("dh-song-hong", "Trường Đại học Công nghệ Sông Hồng", "university", 1),
    OrganisationSpec("dh-phuong-nam", "Trường Đại học Kỹ thuật Phương Nam", "university", 79),
    OrganisationSpec("dh-tay-nguyen", "Trường Đại học Nông Lâm Tây Nguyên", "university", 66),
    OrganisationSpec("dh-mien-trung", "Trường Đại học Y Dược Miền Trung", "university", 46),
    OrganisationSpec("dh-cuu-long", "Trường Đại học Thủy sản Cửu Long", "university", 92),
    OrganisationSpec(
        "dh-thai-nguyen", "Trường Đại học Khoa học Ứng dụng Thái Nguyên", "university", 19
    ),
    OrganisationSpec("dh-duyen-hai", "Trường Đại học Hàng hải Duyên Hải", "university", 31),
    OrganisationSpec("vien-snn", "Viện Công nghệ Sinh học Nông nghiệp Bắc Bộ", "institute", 1),
    OrganisationSpec("vien-nltt", "Viện Nghiên cứu Năng lượng Tái tạo Miền Trung", "institute", 48),
    OrganisationSpec("vien-vl", "Viện Khoa học Vật liệu Ứng dụng Phía Nam", "institute", 79),
    OrganisationSpec("vien-bien", "Viện Nghiên cứu Hải sản và Môi trường Biển", "institute", 56),
    OrganisationSpec("vien-kts", "Viện Kinh tế Số và Đổi mới Sáng tạo", "institute", 1),
    OrganisationSpec(
        "tt-cay-co-mui", "Trung tâm Nghiên cứu Cây có múi Đồng bằng sông Cửu Long", "institute", 86
    ),
    OrganisationSpec(
        "mekong-agri", "Công ty Cổ phần Công nghệ Nông nghiệp Mekong", "enterprise", 91
    ),
    OrganisationSpec("ha-long-auto", "Công ty TNHH Tự động hóa Hạ Long", "enterprise", 22),
    OrganisationSpec("lam-vien", "Công ty Cổ phần Dược liệu Lâm Viên", "enterprise", 68),
    OrganisationSpec("sao-viet", "Công ty TNHH Phần mềm Sao Việt", "enterprise", 48),
    OrganisationSpec("vat-lieu-xanh", "Công ty Cổ phần Vật liệu Xanh Đồng Nai", "enterprise", 75),
    OrganisationSpec("kinh-bac", "Công ty Cổ phần Điện tử Kinh Bắc", "enterprise", 24),
    OrganisationSpec("nam-can", "Công ty TNHH Thủy sản Năm Căn", "enterprise", 96),
    OrganisationSpec(
        "co-khi-nghe-an", "Công ty Cổ phần Cơ khí Chính xác Nghệ An", "enterprise", 40
    ),
    OrganisationSpec(
        "agrisense", "Công ty TNHH Khởi nghiệp Cảm biến Nông nghiệp AgriSense", "enterprise", 79
    ),
    OrganisationSpec(
        "ttud-thanh-hoa", "Trung tâm Ứng dụng Tiến bộ Khoa học và Công nghệ Thanh Hóa", "agency", 38
    ),
    OrganisationSpec("khuyen-nong-gia-lai", "Trung tâm Khuyến nông tỉnh Gia Lai", "agency", 52),
    OrganisationSpec("cds-hai-phong", "Trung tâm Chuyển đổi số thành phố Hải Phòng", "agency", 31),
    OrganisationSpec(
        "bqlkcn-hung-yen", "Ban Quản lý các Khu công nghiệp tỉnh Hưng Yên", "agency", 33
    ),
    OrganisationSpec("quy-sen-vang", "Quỹ Đầu tư Đổi mới Sáng tạo Sen Vàng", "other", 79),
    OrganisationSpec(
        "vuon-uom-song-han", "Vườn ươm Doanh nghiệp Công nghệ cao Sông Hàn", "other", 48
    ),
    OrganisationSpec("quy-thang-long", "Quỹ Khởi nghiệp Đổi mới Sáng tạo Thăng Long", "other", 1),
)

TITLES = {
    "university": ["Giảng viên", "Nghiên cứu sinh", "Trưởng bộ môn", "Sinh viên"],
    "institute": ["Nghiên cứu viên", "Nghiên cứu viên chính", "Trưởng phòng thí nghiệm"],
    "enterprise": ["Kỹ sư", "Trưởng phòng R&D", "Kỹ thuật viên", "Giám đốc kỹ thuật"],
    "agency": ["Chuyên viên", "Phó Giám đốc", "Kỹ sư"],
    "other": ["Chuyên viên đầu tư", "Điều phối viên"],
}


class Discipline(NamedTuple):
    topic_vi: str
    fields: tuple[str, ...]  # codes of core.fields.FIELDS
    keywords_vi: tuple[str, ...]
    keywords_en: tuple[str, ...]


DISCIPLINES = (
    Discipline(
        "trí tuệ nhân tạo",
        ("1.2", "2.2"),
        ("trí tuệ nhân tạo", "xử lý ngôn ngữ tự nhiên", "học máy"),
        ("artificial intelligence", "natural language processing", "machine learning"),
    ),
    Discipline(
        "nuôi trồng thủy sản",
        ("4.1", "1.6"),
        ("nuôi trồng thủy sản", "tôm thẻ chân trắng", "xâm nhập mặn"),
        ("aquaculture", "shrimp farming", "salinity intrusion"),
    ),
    Discipline(
        "năng lượng tái tạo",
        ("2.2", "2.7"),
        ("năng lượng tái tạo", "điện mặt trời", "lưu trữ năng lượng"),
        ("renewable energy", "solar power", "energy storage"),
    ),
    Discipline(
        "khoa học vật liệu",
        ("2.5", "2.10"),
        ("vật liệu nano", "vật liệu composite", "pin lithium"),
        ("nanomaterials", "composites", "lithium batteries"),
    ),
    Discipline(
        "công nghệ sinh học y học",
        ("3.4", "3.1"),
        ("vắc-xin", "chẩn đoán phân tử", "dược liệu"),
        ("vaccines", "molecular diagnostics", "medicinal plants"),
    ),
    Discipline(
        "chọn tạo giống cây trồng",
        ("4.4", "1.6"),
        ("giống cây trồng", "chỉnh sửa gen", "lúa chịu mặn"),
        ("plant breeding", "gene editing", "salt-tolerant rice"),
    ),
    Discipline(
        "môi trường và biến đổi khí hậu",
        ("1.5", "2.7"),
        ("biến đổi khí hậu", "xử lý nước thải", "quan trắc môi trường"),
        ("climate change", "wastewater treatment", "environmental monitoring"),
    ),
    Discipline(
        "robot và tự động hóa",
        ("2.3", "2.2"),
        ("robot công nghiệp", "tự động hóa", "cơ điện tử"),
        ("industrial robotics", "automation", "mechatronics"),
    ),
    Discipline(
        "kinh tế đổi mới sáng tạo",
        ("5.2", "5.6"),
        ("chuyển giao công nghệ", "sở hữu trí tuệ", "khởi nghiệp"),
        ("technology transfer", "intellectual property", "start-ups"),
    ),
    Discipline(
        "đô thị thông minh",
        ("2.1", "1.2"),
        ("đô thị thông minh", "hệ thống thông tin địa lý", "giao thông"),
        ("smart cities", "GIS", "transport"),
    ),
    Discipline(
        "y tế số",
        ("3.2", "3.3"),
        ("y tế số", "khám chữa bệnh từ xa", "dịch tễ học"),
        ("digital health", "telemedicine", "epidemiology"),
    ),
)

# Degree and title, with the range of years of experience that goes with it.
DEGREES = (
    ("Giáo sư, Tiến sĩ", 22, 38),
    ("Phó Giáo sư, Tiến sĩ", 15, 28),
    ("Tiến sĩ", 8, 20),
    ("Tiến sĩ", 8, 20),
    ("Thạc sĩ", 5, 12),
)


class Abroad(NamedTuple):
    country: str
    country_vi: str
    language: str
    affiliation: str
    discipline: Discipline


# Vietnamese experts abroad: one per country, with a fictional host institution.
_AI, _AQUA, _ENERGY, _MATERIALS, _ROBOTS, _CITIES, _HEALTH = (
    DISCIPLINES[i] for i in (0, 1, 2, 3, 7, 9, 10)
)
ABROAD = (
    Abroad("JP", "Nhật Bản", "ja", "Kansai Institute of Science and Technology, Osaka", _ROBOTS),
    Abroad("US", "Hoa Kỳ", "en", "Pacific Coast Polytechnic University, California", _AI),
    Abroad("DE", "Đức", "de", "Institut für Angewandte Energiesysteme, München", _ENERGY),
    Abroad("AU", "Úc", "en", "Southern Cross Institute of Marine Science, Queensland", _AQUA),
    Abroad("FR", "Pháp", "fr", "Institut des Matériaux Avancés, Grenoble", _MATERIALS),
    Abroad("KR", "Hàn Quốc", "ko", "Daejeon Institute of Urban Technology", _CITIES),
    Abroad("SG", "Singapore", "en", "Straits Centre for Digital Health, Singapore", _HEALTH),
)


class Account(NamedTuple):
    """A named demo account: easy email, password DEMO_PASSWORD, listed at `sangkien demo`."""

    label: str
    local: str  # before @demo.sangkien.vn
    full_name: str
    province: int | None


ADMIN = Account("admin", "admin", "Đỗ Quang Huy", HA_NOI)
OFFICER = Account("officer", "canbo.hanoi", "Phạm Thu Hà", HA_NOI)
LEADER = Account("leader", "lanhdao.hanoi", "Nguyễn Đức Thắng", HA_NOI)
PROPOSER = Account("proposer", "tacgia", "Lê Minh Tuấn", 91)
EXPERT = Account("expert", "chuyengia", "Hoàng Thị Mai", HA_NOI)
EXPERT_JAPAN = Account("expert JP", "chuyengia.nhat", "Vũ Thành Long", None)
ORDERER = Account("orderer", "doanhnghiep", "Trần Quốc Bảo", 96)
INVESTOR = Account("investor", "nhadautu", "Phạm Ngọc Anh", HO_CHI_MINH)
NAMED_ACCOUNTS = (ADMIN, OFFICER, LEADER, PROPOSER, EXPERT, EXPERT_JAPAN, ORDERER, INVESTOR)

# Orderers and investors besides the named ones: (organisation key, title, role).
BUYERS = (
    ("bqlkcn-hung-yen", "Phó Trưởng ban", "orderer"),
    ("khuyen-nong-gia-lai", "Giám đốc", "orderer"),
    ("co-khi-nghe-an", "Tổng Giám đốc", "orderer"),
    ("vuon-uom-song-han", "Giám đốc điều hành", "investor"),
    ("quy-thang-long", "Chủ tịch Hội đồng quản lý quỹ", "investor"),
)


# What a Department checks before an initiative goes to review: the items of the Decree 13/2012
# description form, the authors' shares, and the evidence NAFOSTED most often finds missing.
SCREENING_CHECKLIST = (
    "Đơn yêu cầu công nhận sáng kiến có đủ thông tin tác giả và chủ đầu tư",
    "Bản mô tả có đủ các mục theo mẫu (giải pháp đã biết, nội dung, khả năng áp dụng, lợi ích)",
    "Tỷ lệ đóng góp của các đồng tác giả được kê khai và có xác nhận",
    "Có tài liệu chứng minh hiệu quả áp dụng hoặc áp dụng thử",
)
