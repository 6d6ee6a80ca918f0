"""Calls for evaluation, their rubric, experts' invitations, bids and conflicts, the
assignment of reviewers, their reviews, and the published assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallState(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    INVITING = "inviting", _("inviting experts")
    REVIEWING = "reviewing", _("under review")
    DECIDED = "decided", _("decided")


class Blind(models.TextChoices):
    SINGLE = "single", _("single-blind (experts see the authors)")
    DOUBLE = "double", _("double-blind (experts do not see the authors)")


class Aggregation(models.TextChoices):
    TRIMMED = "trimmed", _("trimmed mean")
    MEDIAN = "median", _("median")
    MEAN = "mean", _("mean")


class Call(models.Model):
    """A round of evaluation (đợt xét chọn) run by one processing unit."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey("accounts.ProcessingUnit", on_delete=models.PROTECT,
                             related_name="calls", verbose_name=_("processing unit"))
    fields = models.JSONField(_("fields of science and technology"), default=list, blank=True)
    categories = models.JSONField(_("eligible categories"), default=list, blank=True)
    reviewers_per_initiative = models.PositiveSmallIntegerField(_("reviewers per initiative"),
                                                                default=3)
    max_load = models.PositiveSmallIntegerField(_("maximum initiatives per expert"), default=8)
    blind = models.CharField(_("anonymity"), max_length=6, choices=Blind.choices,
                             default=Blind.SINGLE)
    scale_low = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_high = models.PositiveSmallIntegerField(_("highest score"), default=10)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices,
                                   default=Aggregation.TRIMMED)
    disagreement = models.PositiveSmallIntegerField(
        _("disagreement threshold (points of 100)"), default=25,
        help_text=_("When reviewers' totals differ by more, the initiative needs one more "
                    "reviewer."))
    conflict_years = models.PositiveSmallIntegerField(
        _("look-back for former affiliations (years)"), default=3)
    invitations_due = models.DateTimeField(_("answer invitations by"))
    reviews_due = models.DateTimeField(_("submit reviews by"))
    state = models.CharField(_("state"), max_length=10, choices=CallState.choices,
                             default=CallState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    initiatives = models.ManyToManyField("initiatives.Initiative", through="Entry",
                                         related_name="calls")

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_high__gt=models.F("scale_low")),
                                   name="call_scale_not_empty"),
            models.CheckConstraint(condition=Q(reviewers_per_initiative__gte=1, max_load__gte=1),
                                   name="call_k_and_load_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what it means"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0),
                                              name="criterion_weight_positive")]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    SELECTED = "selected", _("selected")
    NOT_SELECTED = "not_selected", _("not selected")


class Entry(models.Model):
    """An initiative taking part in a call, with the unit's decision on it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.PROTECT,
                                   related_name="call_entries")
    added_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices,
                                blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("initiative in a call")
        verbose_name_plural = _("initiatives in calls")
        constraints = [models.UniqueConstraint(fields=["call", "initiative"],
                                               name="one_entry_per_call")]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.initiative_id}"


class InvitationState(models.TextChoices):
    INVITED = "invited", _("invited")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Invitation(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="invitations")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="review_invitations")
    state = models.CharField(max_length=8, choices=InvitationState.choices,
                             default=InvitationState.INVITED)
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["call", "expert"],
                                               name="one_invitation_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.call}"


class BidValue(models.TextChoices):
    EAGER = "eager", _("eager to review")
    WILLING = "willing", _("willing")
    NOT_WILLING = "not_willing", _("not willing")
    CONFLICT = "conflict", _("I have a conflict of interest")


class Bid(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="bids")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE,
                                   related_name="+")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    value = models.CharField(max_length=12, choices=BidValue.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "initiative", "expert"],
                                               name="one_bid_per_pair")]

    def __str__(self) -> str:
        return f"{self.expert} {self.value} {self.initiative_id}"


class ConflictSource(models.TextChoices):
    DETECTED = "detected", _("detected by the platform")
    DECLARED = "declared", _("declared by the expert")
    OFFICER = "officer", _("recorded by an officer")


class ConflictOfInterest(models.Model):
    """A pair that must never be assigned, with the reason."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="conflicts")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE,
                                   related_name="+")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    rule = models.CharField(_("rule"), max_length=14)
    detail = models.CharField(_("reason"), max_length=300)
    source = models.CharField(max_length=8, choices=ConflictSource.choices)
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["call", "initiative", "expert", "rule"],
                                               name="one_conflict_per_rule")]

    def __str__(self) -> str:
        return f"{self.expert} × {self.initiative_id}: {self.rule}"


class ExpertRelation(models.Model):
    """A relation an expert declares once (family, supervisor, business partner …), checked
    against the authors of every initiative in every call."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="declared_relations")
    person_name = models.CharField(_("person"), max_length=150)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("relation"), max_length=80)

    class Meta:
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")

    def __str__(self) -> str:
        return f"{self.expert} — {self.person_name} ({self.kind})"


class Origin(models.TextChoices):
    SOLVER = "solver", _("optimal assignment")
    FAIR = "fair", _("fair assignment")
    MANUAL = "manual", _("assigned by an officer")
    REPAIR = "repair", _("reassignment")


class ReviewAssignment(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignments")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.PROTECT,
                                   related_name="review_assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="review_assignments")
    affinity = models.FloatField(default=0.0)
    explanation = models.JSONField(default=dict)
    origin = models.CharField(max_length=8, choices=Origin.choices)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [models.UniqueConstraint(
            fields=["call", "initiative", "expert"], condition=Q(withdrawn_at__isnull=True),
            name="one_active_assignment_per_pair")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.initiative_id}"


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class Review(models.Model):
    assignment = models.OneToOneField(ReviewAssignment, on_delete=models.PROTECT,
                                      related_name="review")
    scores = models.JSONField(default=dict)  # criterion id (str) → score
    justifications = models.JSONField(default=dict)  # criterion id (str) → text
    comment = models.TextField(_("comment for the authors"), blank=True)
    confidence = models.PositiveSmallIntegerField(_("confidence"), null=True, blank=True)
    state = models.CharField(max_length=10, choices=ReviewState.choices,
                             default=ReviewState.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"review of assignment {self.assignment_id}"


class RunState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class AssignmentRun(models.Model):
    """One run of the solver for a call: its progress, its outcome, and a way to stop it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="runs")
    fair = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    phase = models.CharField(max_length=40, blank=True)
    progress = models.FloatField(default=0.0)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    cancel_requested = models.BooleanField(default=False)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.call_id}: {self.state}"


class Assessment(models.Model):
    """A published assessment of one initiative in one call; a new version on each publication."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="assessments")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.PROTECT,
                                   related_name="assessments")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["call", "initiative", "-version"]
        constraints = [models.UniqueConstraint(fields=["call", "initiative", "version"],
                                               name="one_assessment_version")]

    def __str__(self) -> str:
        return f"assessment {self.initiative_id} v{self.version}"
