"""The built-in catalogue of provincial bodies, addressee groups and the 2025 successions.

The data lives in ``vnextract/data/bodies.yaml`` and ``vnextract/data/groups.yaml``; this
module turns it into frozen value objects. The schema is shared with chidao's units app,
so it changes only by adding optional fields.

Public API: :class:`Body`, :class:`BodyName`, :class:`Group`, :class:`GroupResolution`,
:class:`Succession`, :class:`Transfer`, :func:`load_bodies`, :func:`load_groups`,
:func:`load_compounds`, :func:`load_successions`, :func:`name_at`, :func:`group_at`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal, cast

import yaml

from ._lexicon import YAML_LOADER

BodyKind = Literal["department", "agency", "committee", "enterprise", "other"]
SuccessionKind = Literal["merge", "split", "rename", "dissolve"]

BODY_KINDS: frozenset[str] = frozenset({"department", "agency", "committee", "enterprise", "other"})
SUCCESSION_KINDS: frozenset[str] = frozenset({"merge", "split", "rename", "dissolve"})


class CatalogueError(ValueError):
    """Raised when a catalogue data file breaks the schema (a bug in the data, not input)."""


@dataclass(frozen=True, slots=True)
class BodyName:
    """One official name with the interval (inclusive, ``None`` = open) in which it applied."""

    name: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def covers(self, day: dt.date | None) -> bool:
        """True when ``day`` falls in the interval; an unknown day is covered by every name."""
        if day is None:
            return True
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


@dataclass(frozen=True, slots=True)
class Body:
    """A provincial body: its slug, kind, successive names, abbreviations and aliases."""

    key: str
    kind: BodyKind
    names: tuple[BodyName, ...]
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def valid_from(self) -> dt.date | None:
        """First day of the body's existence (``None`` when it predates the catalogue)."""
        starts = [n.valid_from for n in self.names]
        return None if any(s is None for s in starts) else min(s for s in starts if s)

    @property
    def valid_to(self) -> dt.date | None:
        """Last day of the body's existence (``None`` while it exists)."""
        ends = [n.valid_to for n in self.names]
        return None if any(e is None for e in ends) else max(e for e in ends if e)


@dataclass(frozen=True, slots=True)
class GroupResolution:
    """A group that another group stands for during an interval ("địa phương" → districts)."""

    group: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A group of addressees ("Các sở, ban, ngành tỉnh") and the unit kinds it resolves to."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    member_kinds: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    membership: str | None = None
    resolves_to: tuple[GroupResolution, ...] = ()


@dataclass(frozen=True, slots=True)
class Transfer:
    """Functions of a succeeded body that went to a body other than the main successor."""

    to: str
    functions: str


@dataclass(frozen=True, slots=True)
class Succession:
    """A reorganisation: ``from_keys`` cease or hand over on ``date``; open work follows
    ``to_keys[0]``; ``transfers`` name functions that went elsewhere."""

    date: dt.date
    kind: SuccessionKind
    from_keys: tuple[str, ...]
    to_keys: tuple[str, ...]
    source: str
    transfers: tuple[Transfer, ...] = ()


def _date(value: object, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CatalogueError(f"{where}: bad date {value!r}") from exc


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(f"{where}: expected a list of strings")
    return tuple(cast(list[str], value))


def _read(name: str) -> dict[str, Any]:
    text = resources.files("vnextract").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=YAML_LOADER)  # noqa: S506
    if not isinstance(data, dict):
        raise CatalogueError(f"{name}: expected a mapping at the top")
    return data


@functools.cache
def load_bodies() -> tuple[Body, ...]:
    """Every body of ``bodies.yaml`` in file order; raises :class:`CatalogueError` on bad data."""
    out: list[Body] = []
    seen: set[str] = set()
    for raw in _read("bodies.yaml").get("bodies") or []:
        key = str(raw.get("key") or "")
        where = f"bodies.yaml:{key or '?'}"
        if not key or key in seen:
            raise CatalogueError(f"{where}: missing or duplicate key")
        seen.add(key)
        kind = raw.get("kind")
        if kind not in BODY_KINDS:
            raise CatalogueError(f"{where}: bad kind {kind!r}")
        names = tuple(
            BodyName(
                name=str(n["name"]),
                valid_from=_date(n.get("valid_from"), where),
                valid_to=_date(n.get("valid_to"), where),
            )
            for n in raw.get("names") or []
        )
        if not names:
            raise CatalogueError(f"{where}: no names")
        out.append(
            Body(
                key=key,
                kind=cast(BodyKind, kind),
                names=names,
                abbreviations=_strings(raw.get("abbreviations"), where),
                aliases=_strings(raw.get("aliases"), where),
            )
        )
    return tuple(out)


