"""Visit statistics: daily roll-ups only. No raw IP, no cookie; visitor keys live at most 48 hours.

Definitions (also on the public page "Về số liệu thống kê truy cập"):
- a visitor is sha256(daily salt + IP + user agent); the salt is random, one per calendar day in
  Asia/Ho_Chi_Minh, and is deleted after two days, so keys cannot be linked across days;
- a visit is a run of page views by one visitor with no gap longer than 30 minutes (and, since the
  key changes at midnight, within one day);
- "today" is the calendar day in Asia/Ho_Chi_Minh.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailySalt(models.Model):
    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class VisitorState(models.Model):
    """One visitor of one day: when last seen, to tell a new visit from the next page of a visit."""

    digest = models.CharField(max_length=64, primary_key=True)
    day = models.DateField(db_index=True)
    last_seen = models.DateTimeField(db_index=True)
    hits_in_visit = models.PositiveIntegerField(default=0)
    hits_today = models.PositiveIntegerField(default=0)
    minute = models.BigIntegerField(default=0)  # the current minute (Unix time // 60) …
    minute_hits = models.PositiveIntegerField(default=0)  # … and the beacons in it: the rate limit

    def __str__(self) -> str:
        return f"{self.day} {self.digest[:8]}…"


class DailyTotals(models.Model):
    day = models.DateField(_("ngày"), unique=True)
    visits = models.PositiveBigIntegerField(_("lượt truy cập"), default=0)
    visitors = models.PositiveBigIntegerField(_("người truy cập"), default=0)
    page_views = models.PositiveBigIntegerField(_("lượt xem trang"), default=0)

    class Meta:
        verbose_name = _("số liệu trong ngày")
        verbose_name_plural = _("số liệu theo ngày")

    def __str__(self) -> str:
        return f"{self.day}: {self.visits}"


class DailyPageViews(models.Model):
    day = models.DateField(_("ngày"))
    path = models.CharField(_("đường dẫn"), max_length=300)
    views = models.PositiveBigIntegerField(_("lượt xem"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="analytics_day_path")]

    def __str__(self) -> str:
        return f"{self.day} {self.path}: {self.views}"


class DailyBreakdown(models.Model):
    """Visits per day by where they came from (referrer domain) and by device class."""

    class Dimension(models.TextChoices):
        REFERRER = "referrer", _("Nguồn truy cập")
        DEVICE = "device", _("Loại thiết bị")

    day = models.DateField(_("ngày"))
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    value = models.CharField(max_length=200)
    visits = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "dimension", "value"], name="analytics_day_dimension_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.value}: {self.visits}"


class FlushedBatch(models.Model):
    """A batch of counters moved from Redis to these tables: recorded so that none is applied twice."""

    batch_id = models.CharField(max_length=64, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.batch_id
