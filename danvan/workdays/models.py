"""The working-day calendar: which days are public holidays, days off and weekend days worked.

A day is a working day when it is Monday–Friday and not listed as a holiday or a day off, or when it
is listed as a workday (a weekend day the Government declares worked in a swap). Rows are seeded from
the ``holidays`` package and reviewed each year by an administrator (``CalendarYear.reviewed_at``);
``manage.py import_calendar`` replaces the days of every year its file contains.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày lễ, Tết")
        DAY_OFF = "day_off", _("Ngày nghỉ bù, hoán đổi")
        WORKDAY = "workday", _("Ngày cuối tuần làm việc")

    class Source(models.TextChoices):
        SEEDED = "seeded", _("Theo luật (gói holidays)")
        IMPORTED = "imported", _("Nhập từ tệp")
        MANUAL = "manual", _("Người quản trị nhập")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên, ghi chú"), max_length=200, blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.MANUAL)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày đặc biệt")
        verbose_name_plural = _("ngày lễ, nghỉ bù và làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class CalendarYear(models.Model):
    """One year of the calendar: seeded from the statutory days, reviewed (or not yet) by a person."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    seeded_at = models.DateTimeField(_("tạo từ ngày lễ theo luật lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("đã rà soát lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người rà soát"),
    )
    note = models.TextField(_("ghi chú (văn bản công bố lịch nghỉ)"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("năm lịch")
        verbose_name_plural = _("các năm lịch")

    def __str__(self) -> str:
        return str(self.year)
