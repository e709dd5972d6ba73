"""Setting up a province: its standard bodies, the groups directives address, and the
installation row. The catalogue itself (names, abbreviations, the 2025 successions of
departments) is vnextract's data; this module turns it into units of one province.

Public API: :func:`init_province`, :func:`create_province_catalogue`,
:func:`find_province_code`, :class:`CatalogueResult`, :class:`ProvinceNotFound`,
:class:`ProvinceInitError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from chidao.core import audit
from chidao.core.permissions import Action, require
from chidao.core.text import fold
from chidao.units.choices import SuccessionKind, SuccessionShare, UnitKind
from chidao.units.loaders import (
    LAST_OLD_DAY,
    REFORM_DAY,
    AdminData,
    LoadResult,
    Writer,
    load_admin_units,
    read_admin_data,
)
from chidao.units.models import GroupMembership, Installation, Succession, Unit, UnitGroup
from vnextract.catalogue import Body, fill_province, load_bodies, load_groups, load_successions

CATALOGUE_SOURCE = "catalogue"
PROVINCE_MERGER_SOURCE = (
    "Nghị quyết 202/2025/QH15 ngày 12/06/2025 của Quốc hội về sắp xếp đơn vị hành chính "
    "cấp tỉnh; hiệu lực 01/07/2025"
)

#: Bodies the catalogue lists for every province that exist only in some, by province code
#: (old or new). Sở Quy hoạch - Kiến trúc: Hà Nội and TP Hồ Chí Minh only (bodies.yaml
#: header). Sở Du lịch: the provinces known to keep a separate department (not verified
#: province by province; others fold tourism into Sở VH-TT&DL).
ONLY_IN: dict[str, frozenset[str]] = {
    "so-qhkt": frozenset({"01", "79"}),
    "so-dl": frozenset({"01", "79", "48", "22"}),
}

_TINH = re.compile(r"\btỉnh\b")
_CITY_WORDS = (("Tỉnh ủy", "Thành ủy"), ("Tỉnh Đoàn", "Thành Đoàn"), ("Tỉnh đoàn", "Thành đoàn"))


class ProvinceNotFound(LookupError):
    """No current province matches the name or code; the message lists close matches."""


class ProvinceInitError(RuntimeError):
    """The installation already serves another province."""


@dataclass
class CatalogueResult:
    """What setting up a province wrote (counts of rows created or changed)."""

    units_created: int = 0
    units_updated: int = 0
    successions_created: int = 0
    groups_created: int = 0
    groups_updated: int = 0
    members_created: int = 0
    installation_created: bool = False
    load: LoadResult | None = None
    provinces: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created
            or self.units_updated
            or self.successions_created
            or self.groups_created
            or self.groups_updated
            or self.members_created
            or self.installation_created
            or (self.load is not None and self.load.changed)
        )

    def summary(self, province: Unit) -> str:
        """One line in Vietnamese for `chidao init`."""
        return (
            f"Đã khởi tạo {province.name} ({province.code}): {self.units_created} cơ quan "
            f"tạo mới, {self.units_updated} cập nhật, {self.successions_created} quan hệ kế "
            f"thừa, {self.groups_created} nhóm đơn vị tạo mới, {self.members_created} "
            "thành viên nhóm" + ("." if self.changed else " — không có thay đổi.")
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "units_created": self.units_created,
            "units_updated": self.units_updated,
            "successions_created": self.successions_created,
            "groups_created": self.groups_created,
            "groups_updated": self.groups_updated,
            "members_created": self.members_created,
            "installation_created": self.installation_created,
            "provinces": self.provinces,
        }


# --- finding the province ----------------------------------------------------------------


def _bare(query: str) -> str:
    """The folded name without "tỉnh", "thành phố", "TP"."""
    folded = fold(query)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if folded.startswith(prefix):
            return folded[len(prefix) :].strip()
    return folded


def find_province_code(name_or_code: str, data: AdminData | None = None) -> str:
    """The code of the current province named by `name_or_code`: its code ("20") or its
    name with or without accents and "tỉnh"/"thành phố" ("Lang Son", "tỉnh Lạng Sơn").

    Raises :class:`ProvinceNotFound` with the close matches, and for a province merged on
    1/7/2025 the one it now belongs to.
    """
    data = data or read_admin_data()
    query = name_or_code.strip()
    current = data.provinces("new")
    by_code = {p.code: p for p in current}
    if query.isdigit() and query.zfill(2) in by_code:
        return query.zfill(2)
    wanted = _bare(query)
    for p in current:
        if wanted in {_bare(p.name), fold(p.short_name)}:
            return p.code
    hints: list[str] = []
    for old in data.provinces("old"):
        if wanted in {_bare(old.name), fold(old.short_name)} or query == old.code:
            successors = [
                ln.new_code
                for ln in data.links
                if ln.new_kind == UnitKind.PROVINCE and ln.old_code == old.code
            ]
            names = ", ".join(f"{by_code[c].name} ({c})" for c in successors if c in by_code)
            hints.append(f"{old.name} đã sáp nhập vào {names} từ 01/07/2025.")
    choices = {fold(p.short_name): p for p in current}
    close = difflib.get_close_matches(wanted, list(choices), n=5, cutoff=0.6)
    message = f"Không tìm thấy tỉnh, thành phố “{name_or_code}”."
    if hints:
        message += " " + " ".join(hints)
    if close:
        message += " Gần giống: " + ", ".join(
            f"{choices[c].short_name} ({choices[c].code})" for c in close
        )
    raise ProvinceNotFound(message)


# --- one province's bodies ---------------------------------------------------------------


def _is_city(province: Unit) -> bool:
    return province.name.lower().startswith("thành phố")


def _localise(text: str, city: bool) -> str:
    """Catalogue names say "tỉnh"; the six centrally-run cities say "thành phố"."""
    if not city:
        return text
    for old, new in _CITY_WORDS:
        text = text.replace(old, new)
    return _TINH.sub("thành phố", text)


def _province_phrase(province: Unit) -> str:
    """ "tỉnh Lạng Sơn" / "thành phố Hà Nội" for "Sở Nội vụ tỉnh Lạng Sơn"."""
    short = province.short_name or province.name
    return f"{'thành phố' if _is_city(province) else 'tỉnh'} {short}"


def _body_end(body: Body) -> dt.date | None:
    """The body's last day: its last name's end, or the day before a succession hands it
    over to another body, whichever is earlier (a body the catalogue dissolves ends then
    even when its name interval was left open)."""
    end = body.valid_to
    for s in load_successions():
        if body.key in s.from_keys and body.key not in s.to_keys:
            handed = s.date - dt.timedelta(days=1)
            end = handed if end is None or handed < end else end
    return end


def _later(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else min(a, b)


@dataclass(frozen=True, slots=True)
class _Window:
    """The part of time a province row covers: (None, 30/6/2025) for a predecessor of a
    merged province, (1/7/2025, None) for the merged one, (None, None) otherwise."""

    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _texts(items: Sequence[str], province: Unit, city: bool) -> list[str]:
    short = province.short_name or province.name
    out: list[str] = []
    for item in items:
        filled = fill_province(item, short)
        out += [_localise(filled, city), filled]
    return list(dict.fromkeys(out))


class _Builder:
    """Creates or updates the bodies of one province row inside one window."""

    def __init__(self, province: Unit, window: _Window, result: CatalogueResult) -> None:
        self.province = province
        self.window = window
        self.result = result
        self.city = _is_city(province)
        self.rows: dict[str, list[Unit]] = {}

    def build(self) -> None:
        for body in load_bodies():
            allowed = ONLY_IN.get(body.key)
            if allowed is not None and self.province.code not in allowed:
                continue
            end = _body_end(body)
            rows: list[Unit] = []
            for n in body.names:
                start = _later(n.valid_from, self.window.start)
                stop = _earlier(_earlier(n.valid_to, end), self.window.end)
                if start is not None and stop is not None and start > stop:
                    continue
                rows.append(self._unit(body, n.name, start, stop))
            for a, b in itertools.pairwise(rows):
                assert b.valid_from is not None  # a later name interval has a start
                _succession(a, b, SuccessionKind.RENAME, b.valid_from, "", "", self.result)
            if rows:
                self.rows[body.key] = rows
        self._successions()

    def _unit(self, body: Body, template: str, start: dt.date | None, stop: dt.date | None) -> Unit:
        short = self.province.short_name or self.province.name
        name = _localise(fill_province(template, short), self.city)
        aliases = _texts(body.aliases, self.province, self.city)
        if "{province}" not in template and "tỉnh" not in template:
            # The catalogue implies the "… tỉnh" variants of a department's name.
            level = "thành phố" if self.city else "tỉnh"
            aliases += [f"{name} {level}", f"{name} {_province_phrase(self.province)}"]
        if self.city and name != fill_province(template, short):
            aliases.append(fill_province(template, short))
        values: dict[str, Any] = {
            "kind": body.kind,
            "name": name,
            "short_name": "",
            "abbreviations": _texts(body.abbreviations, self.province, self.city),
            "aliases": [a for a in dict.fromkeys(aliases) if a != name],
            "valid_to": stop,
            "parent": self.province,
            "source": CATALOGUE_SOURCE,
        }
        unit = Unit.objects.filter(
            province=self.province, catalogue_key=body.key, valid_from=start
        ).first()
        if unit is None:
            unit = Unit(province=self.province, catalogue_key=body.key, valid_from=start, **values)
            unit.save()
            self.result.units_created += 1
            return unit
        changed = [k for k, v in values.items() if getattr(unit, k) != v]
        if changed:
            for k in changed:
                setattr(unit, k, values[k])
            unit.save(update_fields=[*changed, "updated_at"])
            self.result.units_updated += 1
        return unit

    def row_on(self, key: str, day: dt.date) -> Unit | None:
        return next((u for u in self.rows.get(key, []) if u.is_valid_on(day)), None)

    def _successions(self) -> None:
        for s in load_successions():
            if not self.window.covers(s.date) or not self.window.covers(
                s.date - dt.timedelta(days=1)
            ):
                continue
            note = "; ".join(
                f"chuyển chức năng {t.functions} sang {self._name(t.to, s.date)}"
                for t in s.transfers
            )
            for pred_key in s.from_keys:
                pred = self.row_on(pred_key, s.date - dt.timedelta(days=1))
                for i, succ_key in enumerate(s.to_keys):
                    succ = self.row_on(succ_key, s.date)
                    if pred is None or succ is None or pred.pk == succ.pk:
                        continue
                    share = SuccessionShare.FULL if i == 0 else SuccessionShare.PARTIAL
                    _succession(pred, succ, s.kind, s.date, s.source, note, self.result, share)

    def _name(self, key: str, day: dt.date) -> str:
        unit = self.row_on(key, day)
        return unit.name if unit else key


def _succession(
    pred: Unit,
    succ: Unit,
    kind: str,
    date: dt.date,
    source: str,
    note: str,
    result: CatalogueResult,
    share: str = SuccessionShare.FULL,
) -> None:
    values = {"kind": kind, "share": share, "source_document": source[:300], "note": note}
    obj = Succession.objects.filter(predecessor=pred, successor=succ, date=date).first()
    if obj is None:
        Succession.objects.create(predecessor=pred, successor=succ, date=date, **values)
        result.successions_created += 1
        return
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=[*changed, "updated_at"])


def _groups(province: Unit, result: CatalogueResult) -> None:
    for g in load_groups():
        values: dict[str, Any] = {
            "name": g.name,
            "aliases": list(g.aliases),
            "member_kinds": list(g.member_kinds),
            "valid_from": g.valid_from,
            "valid_to": g.valid_to,
            "resolves_to": [
                {
                    "group": r.group,
                    "valid_from": r.valid_from.isoformat() if r.valid_from else None,
                    "valid_to": r.valid_to.isoformat() if r.valid_to else None,
                }
                for r in g.resolves_to
            ],
        }
        group = UnitGroup.objects.filter(province=province, key=g.key).first()
        if group is None:
            UnitGroup.objects.create(province=province, key=g.key, **values)
            result.groups_created += 1
            continue
        changed = [k for k, v in values.items() if getattr(group, k) != v]
        if changed:
            for k in changed:
                setattr(group, k, values[k])
            group.save(update_fields=[*changed, "updated_at"])
            result.groups_updated += 1


COMMITTEE_MEMBERS = Path(__file__).parent / "data" / "committee-members.yaml"


@functools.cache
def committee_members() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Committee catalogue key → (source, member catalogue keys), from
    ``data/committee-members.yaml``."""
    raw = yaml.safe_load(COMMITTEE_MEMBERS.read_text(encoding="utf-8")) or {}
    return {
        str(key): (str(c.get("source") or ""), tuple(str(m) for m in c.get("members") or []))
        for key, c in (raw.get("committees") or {}).items()
    }


