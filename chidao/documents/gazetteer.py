"""The province's own units as a `vnextract` gazetteer, and mentions resolved back to rows.

The extractor knows the catalogue of provincial bodies; the province's database knows more
(units added by hand, communes, renamed bodies, aliases the secretariat typed in). The
gazetteer built here merges both: a unit with a catalogue key keeps that key (so the
catalogue's spellings still match), every other unit is keyed ``unit:<uuid>``, and each
group of the province keeps its group key.

Aliases learned in review (`LearnedAlias`) are added to their unit's entry, which comes
first so that the secretariat's choice wins over another entry spelling the same words.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from chidao.core.text import fold
from chidao.documents.models import LearnedAlias
from chidao.units.choices import UnitKind
from chidao.units.models import Unit, UnitGroup
from chidao.units.queries import province_scope
from vnextract import Gazetteer, GazetteerEntry
from vnextract.catalogue import BodyName

UNIT_KEY_PREFIX = "unit:"


def unit_key(unit: Unit) -> str:
    """The gazetteer key of `unit`: its catalogue key, or ``unit:<uuid>``."""
    return unit.catalogue_key or f"{UNIT_KEY_PREFIX}{unit.uuid}"


def _uniq(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def build_gazetteer(province: Unit | None) -> Gazetteer:
    """The built-in gazetteer overlaid with `province`'s units (all periods) and groups."""
    default = Gazetteer.default()
    units = Unit.objects.filter(province_scope(province)).exclude(kind=UnitKind.PROVINCE)
    by_key: dict[str, list[Unit]] = defaultdict(list)
    for unit in units.order_by("valid_from", "pk"):
        by_key[unit_key(unit)].append(unit)
    entries: dict[str, GazetteerEntry] = {}
    for key, rows in by_key.items():
        known = default.entry(key)
        names = tuple(BodyName(u.name, u.valid_from, u.valid_to) for u in rows)
        extra_names = [n.name for n in known.names] if known else []
        entries[key] = GazetteerEntry(
            key=key,
            names=names,
            kind=rows[-1].kind,
            abbreviations=_uniq(
                [a for u in rows for a in u.abbreviations]
                + list(known.abbreviations if known else ())
            ),
            aliases=_uniq(
                [a for u in rows for a in [*u.aliases, u.short_name]]
                + list(known.aliases if known else ())
                + [n for n in extra_names if "{province}" not in n]
            ),
        )
    groups = UnitGroup.objects.filter(province=province) if province else UnitGroup.objects.all()
    for group in groups:
        known = default.entry(group.key)
        entries[group.key] = GazetteerEntry(
            key=group.key,
            names=(BodyName(group.name),),
            kind="group",
            aliases=_uniq([*group.aliases, *(known.aliases if known else ())]),
            is_group=True,
        )
    # Bodies the province lacks (national ones, or catalogue bodies never created) are
    # still recognised, so the reviewer sees the mention unresolved instead of missing.
    for entry in default.entries:
        entries.setdefault(entry.key, entry)
    if province is not None:
        _add_learned(entries, province)
    return Gazetteer(tuple(entries.values()), default.compounds)


def _add_learned(entries: dict[str, GazetteerEntry], province: Unit) -> None:
    """Add the aliases learned in review to their units' entries and move those entries
    to the front: where two entries spell the same words, vnextract's matcher keeps the
    first (the secretariat's choice must win over a catalogue spelling)."""
    learned: dict[str, list[str]] = defaultdict(list)
    for alias in LearnedAlias.objects.filter(province=province).select_related("unit"):
        learned[unit_key(alias.unit)].append(alias.mention)
    front: dict[str, GazetteerEntry] = {}
    for key, mentions in learned.items():
        entry = entries.pop(key, None)
        if entry is not None:
            front[key] = replace(entry, aliases=_uniq([*mentions, *entry.aliases]))
    rest = dict(entries)
    entries.clear()
    entries.update(front)
    entries.update(rest)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a gazetteer key means in the database: a unit, a group, or nothing."""

    unit: Unit | None = None
    group: UnitGroup | None = None


class Resolver:
    """Resolves gazetteer keys to the province's units valid on a day, caching lookups."""

    def __init__(self, province: Unit | None, day: dt.date, province_name: str = "") -> None:
        self.province = province
        self.day = day
        self.province_name = fold(province_name)
        self._cache: dict[str, Resolved] = {}

    def resolve(self, key: str | None) -> Resolved:
        if not key:
            return Resolved()
        if key not in self._cache:
            self._cache[key] = self._lookup(key)
        return self._cache[key]

    def _lookup(self, key: str) -> Resolved:
        if key.startswith(UNIT_KEY_PREFIX):
            unit = Unit.objects.filter(uuid=key.removeprefix(UNIT_KEY_PREFIX)).first()
            return Resolved(unit=unit)
        if self.province is not None:
            group = UnitGroup.objects.filter(province=self.province, key=key).first()
            if group is not None:
                return Resolved(group=group)
        rows = list(
            Unit.objects.filter(province_scope(self.province), catalogue_key=key).select_related(
                "province"
            )
        )
        if not rows:
            return Resolved()
        valid = [u for u in rows if u.is_valid_on(self.day)] or sorted(
            rows, key=lambda u: u.valid_from or dt.date.min
        )[-1:]
        if len(valid) > 1 and self.province_name:
            # A merged province: each predecessor had its own department of that key;
            # the one of the province the document names wins.
            valid.sort(key=lambda u: self.province_name not in fold(str(u.province or "")))
        return Resolved(unit=valid[0])
