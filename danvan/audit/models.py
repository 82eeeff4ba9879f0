"""The audit log's one table: append-only (decision 0014).

A row is written once and never changed: ``save`` refuses an existing row, ``delete`` refuses always,
and the queryset refuses ``update``/``delete``; only ``AuditEntry.objects.prune(before)`` (the
scheduler's job, services.prune) removes rows, and only those older than the retention. The database
says the same (migration 0002): a trigger refuses every UPDATE (SQLite and PostgreSQL) and, on
PostgreSQL, every DELETE of a row younger than the retention.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """An attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly(_("Nhật ký hệ thống chỉ được ghi thêm, không được sửa."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly(_("Nhật ký hệ thống chỉ được ghi thêm, không được xóa."))

    def prune(self, before: dt.datetime) -> int:
        """Delete the entries older than ``before`` (the retention's end); returns how many."""
        old = self.filter(at__lt=before)
        deleted, _by_model = models.QuerySet.delete(old)
        return deleted


class AuditEntry(models.Model):
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The username at the time: the account may be renamed or deleted later.
    actor_name = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại đối tượng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    changes = models.JSONField(_("thay đổi"), null=True, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-at", "-pk"]
        # Only viewing is granted; the add/change/delete permissions exist but no screen honours them.
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '-'} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnly(_("Nhật ký hệ thống chỉ được ghi thêm, không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly(_("Nhật ký hệ thống chỉ được ghi thêm, không được xóa."))

    @property
    def action_label(self) -> str:
        from .actions import label

        return label(self.action)
