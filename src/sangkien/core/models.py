"""The shared kernel's tables: the domain-event outbox, its consumers' cursors, notifications."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a recorded domain event."""


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("domain events are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("domain events are append-only")


class Event(models.Model):
    """One thing that happened, written in the same transaction as the change it describes.

    Consumers read events in id order; `core.events.record_event` guarantees that ids become
    visible in increasing order, so a consumer's cursor never skips a late commit.
    """

    type = models.CharField(_("type"), max_length=80, db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=80)
    subject_id = models.CharField(_("subject id"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.ProcessingUnit", verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    payload = models.JSONField(_("payload"), default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("domain events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("domain events are append-only")


class EventCursor(models.Model):
    """How far one consumer has read the event log."""

    consumer = models.CharField(max_length=80, primary_key=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.consumer} @ {self.position}"


class Notification(models.Model):
    """A message in a user's account, created by an event consumer."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="+")
    # The English source text (marked with gettext_noop) and its parameters: the message is
    # translated when shown, so each reader sees it in their own language.
    text = models.CharField(_("text"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        constraints = [
            # A consumer that runs twice over the same event must not notify twice.
            models.UniqueConstraint(
                fields=["recipient", "event"], name="notification_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        params = {k: gettext(v) if isinstance(v, str) and v else v for k, v in self.params.items()}
        return gettext(self.text) % params


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("day off (holiday)")
    WORKING = "working", _("working day (e.g. a Saturday swapped for a holiday)")
    NOT_HOLIDAY = "not_holiday", _("not a day off after all")


class CalendarDay(models.Model):
    """An admin's change to the built-in Vietnamese public-sector calendar for one day.

    The built-in calendar knows the statutory holidays and the announced swaps up to its last
    update; each year the government announces new ones, which admins enter here.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=DayKind.choices)
    note = models.CharField(_("note or source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
