"""Synthetic data for benchmarks (`chidao synth`): an organisation of DESIGN.md's scale.

Every row made here is marked — units carry ``source="synth"`` and codes starting with
``S``; users are named ``synth-…`` — so a rerun creates only what is missing and never
touches real data. Each domain contributes one function ``(plan, rng) -> counts``
registered in :data:`DOMAINS`; later features append theirs (tasks, indicators…), reading
the synthetic units back with :func:`synthetic_units`.

Public API: :class:`Scale`, :data:`SCALES`, :data:`DOMAINS`, :func:`run`,
:func:`synth_units`, :func:`synth_users`, :func:`synthetic_units`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from chidao.accounts.choices import Role
from chidao.reporting.synth import synth_reporting
from chidao.tasks.synth import synth_tasks
from chidao.units.choices import UnitKind
from chidao.units.models import Unit, UnitQuerySet
from vnextract.catalogue import fill_province, load_bodies

SYNTH_SOURCE = "synth"
BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class Scale:
    """How much to make: per province, ``bodies`` provincial bodies, ``communes`` communes
    and ``users_per_unit`` officers in each of them."""

    name: str
    provinces: int
    bodies: int
    communes: int
    users_per_unit: int


SCALES: dict[str, Scale] = {
    "demo": Scale("demo", provinces=1, bodies=30, communes=20, users_per_unit=1),
    "province": Scale("province", provinces=1, bodies=150, communes=100, users_per_unit=5),
    "national": Scale("national", provinces=34, bodies=150, communes=100, users_per_unit=5),
}

# Syllables of Vietnamese place names, for names that read like real ones.
_SYLLABLE_TEXT = (
    "An Bình Hòa Phú Tân Thạnh Long Phước Đông Tây Nam Bắc Trung Hưng Lộc Mỹ Vĩnh Thuận "
    "Thành Quang Minh Đức Hải Sơn Thủy Lâm Hiệp Nghĩa Khánh Xuân Thái Hồng Cát Tiến"
)
_SYLLABLES = tuple(_SYLLABLE_TEXT.split())
_BODY_KINDS: tuple[str, ...] = (UnitKind.DEPARTMENT, UnitKind.AGENCY)
_BODY_NAMES = (
    "Trung tâm {x}",
    "Chi cục {x}",
    "Ban Quản lý dự án {x}",
    "Trường Cao đẳng {x}",
    "Bệnh viện Đa khoa {x}",
    "Quỹ Phát triển {x}",
)


def _place(rng: random.Random) -> str:
    return " ".join(rng.sample(_SYLLABLES, 2))


def province_code(i: int) -> str:
    return f"S{i:02d}"


def synthetic_units(kind: str | None = None) -> UnitQuerySet:
    """The synthetic units (of one kind when given), for later domains' generators."""
    qs = Unit.objects.filter(source=SYNTH_SOURCE)
    return qs.filter(kind=kind) if kind else qs


