"""Roll-ups of the pipeline, kept from the event log (see `ioc.pipeline`)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NO_DAY = date(1970, 1, 1)  # for counts that are not per day (a unique key cannot hold NULL)


class ItemStage(models.Model):
    """Where each initiative is now, as the roll-ups last saw it."""

    item = models.PositiveBigIntegerField(primary_key=True)
    stage = models.CharField(max_length=16)
    since = models.DateField()
    unit = models.PositiveIntegerField()
    province = models.PositiveIntegerField()
    field = models.CharField(max_length=2, blank=True)
    category = models.CharField(max_length=12)
    person = models.PositiveBigIntegerField(default=0)
    screening_due = models.DateField(null=True)
    council_due = models.DateField(null=True)
    clock = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["unit", "stage", "since"])]

    def __str__(self) -> str:
        return f"{self.item}: {self.stage} since {self.since}"


_KEY = ["metric", "unit", "province", "field", "category", "person", "stage", "day", "bucket"]


class Keyed(models.Model):
    """The key of a count (see `ioc.pipeline.Key`)."""

    metric = models.CharField(max_length=12)
    unit = models.PositiveIntegerField()
    province = models.PositiveIntegerField()
    field = models.CharField(max_length=2, blank=True)
    category = models.CharField(max_length=12)
    person = models.PositiveBigIntegerField()
    stage = models.CharField(max_length=16)
    day = models.DateField()
    bucket = models.IntegerField()

    class Meta:
        abstract = True


class Rollup(Keyed):
    """One additive count under its key, for a day (``span`` d) or, summed, for the month
    starting on `day` (``span`` m): a year's figures read twelve monthly rows per key instead
    of 365 daily ones."""

    span = models.CharField(max_length=1, default="d")
    n = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=[*_KEY, "span"],
                                               name="one_rollup_per_key")]
        indexes = [models.Index(fields=["unit", "metric", "day"]),
                   models.Index(fields=["span", "day"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.unit} {self.stage} {self.day}: {self.n}"


class Step(Keyed):
    """An item behind a count of a day: what a figure of a period drills down to."""

    item = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["unit", "metric", "day"])]

    def __str__(self) -> str:
        return f"{self.item}: {self.metric} {self.stage} {self.day}"


class Target(models.Model):
    """A leader's target: the share of screenings on time a unit (or every unit) should
    reach."""

    unit = models.OneToOneField("accounts.ProcessingUnit", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="ioc_target",
                                verbose_name=_("unit"))
    on_time_share = models.DecimalField(_("screened on time (%)"), max_digits=5,
                                        decimal_places=1)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=models.Q(unit__isnull=True),
                                    name="one_default_target"),
            models.CheckConstraint(condition=models.Q(on_time_share__gte=0,
                                                      on_time_share__lte=100),
                                   name="target_share_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.unit or '*'}: {self.on_time_share}%"


class Alert(models.Model):
    """A deadline alert, once per item, deadline and threshold: the unique key is what
    keeps two alert runs at the same moment from notifying twice."""

    class Threshold(models.TextChoices):
        APPROACHING = "approaching", _("approaching the deadline")
        OVERDUE = "overdue", _("overdue")

    item = models.PositiveBigIntegerField()
    deadline = models.CharField(max_length=12)  # "screening" or "council"
    due = models.DateField()
    threshold = models.CharField(max_length=12, choices=Threshold.choices)
    unit = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "deadline", "due", "threshold"],
                                               name="one_alert_per_threshold")]

    def __str__(self) -> str:
        return f"{self.item} {self.deadline} {self.threshold}"


class Report(models.Model):
    """A weekly or monthly report of one unit (or of every unit), made on schedule with
    the dashboard's own figures for that period and scope."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    unit = models.ForeignKey("accounts.ProcessingUnit", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="ioc_reports",
                             verbose_name=_("unit"))  # none: every unit
    xlsx = models.BinaryField()
    pdf = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start", "unit"],
                                    name="one_report_per_period_and_unit"),
            models.UniqueConstraint(fields=["kind", "start"],
                                    condition=models.Q(unit__isnull=True),
                                    name="one_all_units_report_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}–{self.end} {self.unit or '*'}"