@functools.cache
def load_groups() -> tuple[Group, ...]:
    """Every group of ``groups.yaml`` in file order; raises :class:`CatalogueError` on bad data."""
    out: list[Group] = []
    for raw in _read("groups.yaml").get("groups") or []:
        key = str(raw.get("key") or "")
        where = f"groups.yaml:{key or '?'}"
        if not key or not raw.get("name"):
            raise CatalogueError(f"{where}: missing key or name")
        out.append(
            Group(
                key=key,
                name=str(raw["name"]),
                aliases=_strings(raw.get("aliases"), where),
                member_kinds=_strings(raw.get("member_kinds"), where),
                valid_from=_date(raw.get("valid_from"), where),
                valid_to=_date(raw.get("valid_to"), where),
                membership=raw.get("membership"),
                resolves_to=tuple(
                    GroupResolution(
                        group=str(r["group"]),
                        valid_from=_date(r.get("valid_from"), where),
                        valid_to=_date(r.get("valid_to"), where),
                    )
                    for r in raw.get("resolves_to") or []
                ),
            )
        )
    return tuple(out)


@functools.cache
def load_compounds() -> dict[str, tuple[str, ...]]:
    """Coordinated phrases naming several groups ("sở, ngành, địa phương") → group keys."""
    raw = _read("groups.yaml").get("compounds") or {}
    return {str(k): _strings(v, f"groups.yaml:compounds:{k}") for k, v in raw.items()}


@functools.cache
def load_successions() -> tuple[Succession, ...]:
    """The successions of ``bodies.yaml``, oldest first."""
    out: list[Succession] = []
    for i, raw in enumerate(_read("bodies.yaml").get("successions") or []):
        where = f"bodies.yaml:successions[{i}]"
        day = _date(raw.get("date"), where)
        kind = raw.get("kind")
        if day is None or kind not in SUCCESSION_KINDS:
            raise CatalogueError(f"{where}: needs a date and a kind in {sorted(SUCCESSION_KINDS)}")
        out.append(
            Succession(
                date=day,
                kind=cast(SuccessionKind, kind),
                from_keys=_strings(raw.get("from"), where),
                to_keys=_strings(raw.get("to"), where),
                source=str(raw.get("source") or ""),
                transfers=tuple(
                    Transfer(to=str(t["to"]), functions=str(t.get("functions") or ""))
                    for t in raw.get("transfers") or []
                ),
            )
        )
    return tuple(sorted(out, key=lambda s: s.date))


def fill_province(template: str, province: str | None) -> str:
    """Put the province's name in a ``{province}`` placeholder; without a province the
    placeholder and the word "tỉnh" before it are dropped ("Báo {province}" → "Báo")."""
    if "{province}" not in template:
        return template
    if province:
        return template.replace("{province}", province)
    return " ".join(template.replace("{province}", "").split())


def name_at(body: Body, day: dt.date | None = None, province: str | None = None) -> str:
    """The official name ``body`` bore on ``day`` (its latest name when ``day`` is None or
    outside every interval — a mention of a body after its end keeps its last name)."""
    chosen = body.names[-1]
    if day is not None:
        for n in body.names:
            if n.covers(day):
                chosen = n
                break
        else:
            if body.names[0].valid_from is not None and day < body.names[0].valid_from:
                chosen = body.names[0]
    return fill_province(chosen.name, province)


def group_at(group: Group, day: dt.date | None) -> Group:
    """The group that ``group`` stands for on ``day`` (follows ``resolves_to``)."""
    if day is None or not group.resolves_to:
        return group
    by_key = {g.key: g for g in load_groups()}
    for r in group.resolves_to:
        if BodyName("", r.valid_from, r.valid_to).covers(day) and r.group in by_key:
            return by_key[r.group]
    return group


def successor(key: str, day: dt.date) -> str:
    """The key of the body that holds ``key``'s open work on ``day`` (follows merges)."""
    current = key
    for s in load_successions():
        if s.date <= day and current in s.from_keys and s.to_keys:
            current = s.to_keys[0]
    return current
