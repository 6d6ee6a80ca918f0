"""The search index's documents and builds, investors' interests and duplicate flags."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    INITIATIVE = "initiative", _("initiative")
    DEMAND = "demand", _("demand")
    EXPERT = "expert", _("expert")


class SearchDocument(models.Model):
    """The analysed text of one initiative, demand or expert profile, as the index holds it.

    `public_tokens` come from what anyone may read; `full_tokens` (initiatives only) from the
    whole text. `generation` orders writes, so every process can pick up what changed since
    the index it has loaded was built.
    """

    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    public_tokens = models.TextField(blank=True)
    full_tokens = models.TextField(blank=True)
    facts = models.JSONField(default=dict)
    generation = models.BigIntegerField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"],
                                               name="one_search_document_per_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


def _new_epoch() -> str:
    return uuid.uuid4().hex


class IndexCounter(models.Model):
    """One row; writers of documents lock it, so generations commit in increasing order."""

    generation = models.BigIntegerField(default=0)
    # Changes when the table is emptied (a restored database, a test): processes then reload.
    epoch = models.CharField(max_length=32, default=_new_epoch)

    def __str__(self) -> str:
        return f"generation {self.generation}"


class IndexBuild(models.Model):
    """A built index on disk: every document up to `generation` is in it."""

    generation = models.BigIntegerField()
    directory = models.CharField(max_length=500)
    documents = models.PositiveIntegerField()
    seconds = models.FloatField()
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"build {self.pk} (generation {self.generation})"


class InvestorInterest(models.Model):
    """What an investor follows: fields, provinces and words."""

    investor = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="investor_interest")
    fields = models.JSONField(_("fields of science and technology"), default=list, blank=True)
    provinces = models.ManyToManyField("geo.Province", blank=True, verbose_name=_("provinces"))
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("investor interest")
        verbose_name_plural = _("investor interests")

    def __str__(self) -> str:
        return str(self.investor)


class DuplicateFlag(models.Model):
    """A received initiative that resembles an earlier one, for the officer to look at."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE,
                                   related_name="duplicate_flags")
    other = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE,
                              related_name="+")
    score = models.FloatField()
    passages = models.JSONField(default=list)  # from the other's public text
    detected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["initiative", "other"],
                                               name="one_flag_per_pair")]

    def __str__(self) -> str:
        return f"{self.initiative_id} ~ {self.other_id}"
