"""The two-level administrative map of 1 July 2025: 34 provinces and 3,321 communes/wards.

Primary keys are the official codes, so reloading the list is idempotent and other tables
can refer to a place by the code everyone uses.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sangkien.core.text import fold


class ProvinceKind(models.TextChoices):
    PROVINCE = "tinh", _("province")
    CITY = "thanh_pho", _("centrally-run city")


class WardKind(models.TextChoices):
    COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    SPECIAL_ZONE = "dac_khu", _("special zone")


class Province(models.Model):
    code = models.PositiveSmallIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=ProvinceKind.choices)
    codename = models.CharField(max_length=100, unique=True)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Ward(models.Model):
    """A commune (xã), ward (phường) or special zone (đặc khu)."""

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=WardKind.choices)
    codename = models.CharField(max_length=120)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="wards"
    )
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        verbose_name = _("commune or ward")
        verbose_name_plural = _("communes and wards")
        ordering = ["province_id", "code"]

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)
