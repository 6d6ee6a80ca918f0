"""Copy the vietnam-provinces package's offline list into our tables, idempotently."""

from __future__ import annotations

from typing import Any

from vietnam_provinces import Province as SourceProvince
from vietnam_provinces import VietNamDivisionType
from vietnam_provinces import Ward as SourceWard

from sangkien.core.text import fold, nfc

_PROVINCE_KIND = {
    VietNamDivisionType.TINH: "tinh",
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: "thanh_pho",
}
_WARD_KIND = {
    VietNamDivisionType.XA: "xa",
    VietNamDivisionType.PHUONG: "phuong",
    VietNamDivisionType.DAC_KHU: "dac_khu",
}


def load_places(province_model: Any, ward_model: Any) -> tuple[int, int]:
    """Insert or update every province and ward; returns (provinces, wards) in the source.

    Takes the model classes so that a data migration can pass its historical models.
    """
    provinces = [
        province_model(
            code=int(p.code), name=nfc(p.name), kind=_PROVINCE_KIND[p.division_type],
            codename=p.codename, name_folded=fold(p.name),
        )
        for p in SourceProvince.iter_all()
    ]
    wards = [
        ward_model(
            code=int(w.code), name=nfc(w.name), kind=_WARD_KIND[w.division_type],
            codename=w.codename, province_id=int(w.province_code), name_folded=fold(w.name),
        )
        for w in SourceWard.iter_all()
    ]
    fields = ["name", "kind", "codename", "name_folded"]
    province_model.objects.bulk_create(
        provinces, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )
    ward_model.objects.bulk_create(
        wards, batch_size=500, update_conflicts=True, unique_fields=["code"],
        update_fields=[*fields, "province_id"],
    )
    return len(provinces), len(wards)
