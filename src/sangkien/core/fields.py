"""Fields of science and technology: the OECD Fields of Science (FOS 2007) that Vietnam uses.

Pure data: major fields 1–6 and their sub-fields, each with its English and Vietnamese name.
"""

from __future__ import annotations

from typing import NamedTuple


class ScienceField(NamedTuple):
    code: str
    name_en: str
    name_vi: str


FIELDS: tuple[ScienceField, ...] = (
    ScienceField("1", "Natural sciences", "Khoa học tự nhiên"),
    ScienceField("1.1", "Mathematics", "Toán học"),
    ScienceField("1.2", "Computer and information sciences", "Khoa học máy tính và thông tin"),
    ScienceField("1.3", "Physical sciences", "Vật lý"),
    ScienceField("1.4", "Chemical sciences", "Hóa học"),
    ScienceField("1.5", "Earth and related environmental sciences", "Khoa học trái đất và môi trường liên quan"),
    ScienceField("1.6", "Biological sciences", "Sinh học"),
    ScienceField("1.7", "Other natural sciences", "Khoa học tự nhiên khác"),
    ScienceField("2", "Engineering and technology", "Khoa học kỹ thuật và công nghệ"),
    ScienceField("2.1", "Civil engineering", "Kỹ thuật dân dụng"),
    ScienceField("2.2", "Electrical, electronic and information engineering", "Kỹ thuật điện, điện tử, thông tin"),
    ScienceField("2.3", "Mechanical engineering", "Kỹ thuật cơ khí"),
    ScienceField("2.4", "Chemical engineering", "Kỹ thuật hóa học"),
    ScienceField("2.5", "Materials engineering", "Kỹ thuật vật liệu"),
    ScienceField("2.6", "Medical engineering", "Kỹ thuật y học"),
    ScienceField("2.7", "Environmental engineering", "Kỹ thuật môi trường"),
    ScienceField("2.8", "Environmental biotechnology", "Công nghệ sinh học môi trường"),
    ScienceField("2.9", "Industrial biotechnology", "Công nghệ sinh học công nghiệp"),
    ScienceField("2.10", "Nano-technology", "Công nghệ nano"),
    ScienceField("2.11", "Other engineering and technologies", "Kỹ thuật và công nghệ khác"),
    ScienceField("3", "Medical and health sciences", "Khoa học y, dược"),
    ScienceField("3.1", "Basic medicine", "Y học cơ sở"),
    ScienceField("3.2", "Clinical medicine", "Y học lâm sàng"),
    ScienceField("3.3", "Health sciences", "Khoa học sức khỏe"),
    ScienceField("3.4", "Health biotechnology", "Công nghệ sinh học y học"),
    ScienceField("3.5", "Other medical sciences", "Khoa học y, dược khác"),
    ScienceField("4", "Agricultural sciences", "Khoa học nông nghiệp"),
    ScienceField("4.1", "Agriculture, forestry and fisheries", "Nông nghiệp, lâm nghiệp và thủy sản"),
    ScienceField("4.2", "Animal and dairy science", "Chăn nuôi"),
    ScienceField("4.3", "Veterinary science", "Thú y"),
    ScienceField("4.4", "Agricultural biotechnology", "Công nghệ sinh học nông nghiệp"),
    ScienceField("4.5", "Other agricultural sciences", "Khoa học nông nghiệp khác"),
    ScienceField("5", "Social sciences", "Khoa học xã hội"),
    ScienceField("5.1", "Psychology", "Tâm lý học"),
    ScienceField("5.2", "Economics and business", "Kinh tế và kinh doanh"),
    ScienceField("5.3", "Educational sciences", "Khoa học giáo dục"),
    ScienceField("5.4", "Sociology", "Xã hội học"),
    ScienceField("5.5", "Law", "Pháp luật"),
    ScienceField("5.6", "Political science", "Khoa học chính trị"),
    ScienceField("5.7", "Social and economic geography", "Địa lý kinh tế và xã hội"),
    ScienceField("5.8", "Media and communications", "Thông tin đại chúng và truyền thông"),
    ScienceField("5.9", "Other social sciences", "Khoa học xã hội khác"),
    ScienceField("6", "Humanities", "Khoa học nhân văn"),
    ScienceField("6.1", "History and archaeology", "Lịch sử và khảo cổ học"),
    ScienceField("6.2", "Languages and literature", "Ngôn ngữ học và văn học"),
    ScienceField("6.3", "Philosophy, ethics and religion", "Triết học, đạo đức học và tôn giáo"),
    ScienceField("6.4", "Arts", "Nghệ thuật"),
    ScienceField("6.5", "Other humanities", "Khoa học nhân văn khác"),
)

FIELDS_BY_CODE = {f.code: f for f in FIELDS}


def field_name(code: str, language: str) -> str:
    field = FIELDS_BY_CODE[code]
    return field.name_vi if language.startswith("vi") else field.name_en


def major_field(code: str) -> str:
    return code.split(".", 1)[0]
