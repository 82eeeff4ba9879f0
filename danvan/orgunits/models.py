"""Org units: a tree whose levels and kinds are data, with validity dates and successor links.

Communes merge and districts were abolished in 2025: nothing here hard-codes a level. A unit that no
longer exists keeps its rows (its 2023 figures still report), and `Succession` rows say which units
took it over, so old data can be shown in today's structure.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_.-]{1,40}$",
    _("Mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 40 ký tự), ví dụ: VC-VA-DOAN."),
)


class OrgLevel(models.Model):
    """Tỉnh, huyện, xã, ấp… — a row, not an enum: the 2025 reform removed one."""

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("tên cấp"), max_length=100)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), help_text=_("1 = cao nhất (tỉnh); số lớn hơn là cấp dưới.")
    )

    class Meta:
        verbose_name = _("cấp hành chính")
        verbose_name_plural = _("cấp hành chính")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class OrgType(models.Model):
    """What kind of body a unit is: UBND, Đoàn TNCS, Hội Phụ nữ, doanh nghiệp… (rows editors manage)."""

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("tên loại"), max_length=200)
    socio_political = models.BooleanField(
        _("tổ chức chính trị - xã hội"),
        default=False,
        help_text=_("Đoàn, Hội Phụ nữ, Hội Nông dân, Hội CCB, Công đoàn."),
    )

    class Meta:
        verbose_name = _("loại tổ chức")
        verbose_name_plural = _("loại tổ chức")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def active_on(self, day: dt.date) -> "OrgUnitQuerySet":
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )

    def descendants_of(self, unit: "OrgUnit", *, inclusive: bool = False) -> "OrgUnitQuerySet":
        found = self.filter(path__startswith=unit.path)
        return found if inclusive else found.exclude(pk=unit.pk)


class OrgUnit(models.Model):
    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("tên đơn vị"), max_length=255)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    level = models.ForeignKey(OrgLevel, models.PROTECT, null=True, blank=True, verbose_name=_("cấp"))
    org_type = models.ForeignKey(
        OrgType, models.PROTECT, null=True, blank=True, verbose_name=_("loại tổ chức")
    )
    valid_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ sau ngày"), null=True, blank=True)
    # "/VC/VA/VA-DOAN/": codes from the root, kept by save(); subtree queries are one LIKE.
    path = models.CharField(max_length=1000, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=1)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        old_path = None
        if self.pk is not None:
            old_path = OrgUnit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = (self.parent.path if self.parent else "/") + f"{self.code}/"
        self.depth = self.path.count("/") - 1
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:  # moved or re-coded: its subtree follows
            for child in (
                OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).order_by("depth")
            ):
                child.save()

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó.")}
                )
            ancestor = ancestor.parent

    def active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Succession(models.Model):
    """One unit taken over by another (merge, split, rename, transfer) on a date."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        TRANSFER = "transfer", _("Chuyển cấp trên")

    predecessor = models.ForeignKey(
        OrgUnit, models.CASCADE, related_name="successions", verbose_name=_("đơn vị cũ")
    )
    successor = models.ForeignKey(
        OrgUnit, models.CASCADE, related_name="predecessions", verbose_name=_("đơn vị tiếp nhận")
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    share = models.DecimalField(
        _("tỷ lệ tiếp nhận"),
        max_digits=5,
        decimal_places=4,
        default=1,
        help_text=_("Khi chia tách: phần số liệu của đơn vị cũ tính cho đơn vị này (tổng các phần = 1)."),
    )

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="orgunits_succession_pair"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="orgunits_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitMembership(models.Model):
    """Which unit a user works for, and in which role. Rights cover the unit and its subtree."""

    class Role(models.TextChoices):
        DATA_ENTRY = "data_entry", _("Nhập số liệu")
        APPROVER = "approver", _("Duyệt số liệu")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="unit_memberships",
        verbose_name=_("người dùng"),
    )
    org_unit = models.ForeignKey(
        OrgUnit, models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền theo đơn vị")
        verbose_name_plural = _("phân quyền theo đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit", "role"], name="orgunits_membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.org_unit} ({self.get_role_display()})"
