"""Initiatives and demands, their frozen versions, authors and attachments."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.initiatives.lifecycle import State


class InitiativeState(models.TextChoices):
    DRAFT = State.DRAFT.value, _("draft")
    SUBMITTED = State.SUBMITTED.value, _("submitted")
    SCREENING = State.SCREENING.value, _("screening")
    RETURNED = State.RETURNED.value, _("returned for revision")
    IN_REVIEW = State.IN_REVIEW.value, _("in review")
    SELECTED = State.SELECTED.value, _("selected")
    NOT_SELECTED = State.NOT_SELECTED.value, _("not selected")
    IN_ADOPTION = State.IN_ADOPTION.value, _("in adoption")
    ADOPTED = State.ADOPTED.value, _("adopted")
    CLOSED = State.CLOSED.value, _("closed")
    WITHDRAWN = State.WITHDRAWN.value, _("withdrawn")


class Category(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    BREAKTHROUGH = "breakthrough", _("breakthrough")
    ORDERED = "ordered", _("ordered (answers a demand)")


class Initiative(models.Model):
    """An idea, research result or solution. `summary` is public; the rest is confidential
    until the proposer publishes it (`description_public`)."""

    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="initiatives", verbose_name=_("proposer"))
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="initiatives",
                                     verbose_name=_("proposing organisation"))
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), max_length=3000)
    description = models.TextField(_("full description"), blank=True)
    # The official description form (Decree 13/2012).
    current_solution = models.TextField(_("current solution and its weaknesses"), blank=True)
    purpose = models.TextField(_("purpose of the proposed solution"), blank=True)
    novelty = models.TextField(_("novelty"), blank=True)
    steps = models.TextField(_("steps of the solution"), blank=True)
    applicability = models.TextField(_("applicability"), blank=True)
    expected_benefits = models.TextField(_("expected benefits"), blank=True)
    money_saved = models.DecimalField(_("money saved (VND)"), max_digits=18, decimal_places=0,
                                      null=True, blank=True,
                                      validators=[MinValueValidator(Decimal(0))])
    money_saved_method = models.TextField(_("how the money saved was calculated"), blank=True)
    fields = models.JSONField(_("fields of science and technology"), default=list)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        validators=[MinValueValidator(1), MaxValueValidator(9)])
    category = models.CharField(_("category"), max_length=12, choices=Category.choices,
                                default=Category.ORDINARY)
    demand = models.ForeignKey("Demand", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="answers", verbose_name=_("answers the demand"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT,
                                 related_name="initiatives", verbose_name=_("province"))
    ward = models.ForeignKey("geo.Ward", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="initiatives", verbose_name=_("commune or ward"))
    state = models.CharField(_("state"), max_length=12, choices=InitiativeState.choices,
                             default=InitiativeState.DRAFT, db_index=True)
    unit = models.ForeignKey("accounts.ProcessingUnit", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="initiatives",
                             verbose_name=_("handling unit"))
    description_public = models.BooleanField(_("full description published"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    first_received_at = models.DateTimeField(_("first received"), null=True, blank=True)
    received_at = models.DateTimeField(_("last received"), null=True, blank=True)
    screening_due = models.DateField(_("screening due"), null=True, blank=True)
    # Items of the unit's checklist the officer has confirmed, by their text.
    screening_checks = models.JSONField(_("screening checks"), default=list, blank=True)
    # Title and summary folded ("Hà Nội" → "ha noi") for diacritic-insensitive search of the
    # public parts; never the confidential text.
    public_text_folded = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(trl__gte=1, trl__lte=9), name="trl_1_to_9"),
            models.CheckConstraint(
                condition=~Q(category="ordered") | Q(demand__isnull=False),
                name="ordered_initiative_answers_a_demand"),
        ]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_listed(self) -> bool:
        """Listed in the public catalogue: received and not withdrawn."""
        return self.state not in (InitiativeState.DRAFT, InitiativeState.WITHDRAWN)


class InitiativeAuthor(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="authorships")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    share = models.DecimalField(_("contribution share (%)"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01")),
                                            MaxValueValidator(Decimal(100))])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=Q(share__gt=0, share__lte=100),
                                              name="author_share_in_range")]

    def __str__(self) -> str:
        return f"{self.name} ({self.share}%)"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploaded name: paths must not be guessable or carry user text.
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE,
                                   related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=20)
    mime_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Taken off the current draft but kept, because a frozen version cites it.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class InitiativeVersion(models.Model):
    """The content as received at one submission, frozen: never updated, never deleted."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT,
                                   related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)
    attachments = models.JSONField(default=list)
    received_at = models.DateTimeField()

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["initiative", "number"]
        constraints = [models.UniqueConstraint(fields=["initiative", "number"],
                                               name="one_version_number_per_initiative")]

    def __str__(self) -> str:
        return f"{self.initiative_id} v{self.number}"


class RoutingRule(models.Model):
    """Which unit handles initiatives from a province and/or a field (most specific wins)."""

    unit = models.ForeignKey("accounts.ProcessingUnit", on_delete=models.CASCADE,
                             related_name="routing_rules")
    province = models.ForeignKey("geo.Province", null=True, blank=True, on_delete=models.CASCADE)
    field_prefix = models.CharField(_("field code or prefix"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [models.UniqueConstraint(fields=["province", "field_prefix"],
                                               name="one_unit_per_route")]

    def __str__(self) -> str:
        return f"{self.province or '*'} / {self.field_prefix or '*'} → {self.unit}"


class DemandState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    AWARDED = "awarded", _("awarded")


class Demand(models.Model):
    """A problem a business or a local authority orders a solution for (đặt hàng)."""

    orderer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="demands", verbose_name=_("orderer"))
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="demands")
    title = models.CharField(_("title"), max_length=255)
    problem = models.TextField(_("the problem"))
    outcome = models.TextField(_("the outcome wanted"))
    budget_min = models.DecimalField(_("budget from (VND)"), max_digits=18, decimal_places=0,
                                     validators=[MinValueValidator(Decimal(0))])
    budget_max = models.DecimalField(_("budget up to (VND)"), max_digits=18, decimal_places=0,
                                     validators=[MinValueValidator(Decimal(0))])
    deadline = models.DateField(_("deadline"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT,
                                 related_name="demands")
    fields = models.JSONField(_("fields of science and technology"), default=list)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=DemandState.choices,
                             default=DemandState.OPEN, db_index=True)
    awarded_to = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Title, problem and outcome folded for diacritic-insensitive search (a demand is public).
    public_text_folded = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_max__gte=models.F("budget_min")),
                                   name="demand_budget_range_ordered"),
            models.CheckConstraint(condition=~Q(state="awarded") | Q(awarded_to__isnull=False),
                                   name="awarded_demand_names_its_initiative"),
        ]

    def __str__(self) -> str:
        return self.title