def _members(province: Unit, predecessors: list[Unit], result: CatalogueResult) -> None:
    """Give each group that names a committee (`membership:` in groups.yaml) the
    committee's usual members: every unit row of each listed key, in the province and in
    the provinces merged into it, for that row's validity. A unit that already has a row in
    the group (kept, or removed by the secretariat) is left alone, so running init again
    neither duplicates nor re-adds."""
    listed = committee_members()
    provinces = [province, *predecessors]
    for g in load_groups():
        if not g.membership or g.membership not in listed:
            continue
        group = UnitGroup.objects.get(province=province, key=g.key)
        source, keys = listed[g.membership]
        have = set(group.memberships.values_list("unit_id", flat=True))
        units = Unit.objects.filter(province__in=provinces, catalogue_key__in=keys).order_by("pk")
        new = [
            GroupMembership(
                group=group,
                unit=u,
                valid_from=u.valid_from,
                valid_to=u.valid_to,
                source=source[:300],
            )
            for u in units
            if u.pk not in have
        ]
        GroupMembership.objects.bulk_create(new)
        result.members_created += len(new)


def predecessor_provinces(province: Unit) -> list[Unit]:
    """The old provinces merged into `province` on 1/7/2025 (empty when it continues)."""
    return list(
        Unit.objects.filter(kind=UnitKind.PROVINCE, successor_links__successor=province).order_by(
            "code"
        )
    )


