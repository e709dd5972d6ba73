"""The organisation chidao serves: units, who succeeded whom, and the groups directives name."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from chidao.core.models import SearchableModel, TimeStampedModel
from chidao.core.text import fold
from chidao.units.choices import SuccessionKind, SuccessionShare, UnitKind


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        """Units in existence on `day` (validity bounds are inclusive)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def search(self, query: str) -> UnitQuerySet:
        """Accent- and case-insensitive search over names, abbreviations and aliases.

        Every word of the folded query must occur in the unit's folded search text, so
        "so tttt", "Sở TT&TT" and "thong tin truyen thong" all find Sở Thông tin và
        Truyền thông.
        """
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Unit(TimeStampedModel, SearchableModel):
    """An organisation: a province, department, agency, district, commune, enterprise…

    Administrative codes are reused across the 2025 reform (80 was Long An, is Tây Ninh),
    so a unit is keyed on its kind, code *and* the start of its validity. A unit that
    changed only its name keeps its row when the change is a plain rename without a new
    legal person; otherwise a new row starts and a `Succession` links the two.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=16, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh mà đơn vị thuộc về (để lọc nhanh)."),
    )
    name = models.CharField(_("tên chính thức"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    abbreviations = models.JSONField(_("tên viết tắt"), default=list, blank=True)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    code = models.CharField(_("mã hành chính"), max_length=16, blank=True, db_index=True)
    catalogue_key = models.CharField(_("mã danh mục"), max_length=64, blank=True, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "valid_from"],
                condition=~Q(code=""),
                name="units_unit_code_validity_unique",
                violation_error_message=_("Đã có đơn vị cùng loại, cùng mã và cùng ngày hiệu lực."),
            ),
            models.UniqueConstraint(
                fields=["province", "catalogue_key", "valid_from"],
                condition=~Q(catalogue_key=""),
                name="units_unit_catalogue_validity_unique",
                violation_error_message=_(
                    "Tỉnh đã có đơn vị này của danh mục tại ngày hiệu lực đó."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="units_unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "valid_to"], name="units_kind_valid_idx")]

    def __str__(self) -> str:
        return self.name

    def build_search_text(self) -> str:
        parts = [self.name, self.short_name, self.code, *self.abbreviations, *self.aliases]
        folded = [fold(p) for p in parts if p]
        # Abbreviations are also written run together ("Sở LĐTBXH" for "Sở LĐ-TB&XH").
        compact = [fold(a).replace(" ", "") for a in self.abbreviations]
        return " | ".join(dict.fromkeys(folded + compact))

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def successors(self) -> QuerySet[Unit]:
        return Unit.objects.filter(predecessor_links__predecessor=self).distinct()

    def predecessors(self) -> QuerySet[Unit]:
        return Unit.objects.filter(successor_links__successor=self).distinct()

    def current_successors(self, on: dt.date | None = None) -> list[Unit]:
        """The units carrying this one's work on `on` (today by default), following
        successions transitively; the unit itself when it still exists."""
        day = on or dt.date.today()
        if self.is_valid_on(day):
            return [self]
        found: list[Unit] = []
        seen = {self.pk}
        frontier = [self]
        while frontier:
            nxt: list[Unit] = []
            for succ in Succession.objects.filter(predecessor__in=frontier).select_related(
                "successor"
            ):
                unit = succ.successor
                if unit.pk in seen or succ.date > day:
                    continue
                seen.add(unit.pk)
                if unit.is_valid_on(day):
                    found.append(unit)
                else:
                    nxt.append(unit)
            frontier = nxt
        return found


class Succession(TimeStampedModel):
    """One unit took over (all or part of) another's work on a date, by a legal act."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("hình thức"), max_length=16, choices=SuccessionKind.choices)
    share = models.CharField(
        _("phạm vi"), max_length=8, choices=SuccessionShare.choices, default=SuccessionShare.FULL
    )
    date = models.DateField(_("ngày hiệu lực"))
    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    source_document = models.CharField(_("văn bản"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        ordering = ["date", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "date"],
                name="units_succession_unique",
                violation_error_message=_("Quan hệ kế thừa này đã được ghi nhận."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="units_succession_not_self",
                violation_error_message=_("Đơn vị kế thừa phải khác đơn vị cũ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%d/%m/%Y})"


class UnitGroup(TimeStampedModel, SearchableModel):
    """A set of units a directive addresses by one phrase ("các sở, ban, ngành tỉnh").

    Members are the province's units of `member_kinds` valid on the date asked, plus the
    units listed explicitly (the members of the steering committee, say), each through a
    `GroupMembership` row with the dates it joined and left, so the history is kept.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(_("mã"), max_length=64)
    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="unit_groups"
    )
    name = models.CharField(_("tên"), max_length=255)
    aliases = models.JSONField(_("cách gọi khác"), default=list, blank=True)
    member_kinds = models.JSONField(_("loại đơn vị thành viên"), default=list, blank=True)
    members = models.ManyToManyField(
        Unit,
        verbose_name=_("thành viên chỉ định"),
        blank=True,
        related_name="member_of_groups",
        through="GroupMembership",
        through_fields=("group", "unit"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    resolves_to = models.JSONField(
        _("tương ứng với nhóm khác theo thời gian"),
        default=list,
        blank=True,
        help_text=_(
            'Ví dụ “Địa phương”: [{"group": "ubnd-huyen", "valid_to": "2025-06-30"}, '
            '{"group": "ubnd-xa", "valid_from": "2025-07-01"}].'
        ),
    )

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "key"],
                name="units_group_key_unique",
                violation_error_message=_("Tỉnh đã có nhóm đơn vị với mã này."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def build_search_text(self) -> str:
        return " | ".join(fold(p) for p in [self.name, *self.aliases] if p)

    def members_on(self, day: dt.date) -> QuerySet[Unit]:
        """The units this group means on `day`: none outside the group's validity; else the
        units of `member_kinds` valid on `day` in the province or in the provinces merged
        into it (a merged province's group reaches its predecessors' pre-2025 units), plus
        the explicit members valid on `day`."""
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return Unit.objects.none()
        for link in self.resolves_to:
            # A group standing for different groups over time ("địa phương": the district
            # committees until 30/6/2025, the commune committees since) takes theirs.
            start, end = link.get("valid_from"), link.get("valid_to")
            if (start and day.isoformat() < start) or (end and day.isoformat() > end):
                continue
            other = UnitGroup.objects.filter(
                province_id=self.province_id, key=link["group"]
            ).first()
            if other is not None and other.pk != self.pk:
                return other.members_on(day)
        explicit = Q(pk__in=self.memberships.valid_on(day).values("unit_id"))
        if self.member_kinds:
            predecessors = Unit.objects.filter(
                kind=UnitKind.PROVINCE, successor_links__successor_id=self.province_id
            ).values("pk")
            in_province = Q(province_id=self.province_id) | Q(province__in=predecessors)
            wanted = (Q(kind__in=self.member_kinds) & in_province) | explicit
        else:
            wanted = explicit
        return Unit.objects.valid_on(day).filter(wanted).order_by("kind", "name")


class GroupMembershipQuerySet(models.QuerySet["GroupMembership"]):
    def valid_on(self, day: dt.date) -> GroupMembershipQuerySet:
        """Memberships in force on `day` (bounds inclusive, an empty bound is open)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class GroupMembership(TimeStampedModel):
    """A unit named a member of a group from `valid_from` to `valid_to` (both inclusive;
    empty = since the group began / still a member). A unit that leaves keeps its row with
    `valid_to` set; joining again adds a row, so "members on a date" and the history both
    come from these rows."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        UnitGroup, verbose_name=_("nhóm"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="group_memberships"
    )
    valid_from = models.DateField(_("là thành viên từ"), null=True, blank=True)
    valid_to = models.DateField(_("là thành viên đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)
    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên nhóm")
        verbose_name_plural = _("thành viên nhóm")
        ordering = ["group", "unit__name", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "unit", "valid_from"],
                name="units_membership_unique",
                violation_error_message=_("Đơn vị đã là thành viên của nhóm từ ngày này."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="units_membership_validity_ordered",
                violation_error_message=_("Ngày thôi là thành viên phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ∈ {self.group}"

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class Installation(TimeStampedModel):
    """The province this installation serves and its settings (one row)."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    steering_committee_name = models.CharField(
        _("tên Ban Chỉ đạo"), max_length=255, default="Ban Chỉ đạo chuyển đổi số tỉnh"
    )
    due_soon_workdays = models.PositiveSmallIntegerField(
        _("nhắc trước hạn (ngày làm việc)"), default=3
    )

    class Meta:
        verbose_name = _("cài đặt tỉnh")
        verbose_name_plural = _("cài đặt tỉnh")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.province)
