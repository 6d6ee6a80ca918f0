"""The log's tables. Entries, subtree hashes and checkpoints are written once and never
changed or deleted by the application; `sangkien registry audit` checks that storage agrees."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("the registry is append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("the registry is append-only")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("the registry is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("the registry is append-only")


class LogEntry(AppendOnly):
    """One leaf: the canonical JSON (RFC 8785) of what was received, hashes only."""

    index = models.BigIntegerField(_("index"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=40)
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=0)
    body = models.TextField()
    leaf_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["index"]
        constraints = [models.UniqueConstraint(
            fields=["kind", "subject_type", "subject_id", "version"],
            name="one_entry_per_received_version")]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.subject_id} v{self.version}"


class TreeNode(AppendOnly):
    """The hash of a complete subtree: leaves [position·2^level, (position+1)·2^level)."""

    level = models.PositiveSmallIntegerField()
    position = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "position"],
                                               name="one_hash_per_subtree")]

    def __str__(self) -> str:
        return f"{self.level}/{self.position}"


class LogHead(models.Model):
    """The single row every append locks: the size and the right edge of the tree."""

    size = models.BigIntegerField(default=0)
    edge = models.JSONField(default=list)  # hex roots of the complete subtrees, largest first

    def __str__(self) -> str:
        return f"log of {self.size}"


class Checkpoint(AppendOnly):
    """A signed tree head in the C2SP checkpoint format."""

    size = models.BigIntegerField(unique=True)
    root = models.CharField(max_length=64)
    note = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"
