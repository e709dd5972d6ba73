"""Loading the Vietnamese administrative units (provinces, districts, communes) and the
2025 reform between them from the data shipped in ``chidao/units/data/vn-admin/``.

Public API: :func:`load_admin_units`, :func:`read_admin_data`, :class:`LoadResult`,
:class:`AdminData`, :class:`UnitDataError`, :data:`REFORM_DAY`.

The files are read and checked completely before anything is written; the writes happen
in one transaction. A unit is keyed on (kind, code, valid_from) because codes were reused
across the reform; rows already present are compared and updated only when they differ,
so a second load writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from django.db import transaction
from django.utils import timezone

from chidao.units.choices import SuccessionKind, SuccessionShare, UnitKind
from chidao.units.models import Succession, Unit

DATA_DIR = Path(__file__).resolve().parent / "data" / "vn-admin"
UNITS_OLD = DATA_DIR / "units-2024-pre-reform.json.gz"
UNITS_NEW = DATA_DIR / "units-2026.json.gz"
MAPPING_MERGES = DATA_DIR / "mapping-merges-2025.json.gz"
MAPPING_SPLITS = DATA_DIR / "mapping-splits-2025.json.gz"
CORRECTIONS = DATA_DIR / "corrections.json"

REFORM_DAY = dt.date(2025, 7, 1)
"""First day of the two-level local government (34 provinces, no districts)."""
LAST_OLD_DAY = REFORM_DAY - dt.timedelta(days=1)
SOURCE_DOCUMENT = (
    "Nghị quyết 202/2025/QH15 (tỉnh); Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã năm 2025"
)
SOURCE_OLD = "vn-admin:units-2024-pre-reform"
SOURCE_NEW = "vn-admin:units-2026"
ADMIN_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
BATCH_SIZE = 500

Period = Literal["old", "new"]
Key = tuple[str, str, dt.date | None]  # (kind, code, valid_from)

# Longest first: "Thành phố" must win over a bare "Thành".
_PREFIXES = (
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Đặc khu",
    "Tỉnh",
    "Quận",
    "Huyện",
    "Phường",
    "Xã",
)
_ABBREVIATED_PREFIXES = {"Thành phố": ("TP", "TP."), "Thị xã": ("TX",), "Thị trấn": ("TT",)}
# Common short forms that the prefix rule cannot produce.
_EXTRA_ABBREVIATIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (UnitKind.PROVINCE, "79"): ("TP.HCM", "TP HCM", "TPHCM")
}


class UnitDataError(ValueError):
    """The administrative data is malformed or inconsistent; the message names the record
    (file, code, name). Raised before anything is written."""


class Writer(Protocol):
    """Anything with `write(str)`: a command's stdout, sys.stdout, io.StringIO."""

    def write(self, msg: str, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class AdminRecord:
    """One unit as read from a file."""

    kind: str
    period: Period
    code: str
    name: str
    short_name: str
    province_code: str
    district_code: str
    file: str

    def label(self) -> str:
        return f"{self.file}: {self.kind} {self.code} “{self.name}”"


@dataclass(frozen=True, slots=True)
class AdminLink:
    """One line of the mapping: the old unit passed all or part of itself to the new one."""

    old_kind: str
    old_code: str
    new_kind: str
    new_code: str
    share: str


@dataclass
class AdminData:
    """The checked contents of the data files (before any filtering)."""

    old: dict[tuple[str, str], AdminRecord] = field(default_factory=dict)
    new: dict[tuple[str, str], AdminRecord] = field(default_factory=dict)
    links: list[AdminLink] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def provinces(self, period: Period) -> list[AdminRecord]:
        recs = self.old if period == "old" else self.new
        return [r for r in recs.values() if r.kind == UnitKind.PROVINCE]

    def province_predecessors(self, new_code: str) -> list[str]:
        """Codes of the old provinces merged into the new province `new_code`."""
        return [ln.old_code for ln in self._links_by_new.get((UnitKind.PROVINCE, new_code), [])]

    def is_continuing(self, kind: str, code: str) -> bool:
        """True when the new unit's only predecessor is the old unit of the same code, whole.

        Call only once `links` is complete (the index is built on first use)."""
        preds = self._links_by_new.get((kind, code), [])
        return (
            len(preds) == 1
            and preds[0].old_kind == kind
            and preds[0].old_code == code
            and preds[0].share == SuccessionShare.FULL
            and (kind, code) in self.old
        )

    @functools.cached_property
    def _links_by_new(self) -> dict[tuple[str, str], list[AdminLink]]:
        index: dict[tuple[str, str], list[AdminLink]] = defaultdict(list)
        for ln in self.links:
            index[(ln.new_kind, ln.new_code)].append(ln)
        return index


@dataclass
class LoadResult:
    """What a load did. `created` and `updated` count units by kind."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_unchanged: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values())
            or sum(self.updated.values())
            or self.successions_created
            or self.successions_updated
        )

    def summary(self) -> str:
        """One line in Vietnamese for command output."""
        created = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "0"
        return (
            f"Đơn vị hành chính: tạo mới {created}; cập nhật {sum(self.updated.values())}; "
            f"giữ nguyên {self.unchanged}. Quan hệ kế thừa: tạo mới {self.successions_created}, "
            f"cập nhật {self.successions_updated}, giữ nguyên {self.successions_unchanged}. "
            f"({self.seconds:.1f} giây)"
        )


# --- reading ---------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return json.load(fh)
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError as exc:
        raise UnitDataError(f"{path.name}: file not found ({path})") from exc
    except (OSError, ValueError) as exc:
        raise UnitDataError(f"{path.name}: not valid JSON: {exc}") from exc


def _str(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _capitalised(name: str) -> str:
    # One record of the source writes "xã Bắc Sơn": official names start with a capital.
    return name[:1].upper() + name[1:] if name else name


def _split_prefix(full_name: str) -> tuple[str, str]:
    """("Thành phố", "Hà Nội") from "Thành phố Hà Nội"; ("", name) without a known prefix."""
    for prefix in _PREFIXES:
        if full_name.lower().startswith(prefix.lower() + " "):
            return prefix, full_name[len(prefix) + 1 :].strip()
    return "", full_name


def _bare_name(full_name: str, given: str = "") -> str:
    """The name without its administrative prefix; numbered wards keep it ("Phường 1")."""
    bare = given or _split_prefix(full_name)[1]
    return full_name if bare.isdigit() else bare


def _list(value: object, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise UnitDataError(f"{where}: expected a list of objects")
    return value


class _Reader:
    """Accumulates records of both periods, refusing duplicates within a period."""

    def __init__(self, data: AdminData) -> None:
        self.data = data

    def add(self, rec: AdminRecord, index: int, parent: str) -> None:
        where = f"{rec.file}: {rec.kind} #{index + 1} “{rec.name or '?'}”{parent}"
        if not rec.code:
            raise UnitDataError(f"{where} has no code")
        if not rec.name:
            raise UnitDataError(f"{rec.file}: {rec.kind} {rec.code}{parent} has no name")
        bucket = self.data.old if rec.period == "old" else self.data.new
        other = bucket.get((rec.kind, rec.code))
        if other is not None:
            raise UnitDataError(
                f"{rec.label()}: duplicate code within the period (also “{other.name}”)"
            )
        bucket[(rec.kind, rec.code)] = rec


def _read_old(path: Path, reader: _Reader) -> None:
    file = path.name
    raw = _read_json(path)
    for pi, p in enumerate(_list(raw, file)):
        pcode, pname = _str(p.get("Code")), _capitalised(_str(p.get("FullName")))
        prov = AdminRecord(
            UnitKind.PROVINCE, "old", pcode, pname, _bare_name(pname), pcode, "", file
        )
        reader.add(prov, pi, "")
        for di, d in enumerate(_list(p.get("District"), prov.label())):
            dcode, dname = _str(d.get("Code")), _capitalised(_str(d.get("FullName")))
            declared = _str(d.get("ProvinceCode")) or pcode
            dist = AdminRecord(
                UnitKind.DISTRICT, "old", dcode, dname, _bare_name(dname), pcode, "", file
            )
            reader.add(dist, di, f" in province {pcode}")
            if declared != pcode:
                raise UnitDataError(
                    f"{dist.label()}: names province {declared}, but is listed under {pcode}"
                )
            for wi, w in enumerate(_list(d.get("Ward"), dist.label())):
                wcode, wname = _str(w.get("Code")), _capitalised(_str(w.get("FullName")))
                wdist = _str(w.get("DistrictCode")) or dcode
                ward = AdminRecord(
                    UnitKind.COMMUNE, "old", wcode, wname, _bare_name(wname), pcode, wdist, file
                )
                reader.add(ward, wi, f" in district {dcode}")
    # Districts are checked after the whole file is read: a commune may be listed under one
    # district and name another, which must then exist in the same province.
    for rec in reader.data.old.values():
        if rec.kind != UnitKind.COMMUNE:
            continue
        dist_rec = reader.data.old.get((UnitKind.DISTRICT, rec.district_code))
        if dist_rec is None or dist_rec.province_code != rec.province_code:
            raise UnitDataError(
                f"{rec.label()}: its district {rec.district_code} is unknown "
                f"in province {rec.province_code}"
            )


def _read_new(path: Path, reader: _Reader) -> None:
    file = path.name
    raw = _read_json(path)
    for pi, p in enumerate(_list(raw, file)):
        pcode, pname = _str(p.get("Code")), _capitalised(_str(p.get("FullName")))
        prov = AdminRecord(
            UnitKind.PROVINCE,
            "new",
            pcode,
            pname,
            _bare_name(pname, _str(p.get("Name"))),
            pcode,
            "",
            file,
        )
        reader.add(prov, pi, "")
        for wi, w in enumerate(_list(p.get("Wards"), prov.label())):
            wcode, wname = _str(w.get("Code")), _capitalised(_str(w.get("FullName")))
            ward = AdminRecord(
                UnitKind.COMMUNE,
                "new",
                wcode,
                wname,
                _bare_name(wname, _str(w.get("Name"))),
                pcode,
                "",
                file,
            )
            reader.add(ward, wi, f" in province {pcode}")
            declared = _str(w.get("ProvinceCode")) or pcode
            if declared != pcode:
                raise UnitDataError(
                    f"{ward.label()}: names province {declared}, but is listed under {pcode}"
                )


@dataclass
class _Corrections:
    renumber_new: dict[str, str] = field(default_factory=dict)
    drop_old: set[str] = field(default_factory=set)
    drop_link: set[tuple[str, str]] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, path: Path | None) -> _Corrections:
        if path is None:
            return cls()
        raw = _read_json(path)
        if not isinstance(raw, dict):
            raise UnitDataError(f"{path.name}: expected an object at the top")
        try:
            return cls(
                renumber_new={_str(c["from"]): _str(c["to"]) for c in raw.get("renumber_new", [])},
                drop_old={_str(c["code"]) for c in raw.get("drop_old", [])},
                drop_link={(_str(c["old"]), _str(c["new"])) for c in raw.get("drop_link", [])},
            )
        except (KeyError, TypeError) as exc:
            raise UnitDataError(f"{path.name}: malformed correction ({exc})") from exc

    def new_code(self, code: str) -> str:
        if code in self.renumber_new:
            self.used.add(f"renumber_new {code}")
            return self.renumber_new[code]
        return code

    def keep(self, old: str, new: str) -> bool:
        if old in self.drop_old:
            self.used.add(f"drop_old {old}")
            return False
        if (old, new) in self.drop_link:
            self.used.add(f"drop_link {old}->{new}")
            return False
        return True

    def check_all_used(self, path: Path | None) -> None:
        wanted = {f"renumber_new {c}" for c in self.renumber_new}
        wanted |= {f"drop_old {c}" for c in self.drop_old}
        wanted |= {f"drop_link {o}->{n}" for o, n in self.drop_link}
        stale = sorted(wanted - self.used)
        if stale and path is not None:
            raise UnitDataError(
                f"{path.name}: corrections that match nothing in the mapping: {', '.join(stale)}"
            )


def _old_kind_of(data: AdminData, code: str) -> str | None:
    for kind in (UnitKind.COMMUNE, UnitKind.DISTRICT):
        if (kind, code) in data.old:
            return kind
    return None


def _read_merges(path: Path, data: AdminData, fixes: _Corrections) -> None:
    file = path.name
    raw = _read_json(path)
    blocks = _list(raw.get("data") if isinstance(raw, dict) else None, file)
    seen_new: set[tuple[str, str]] = set()
    for block in blocks:
        pcode, pname = _str(block.get("level1_id")), _str(block.get("name"))
        where = f"{file}: province {pcode or '?'} “{pname}”"
        prov = data.new.get((UnitKind.PROVINCE, pcode))
        if prov is None:
            raise UnitDataError(f"{where}: not a province of the new list")
        seen_new.add((UnitKind.PROVINCE, pcode))
        for m in _list(block.get("merges"), where):
            old = _str(m.get("old_id"))
            if (UnitKind.PROVINCE, old) not in data.old:
                raise UnitDataError(
                    f"{where}: merges unknown old province {old or '?'} “{_str(m.get('name'))}”"
                )
            data.links.append(
                AdminLink(UnitKind.PROVINCE, old, UnitKind.PROVINCE, pcode, _share(m, where))
            )
        for w in _list(block.get("level2s"), where):
            raw_code, wname = _str(w.get("level2_id")), _str(w.get("name"))
            code = fixes.new_code(raw_code)
            wwhere = f"{file}: commune {raw_code or '?'} “{wname}” of province {pcode}"
            rec = data.new.get((UnitKind.COMMUNE, code))
            if rec is None:
                raise UnitDataError(f"{wwhere}: not a commune of the new list")
            if rec.province_code != pcode:
                raise UnitDataError(f"{wwhere}: the new list puts it in {rec.province_code}")
            if (UnitKind.COMMUNE, code) in seen_new:
                raise UnitDataError(f"{wwhere}: listed twice")
            seen_new.add((UnitKind.COMMUNE, code))
            for m in _list(w.get("merges"), wwhere):
                old, oname = _str(m.get("old_id")), _str(m.get("name"))
                if not fixes.keep(old, code):
                    continue
                old_kind = _old_kind_of(data, old)
                if old_kind is None:
                    raise UnitDataError(f"{wwhere}: merges unknown old unit {old or '?'} “{oname}”")
                data.links.append(
                    AdminLink(old_kind, old, UnitKind.COMMUNE, code, _share(m, wwhere))
                )
    for key, rec in data.new.items():
        if key not in seen_new:
            data.warnings.append(f"{rec.label()}: no predecessor in the mapping")


def _share(m: dict[str, Any], where: str) -> str:
    share = _str(m.get("type"))
    if share not in SuccessionShare.values:
        raise UnitDataError(
            f"{where}: old unit {_str(m.get('old_id'))} “{_str(m.get('name'))}” has share "
            f"{share!r}, expected full or partial"
        )
    return share


def _read_splits(path: Path, data: AdminData, fixes: _Corrections) -> None:
    """Check the old → new file against the new → old one: both must list the same links."""
    file = path.name
    raw = _read_json(path)
    pairs: set[tuple[str, str]] = set()
    for block in _list(raw.get("data") if isinstance(raw, dict) else None, file):
        where = f"{file}: province {_str(block.get('level1_id'))} “{_str(block.get('name'))}”"
        old_prov = _str(block.get("level1_id"))
        for s in _list(block.get("splits"), where):
            pairs.add((old_prov, _str(s.get("new_id"))))
        for level in ("level2s", "level3s"):
            for u in _list(block.get(level), where):
                old = _str(u.get(f"{level[:-1]}_id"))
                for s in _list(u.get("splits"), where):
                    new = fixes.new_code(_str(s.get("new_id")))
                    if fixes.keep(old, new):
                        pairs.add((old, new))
    known = {(ln.old_code, ln.new_code) for ln in data.links}
    if pairs != known:
        only_splits = sorted(pairs - known)[:5]
        only_merges = sorted(known - pairs)[:5]
        raise UnitDataError(
            f"{file}: disagrees with the merges mapping; old→new links only here: "
            f"{only_splits or 'none'}; only in the merges file: {only_merges or 'none'}"
        )


def read_admin_data(
    *,
    units_old: Path = UNITS_OLD,
    units_new: Path = UNITS_NEW,
    merges: Path = MAPPING_MERGES,
    splits: Path | None = MAPPING_SPLITS,
    corrections: Path | None = CORRECTIONS,
) -> AdminData:
    """Read and check the data files; no database access.

    Raises :class:`UnitDataError` naming the file and record for: a missing code or name,
    a code twice within a period, a district or commune that names an unknown parent, a
    mapping that names an unknown code, a splits file that disagrees with the merges file,
    and a correction that no longer matches. `splits` and `corrections` may be None.
    """
    paths = (Path(units_old), Path(units_new), Path(merges), splits, corrections)
    stamps = tuple(_stamp(Path(p)) if p is not None else None for p in paths)
    return _read_cached(*paths, stamps=stamps)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # reported by the reader, which names the file
    return (stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_cached(
    units_old: Path,
    units_new: Path,
    merges: Path,
    splits: Path | None,
    corrections: Path | None,
    *,
    stamps: tuple[object, ...],
) -> AdminData:
    # Cached on the paths and their modification stamps: `chidao init` and tests read the
    # same files several times in one process. AdminData is not changed after reading.
    data = AdminData()
    reader = _Reader(data)
    _read_old(Path(units_old), reader)
    _read_new(Path(units_new), reader)
    fixes = _Corrections.read(Path(corrections) if corrections else None)
    _read_merges(Path(merges), data, fixes)
    if splits is not None:
        _read_splits(Path(splits), data, fixes)
    fixes.check_all_used(Path(corrections) if corrections else None)
    pred_provinces: dict[str, set[str]] = defaultdict(set)
    for ln in data.links:
        if ln.new_kind == UnitKind.PROVINCE:
            pred_provinces[ln.new_code].add(ln.old_code)
    for ln in data.links:
        old, new = data.old[(ln.old_kind, ln.old_code)], data.new[(ln.new_kind, ln.new_code)]
        crosses = old.province_code not in pred_provinces[new.province_code]
        if ln.new_kind == UnitKind.COMMUNE and crosses:
            data.warnings.append(f"{old.label()} → {new.label()}: the mapping crosses provinces")
    return data


# --- turning records into rows -----------------------------------------------------------


@dataclass
class _Row:
    """A unit as it should be in the database."""

    key: Key
    name: str
    short_name: str
    aliases: list[str]
    abbreviations: list[str]
    valid_to: dt.date | None
    parent: Key | None
    province: Key | None
    source: str

    def differs(self, have: dict[str, Any], ids: dict[Key, int]) -> bool:
        """True when the stored values `have` (from `.values()`) differ from this row."""
        return (
            self.name != have["name"]
            or self.short_name != have["short_name"]
            or self.aliases != have["aliases"]
            or self.abbreviations != have["abbreviations"]
            or self.valid_to != have["valid_to"]
            or self.source != have["source"]
            or (ids[self.parent] if self.parent else None) != have["parent_id"]
            or (ids[self.province] if self.province else None) != have["province_id"]
        )

    def unit(self, ids: dict[Key, int]) -> Unit:
        kind, code, valid_from = self.key
        unit = Unit(
            kind=kind,
            code=code,
            valid_from=valid_from,
            valid_to=self.valid_to,
            name=self.name,
            short_name=self.short_name,
            aliases=self.aliases,
            abbreviations=self.abbreviations,
            parent_id=ids[self.parent] if self.parent else None,
            province_id=ids[self.province] if self.province else None,
            source=self.source,
        )
        unit.search_text = unit.build_search_text()
        return unit


def _names(rec: AdminRecord, extra_names: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """(aliases, abbreviations) for a unit: "tỉnh Lạng Sơn", "Lạng Sơn", "TP Huế"…"""
    aliases: list[str] = []
    abbreviations: list[str] = []
    for full in [rec.name, *extra_names]:
        prefix, bare = _split_prefix(full)
        if prefix:
            aliases.append(f"{prefix.lower()} {bare}")
            if not bare.isdigit():
                aliases.append(bare)
            abbreviations += [f"{short} {bare}" for short in _ABBREVIATED_PREFIXES.get(prefix, ())]
        if full != rec.name:
            aliases.append(full)
    abbreviations += _EXTRA_ABBREVIATIONS.get((rec.kind, rec.code), ())
    return list(dict.fromkeys(aliases)), list(dict.fromkeys(abbreviations))


def _select(data: AdminData, only: Iterable[str] | None) -> tuple[set[str], set[str]]:
    """Codes of the (old, new) provinces to load; every province without a filter."""
    old_all = {r.code for r in data.provinces("old")}
    new_all = {r.code for r in data.provinces("new")}
    if only is None:
        return old_all, new_all
    wanted = {str(c).strip() for c in only}
    unknown = sorted(wanted - old_all - new_all)
    if unknown:
        raise UnitDataError(f"only_provinces: unknown province codes {', '.join(unknown)}")
    new_sel = {
        code for code in new_all if code in wanted or wanted & set(data.province_predecessors(code))
    }
    old_sel = {old for code in new_sel for old in data.province_predecessors(code)}
    return old_sel | (wanted & old_all), new_sel


def _rows(data: AdminData, old_sel: set[str], new_sel: set[str]) -> dict[Key, _Row]:
    rows: dict[Key, _Row] = {}
    new_province_key: dict[str, Key] = {}
    for rec in data.provinces("new"):
        cont = data.is_continuing(rec.kind, rec.code)
        new_province_key[rec.code] = (rec.kind, rec.code, None if cont else REFORM_DAY)

    def add_old(rec: AdminRecord, parent: Key | None, province: Key | None) -> None:
        key: Key = (rec.kind, rec.code, None)
        aliases, abbrs = _names(rec)
        rows[key] = _Row(
            key,
            rec.name,
            rec.short_name,
            aliases,
            abbrs,
            LAST_OLD_DAY,
            parent,
            province,
            SOURCE_OLD,
        )

    def add_new(rec: AdminRecord, province: Key | None) -> None:
        cont = data.is_continuing(rec.kind, rec.code)
        key: Key = (rec.kind, rec.code, None if cont else REFORM_DAY)
        old_name = data.old[(rec.kind, rec.code)].name if cont else rec.name
        aliases, abbrs = _names(rec, [old_name] if old_name != rec.name else [])
        rows[key] = _Row(
            key, rec.name, rec.short_name, aliases, abbrs, None, province, province, SOURCE_NEW
        )

    for rec in data.old.values():
        if rec.province_code not in old_sel:
            continue
        pkey: Key = (UnitKind.PROVINCE, rec.province_code, None)
        if rec.kind == UnitKind.PROVINCE:
            add_old(rec, None, None)
        elif rec.kind == UnitKind.DISTRICT:
            add_old(rec, pkey, pkey)
        else:
            add_old(rec, (UnitKind.DISTRICT, rec.district_code, None), pkey)
    # New rows second: a continuing unit's row replaces its old one under the same key.
    for rec in data.new.values():
        if rec.province_code not in new_sel:
            continue
        if rec.kind == UnitKind.PROVINCE:
            add_new(rec, None)
        else:
            add_new(rec, new_province_key[rec.province_code])
    return rows


@dataclass(frozen=True, slots=True)
class _SuccRow:
    predecessor: Key
    successor: Key
    kind: str
    share: str


def _successions(data: AdminData, rows: dict[Key, _Row]) -> list[_SuccRow]:
    def new_key(kind: str, code: str) -> Key:
        return (kind, code, None if data.is_continuing(kind, code) else REFORM_DAY)

    out_degree = Counter((ln.old_kind, ln.old_code) for ln in data.links)
    in_degree = Counter((ln.new_kind, ln.new_code) for ln in data.links)
    out: list[_SuccRow] = []
    for ln in data.links:
        pred: Key = (ln.old_kind, ln.old_code, None)
        succ = new_key(ln.new_kind, ln.new_code)
        if pred == succ or pred not in rows or succ not in rows:
            continue  # a unit that continues, or one end outside the provinces loaded
        if out_degree[(ln.old_kind, ln.old_code)] > 1:
            kind = SuccessionKind.SPLIT
        elif in_degree[(ln.new_kind, ln.new_code)] > 1:
            kind = SuccessionKind.MERGE
        else:
            kind = SuccessionKind.RENAME
        out.append(_SuccRow(pred, succ, kind, ln.share))
    return out


# --- writing ---------------------------------------------------------------------------

_COMPARED = ("name", "short_name", "aliases", "abbreviations", "valid_to", "source")


def _write_units(
    rows: list[_Row], ids: dict[Key, int], existing: dict[Key, dict[str, Any]], result: LoadResult
) -> None:
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    now = timezone.now()
    for row in rows:
        have = existing.get(row.key)
        if have is None:
            to_create.append(row.unit(ids))
            result.created[row.key[0]] += 1
        elif row.differs(have, ids):
            unit = row.unit(ids)
            unit.pk = have["pk"]
            unit.updated_at = now
            to_update.append(unit)
            result.updated[row.key[0]] += 1
        else:
            result.unchanged += 1
    Unit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Unit.objects.bulk_update(
        to_update,
        [*_COMPARED, "parent", "province", "search_text", "updated_at"],
        batch_size=BATCH_SIZE,
    )
    kinds = {row.key[0] for row in rows}
    for kind, code, valid_from, pk in (
        Unit.objects.filter(kind__in=kinds)
        .exclude(code="")
        .values_list("kind", "code", "valid_from", "pk")
    ):
        ids[(kind, code, valid_from)] = pk


def _write_successions(succs: list[_SuccRow], ids: dict[Key, int], result: LoadResult) -> None:
    existing = {
        (p, s): (pk, kind, share, doc)
        for pk, p, s, kind, share, doc in Succession.objects.filter(date=REFORM_DAY).values_list(
            "pk", "predecessor_id", "successor_id", "kind", "share", "source_document"
        )
    }
    to_create: list[Succession] = []
    to_update: list[Succession] = []
    now = timezone.now()
    for sr in succs:
        pred, succ = ids[sr.predecessor], ids[sr.successor]
        have = existing.get((pred, succ))
        if have is not None and have[1:] == (sr.kind, sr.share, SOURCE_DOCUMENT):
            result.successions_unchanged += 1
            continue
        obj = Succession(
            predecessor_id=pred,
            successor_id=succ,
            date=REFORM_DAY,
            kind=sr.kind,
            share=sr.share,
            source_document=SOURCE_DOCUMENT,
        )
        if have is None:
            to_create.append(obj)
        else:
            obj.pk = have[0]
            obj.updated_at = now
            to_update.append(obj)
    Succession.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Succession.objects.bulk_update(
        to_update, ["kind", "share", "source_document", "updated_at"], batch_size=BATCH_SIZE
    )
    result.successions_created += len(to_create)
    result.successions_updated += len(to_update)


def load_admin_units(
    *,
    units_old: Path = UNITS_OLD,
    units_new: Path = UNITS_NEW,
    merges: Path = MAPPING_MERGES,
    splits: Path | None = MAPPING_SPLITS,
    corrections: Path | None = CORRECTIONS,
    only_provinces: Iterable[str] | None = None,
    stdout: Writer | None = None,
) -> LoadResult:
    """Load provinces, districts and communes of both periods and the 2025 successions.

    Nationwide by default; `only_provinces` (codes of old or new provinces) limits the load
    to those provinces, the new provinces they belong to and all their predecessors (the
    files are still checked whole). Idempotent: rows are matched on (kind, code,
    valid_from), created when missing and updated when they differ; nothing is deleted.
    Raises :class:`UnitDataError` (before writing anything) when the data is malformed.
    """
    started = time.perf_counter()
    data = read_admin_data(
        units_old=units_old,
        units_new=units_new,
        merges=merges,
        splits=splits,
        corrections=corrections,
    )
    old_sel, new_sel = _select(data, only_provinces)
    rows = _rows(data, old_sel, new_sel)
    succs = _successions(data, rows)
    result = LoadResult(warnings=list(data.warnings))
    if stdout is not None:
        stdout.write(
            f"Đọc {len(rows)} đơn vị hành chính, {len(succs)} quan hệ kế thừa từ dữ liệu.\n"
        )
    with transaction.atomic():
        existing = {
            (v["kind"], v["code"], v["valid_from"]): v
            for v in Unit.objects.filter(kind__in=ADMIN_KINDS)
            .exclude(code="")
            .values("pk", "kind", "code", "valid_from", "parent_id", "province_id", *_COMPARED)
        }
        ids: dict[Key, int] = {k: v["pk"] for k, v in existing.items()}
        by_kind: dict[str, list[_Row]] = defaultdict(list)
        for row in rows.values():
            by_kind[row.key[0]].append(row)
        # Parents first, so that children can point at their ids.
        for kind in ADMIN_KINDS:
            _write_units(by_kind[kind], ids, existing, result)
        _write_successions(succs, ids, result)
    result.seconds = time.perf_counter() - started
    return result