@transaction.atomic
def create_province_catalogue(
    province: Unit, result: CatalogueResult | None = None
) -> CatalogueResult:
    """Create or update the catalogue bodies and the groups of `province` (a current
    province row). For a province formed by merger on 1/7/2025, each predecessor gets its
    own bodies until 30/6/2025 and they pass to the new province's bodies on 1/7/2025.
    Idempotent; writes no audit event (the caller does)."""
    result = result or CatalogueResult()
    predecessors = predecessor_provinces(province)
    result.provinces = [province.code, *[p.code for p in predecessors]]
    if not predecessors:
        _Builder(province, _Window(None, None), result).build()
    else:
        new = _Builder(province, _Window(REFORM_DAY, None), result)
        new.build()
        for old_province in predecessors:
            old = _Builder(old_province, _Window(None, LAST_OLD_DAY), result)
            old.build()
            for key in old.rows:
                pred = old.row_on(key, LAST_OLD_DAY)
                succ = new.row_on(key, REFORM_DAY)
                if pred is not None and succ is not None:
                    _succession(
                        pred,
                        succ,
                        SuccessionKind.MERGE,
                        REFORM_DAY,
                        PROVINCE_MERGER_SOURCE,
                        "",
                        result,
                    )
    _groups(province, result)
    _members(province, predecessors, result)
    return result