def synth_units(plan: Scale, rng: random.Random) -> dict[str, int]:
    """Provinces S01…, each with the catalogue's bodies topped up with generated ones to
    ``plan.bodies``, and ``plan.communes`` communes. Returns counts created by kind."""
    created = {"province": 0, "body": 0, "commune": 0}
    catalogue = [b for b in load_bodies() if b.names[-1].valid_to is None]
    existing = set(synthetic_units().values_list("code", flat=True))
    for p in range(1, plan.provinces + 1):
        code = province_code(p)
        pname = f"Tổng hợp {p:02d}"
        if code in existing:
            province = Unit.objects.get(kind=UnitKind.PROVINCE, code=code, source=SYNTH_SOURCE)
        else:
            province = Unit(
                kind=UnitKind.PROVINCE,
                code=code,
                name=f"Tỉnh {pname}",
                short_name=pname,
                aliases=[f"tỉnh {pname}"],
                source=SYNTH_SOURCE,
            )
            province.save()
            created["province"] += 1
        new: list[Unit] = []
        for b in range(1, plan.bodies + 1):
            bcode = f"{code}-B{b:03d}"
            if b <= len(catalogue):
                body = catalogue[b - 1]
                kind: str = body.kind
                name = fill_province(body.names[-1].name, pname)
                abbreviations = [fill_province(a, pname) for a in body.abbreviations]
            else:
                kind = rng.choice(_BODY_KINDS)
                name = rng.choice(_BODY_NAMES).format(x=_place(rng))
                abbreviations = []
            if bcode not in existing:
                new.append(
                    Unit(
                        kind=kind,
                        code=bcode,
                        name=name,
                        abbreviations=abbreviations,
                        parent=province,
                        province=province,
                        source=SYNTH_SOURCE,
                    )
                )
                created["body"] += 1
        for c in range(1, plan.communes + 1):
            ccode = f"{code}-C{c:03d}"
            prefix = "Phường" if rng.random() < 0.2 else "Xã"
            name = f"{prefix} {_place(rng)}"
            if ccode not in existing:
                new.append(
                    Unit(
                        kind=UnitKind.COMMUNE,
                        code=ccode,
                        name=name,
                        short_name=name.split(" ", 1)[1],
                        parent=province,
                        province=province,
                        source=SYNTH_SOURCE,
                    )
                )
                created["commune"] += 1
        for unit in new:
            unit.search_text = unit.build_search_text()
        Unit.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return created


def synth_users(plan: Scale, rng: random.Random) -> dict[str, int]:
    """``plan.users_per_unit`` officers in every synthetic body and commune (usernames
    ``synth-<unit code>-<n>``, no usable password). Returns {"user": created}."""
    User = get_user_model()
    existing = set(
        User.objects.filter(username__startswith="synth-").values_list("username", flat=True)
    )
    unusable = make_password(None)
    new = []
    units = synthetic_units().exclude(kind=UnitKind.PROVINCE).order_by("code")
    for code, pk in units.values_list("code", "pk"):
        for n in range(1, plan.users_per_unit + 1):
            username = f"synth-{code.lower()}-{n}"
            if username in existing:
                continue
            new.append(
                User(
                    username=username,
                    password=unusable,
                    full_name=f"{rng.choice(_FAMILY)} {rng.choice(_GIVEN)}",
                    role=Role.OFFICER,
                    unit_id=pk,
                )
            )
    User.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return {"user": len(new)}


_FAMILY = ("Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đặng Văn")
_GIVEN = ("An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Minh", "Nga", "Sơn", "Tâm")

Generator = Callable[[Scale, random.Random], dict[str, int]]

#: (domain, generator) in the order they run; later features append theirs.
DOMAINS: list[tuple[str, Generator]] = [
    ("units", synth_units),
    ("users", synth_users),
    ("tasks", synth_tasks),
    ("reporting", synth_reporting),
]


@dataclass
class SynthReport:
    """Counts of rows created per domain and the time each took."""

    scale: Scale
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def summary(self) -> str:
        return (
            f"Dữ liệu tổng hợp quy mô {self.scale.name}: tạo mới {self.total()} bản ghi "
            f"trong {sum(self.seconds.values()):.1f} giây."
        )


def run(scale: str | Scale, *, seed: int = 1) -> SynthReport:
    """Run every domain's generator at `scale`, each in its own transaction, with one
    random generator seeded by `seed` per domain (reruns with the same seed make the same
    names). Raises KeyError for an unknown scale name."""
    plan = SCALES[scale] if isinstance(scale, str) else scale
    report = SynthReport(plan)
    for i, (domain, generate) in enumerate(DOMAINS):
        started = time.perf_counter()
        rng = random.Random(seed * 1000 + i)  # noqa: S311  # benchmark data, not secrets
        with transaction.atomic():
            report.counts[domain] = generate(plan, rng)
        report.seconds[domain] = time.perf_counter() - started
    return report