def _committee_name(province: Unit) -> str:
    """The steering committee's name today with the province's ("Ban Chỉ đạo về phát triển
    khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Lạng Sơn")."""
    committee = (
        Unit.objects.filter(province=province, catalogue_key="bcd-cds")
        .valid_on(timezone.localdate())
        .first()
    )
    base = committee.name if committee else "Ban Chỉ đạo chuyển đổi số tỉnh"
    base = base.removesuffix(" tỉnh").removesuffix(" thành phố")
    return f"{base} {_province_phrase(province)}"


def init_province(
    name_or_code: str,
    *,
    actor: Any = None,
    nationwide: bool = True,
    stdout: Writer | None = None,
) -> Unit:
    """Set this installation up for one province and return the province's unit.

    Loads the administrative units (all provinces, or with ``nationwide=False`` only this
    province and its predecessors), finds the current province by code or name (see
    :func:`find_province_code`), creates its catalogue bodies and groups, and the
    `Installation` row. Idempotent; records one audit event when something changed.
    Raises :class:`ProvinceNotFound`, :class:`ProvinceInitError` when the installation
    serves another province, `UnitDataError` for broken data, and `PermissionDenied` when
    `actor` is given and may not change settings.
    """
    return setup_province(name_or_code, actor=actor, nationwide=nationwide, stdout=stdout)[0]


@transaction.atomic
def setup_province(
    name_or_code: str,
    *,
    actor: Any = None,
    nationwide: bool = True,
    stdout: Writer | None = None,
) -> tuple[Unit, CatalogueResult]:
    """:func:`init_province`, also returning what was written."""
    if actor is not None:
        require(actor, Action.MANAGE_SETTINGS)
    data = read_admin_data()
    code = find_province_code(name_or_code, data)
    result = CatalogueResult()
    result.load = load_admin_units(only_provinces=None if nationwide else [code], stdout=stdout)
    if stdout is not None:
        stdout.write(result.load.summary() + "\n")
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code=code, valid_to__isnull=True)
    installation = Installation.objects.select_related("province").first()
    if installation is not None and installation.province_id != province.pk:
        raise ProvinceInitError(
            f"Cài đặt này đã phục vụ {installation.province.name}; "
            f"không thể khởi tạo thêm {province.name}."
        )
    create_province_catalogue(province, result)
    if installation is None:
        Installation.objects.create(
            province=province, steering_committee_name=_committee_name(province)
        )
        result.installation_created = True
    if result.changed:
        audit.record(
            actor,
            "units.init_province",
            province,
            after=result.as_dict(),
            via="cli" if actor is None else "web",
        )
    return province, result
