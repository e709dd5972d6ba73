"""The province's consolidated report for a regime and a period.

`consolidate` reads everything the report says — reporting rates, the indicators against
their targets for every expected unit and for the province, the four-way split of each
unit's assigned work, what the units wrote under each narrative heading, who was late and
who sent nothing — in a fixed number of queries, whatever the number of units and
indicators. `build_docx` (Nghị định 30/2020 layout) and `build_xlsx` render it;
`build_report` builds one, stores it as the period's `ProvinceReport` (a rebuild replaces
the file) and records the audit event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chidao.core import audit
from chidao.core.periods import Period, PeriodKind
from chidao.core.permissions import Action, require
from chidao.core.text import fold
from chidao.indicators.choices import FormulaKind
from chidao.indicators.models import Indicator
from chidao.indicators.queries import Scoreboard, scoreboard
from chidao.reporting import services, signing
from chidao.reporting.choices import (
    ReportFormat,
    ReportSigner,
    SectionKind,
    SubmissionStatus,
    Timeliness,
)
from chidao.reporting.models import ProvinceReport, Regime, RegimeSection, SubmissionSection
from chidao.reporting.queries import Rates, rates
from chidao.tasks.choices import AssignmentStatus, TaskState
from chidao.tasks.models import Assignment
from chidao.units.choices import UnitKind
from chidao.units.models import Installation, Unit

# -- what the report says ----------------------------------------------------------------


@dataclass(frozen=True)
class TaskSplit:
    """One unit's active assignments of published tasks by four-way status."""

    unit: Unit
    counts: dict[AssignmentStatus, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __getitem__(self, status: AssignmentStatus) -> int:
        return self.counts.get(status, 0)


@dataclass(frozen=True)
class NarrativeEntry:
    unit: Unit
    text: str


@dataclass(frozen=True)
class NarrativeSection:
    """A narrative heading of the template and what each unit wrote under it (units in
    the order of the expected units; units that wrote nothing are left out)."""

    section: RegimeSection
    entries: list[NarrativeEntry]


@dataclass(frozen=True)
class LateUnit:
    unit: Unit
    due_date: dt.date
    sent_on: dt.date

    @property
    def days_late(self) -> int:
        return (self.sent_on - self.due_date).days


@dataclass(frozen=True)
class Issuer:
    """Who issues the report, from one setting (`Regime.report_signer`): the body above it
    ("UBND TỈNH LẠNG SƠN"), its own name, the abbreviation of its document numbers ("BCĐ",
    "SKHCN"), the place of the date line, the signature's title lines and name, whom the
    report is addressed to ("Kính gửi") and who keeps the file copy ("Lưu: VT, …")."""

    superior: str
    name: str
    abbreviation: str
    place: str
    signer_title: list[str]
    signer_name: str
    written: str = ""  # the name as written in running text ("Sở Khoa học và Công nghệ")
    signer: str = ReportSigner.COMMITTEE
    addressees: list[str] = field(default_factory=list)
    kept_by: str = ""  # the drafting body's abbreviation after "Lưu: VT,"


@dataclass(frozen=True)
class DigestEntry:
    """What one or more units wrote under a heading, cut to what it says about the period
    (`cut`: something was left out; the full text is in the workbook's appendix sheet)."""

    units: list[Unit]
    text: str
    cut: bool


@dataclass(frozen=True)
class DigestSection:
    section: RegimeSection
    entries: list[DigestEntry]


@dataclass
class Consolidated:
    """Everything the province's report for `regime` and `period` says, as of `as_of`.

    `indicators` are the regime's reported indicators and the computed ones built from
    them (a ratio whose numerator and denominator the regime asks for, a sum all of whose
    components it asks for), each computed one placed after the last of its terms;
    `board` judges them for the expected units (`units`) and the province. `tasks` holds
    one `TaskSplit` per expected unit. Everything is as of the one date `as_of`: the reports
    sent by then, their figures, and the state of the assigned work. `narratives` come from
    the submitted and accepted reports (a report returned to its unit is being corrected
    and is left out).
    """

    regime: Regime
    period: Period
    as_of: dt.date
    rates: Rates
    indicators: list[Indicator]
    board: Scoreboard
    tasks: list[TaskSplit]
    narratives: list[NarrativeSection]
    late: list[LateUnit]
    missing: list[Unit]
    issuer: Issuer
    pending: list[Unit] = field(default_factory=list)

    @property
    def units(self) -> list[Unit]:
        return self.board.units

    @property
    def title(self) -> str:
        """ "Kết quả thực hiện chuyển đổi số Quý III/2024": what the report is about."""
        return f"{_subject(self.regime.name)} {self.period.label}"

    def task_totals(self) -> dict[AssignmentStatus, int]:
        return {s: sum(t[s] for t in self.tasks) for s in AssignmentStatus}

    def achievement_counts(self) -> dict[str, int]:
        """How many unit cells of the board are in each achievement status."""
        out: dict[str, int] = defaultdict(int)
        for cell in self.board.cells.values():
            out[cell.judgement.status.value] += 1
        return dict(out)

    def digest(self) -> list[DigestSection]:
        """Each narrative heading with what the units wrote, each text cut to what it says
        about the period (`excerpt`) and units that say the same thing put together. The
        length allowed per text shrinks with the number of different texts, so that the
        excerpts together stay within `NARRATIVE_BUDGET` characters (but never below
        `EXCERPT_MIN`)."""
        distinct = sum(len({_key(e.text) for e in block.entries}) for block in self.narratives)
        limit = max(EXCERPT_MIN, min(EXCERPT_MAX, NARRATIVE_BUDGET // max(1, distinct)))
        out = []
        for block in self.narratives:
            # The same excerpt means the same cut: a cut one carries FULL_TEXT_NOTE.
            groups: dict[str, DigestEntry] = {}
            for entry in block.entries:
                text, cut = excerpt(entry.text, self.period, limit)
                groups.setdefault(_key(text), DigestEntry([], text, cut)).units.append(entry.unit)
            out.append(DigestSection(block.section, list(groups.values())))
        return out

    def summary(self) -> dict[str, Any]:
        """The figures stored with the report (`ProvinceReport.summary`)."""
        r = self.rates
        return {
            "regime": str(self.regime.uuid),
            "period": self.period.code,
            "as_of": self.as_of.isoformat(),
            "due_date": r.due_date.isoformat(),
            **r.counts(),
            "indicators": len(self.indicators),
            "achievement": self.achievement_counts(),
            "tasks": {s.value: n for s, n in self.task_totals().items()},
            "late_units": [x.unit.name for x in self.late],
            "missing_units": [u.name for u in self.missing],
        }


_SUBJECT_PREFIXES = ("báo cáo định kỳ ", "báo cáo ")
_SUBJECT_SUFFIXES = tuple(
    f" {word}" for word in ("hằng tháng", "hằng quý", "hằng năm", "6 tháng", "định kỳ")
)


def _subject(name: str) -> str:
    """A regime's name as the report's title: "Báo cáo tình hình chuyển đổi số hằng quý"
    → "Kết quả tình hình chuyển đổi số" (the period follows it)."""
    text = " ".join(name.split())
    lowered = text.casefold()
    for prefix in _SUBJECT_PREFIXES:
        if lowered.startswith(prefix):
            text = text[len(prefix) :]
            break
    changed = True
    while changed:
        changed = False
        for suffix in _SUBJECT_SUFFIXES:
            if text.casefold().endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].rstrip()
                changed = True
    text = text[:1].lower() + text[1:]
    if fold(text).startswith("ket qua"):
        return text[:1].upper() + text[1:]
    return f"Kết quả {text}"


def _initials(name: str) -> str:
    """ "Sở Khoa học và Công nghệ" → "SKHCN" (the document-number abbreviation)."""
    skip = {"và", "các", "của"}
    return "".join(
        w[0].upper() for w in name.split() if w.casefold() not in skip and w[0].isalpha()
    )


def _place(province: Unit) -> str:
    if province.short_name:
        return province.short_name
    for prefix in ("Tỉnh ", "Thành phố "):
        if province.name.startswith(prefix):
            return province.name[len(prefix) :]
    return province.name


def _in_running_text(province: Unit) -> str:
    """ "Tỉnh Lạng Sơn" → "tỉnh Lạng Sơn" (after "Ủy ban nhân dân")."""
    name = province.name
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix) :]
    return name


def addressees_of(text: str) -> list[str]:
    """ "UBND tỉnh; Ban Chỉ đạo quốc gia" → the two addressees (";" or new lines)."""
    return [part.strip().rstrip(".") for part in re.split(r"[;\n]", text or "") if part.strip()]


def issuer_of(regime: Regime, province: Unit, committee: str) -> Issuer:
    """The issuer, number symbol, signature and addressees of the report, from the one
    setting of who signs (`Regime.report_signer`).

    The committee signs: the header names the steering committee
    (`Installation.steering_committee_name`, or the receiver when it is the committee),
    numbers are "…/BC-BCĐ", the block reads "TM. BAN CHỈ ĐẠO" and the report goes to the
    province's people's committee. The standing department signs: it is the regime's
    receiver; numbers take its initials ("…/BC-SKHCN"), its head signs ("GIÁM ĐỐC", or
    "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC") and the report goes to the committee. A regime set to
    the standing department without one (saved before the rule) is signed by the committee,
    so that header and signature never disagree. `Regime.report_addressee`, when set,
    replaces the default addressees.
    """
    superior = f"UBND {province.name}".upper()
    receiver = regime.receiver
    standing = (
        receiver
        if receiver is not None and receiver.kind not in (UnitKind.PROVINCE, UnitKind.COMMITTEE)
        else None
    )
    committee_name = (
        receiver.name if receiver is not None and receiver.kind == UnitKind.COMMITTEE else committee
    )
    if regime.report_signer == ReportSigner.STANDING and standing is not None:
        signer = ReportSigner.STANDING
        name = standing.name
        abbreviation = _initials(standing.name)
        head = "GIÁM ĐỐC" if standing.kind == UnitKind.DEPARTMENT else "THỦ TRƯỞNG"
        addressees = [committee_name]
        kept_by = ""
    else:
        signer = ReportSigner.COMMITTEE
        name = committee_name
        abbreviation = "BCĐ"
        head = signing.COMMITTEE_HEAD
        addressees = [f"Ủy ban nhân dân {_in_running_text(province)}"]
        kept_by = _initials(standing.name) if standing is not None else ""
    return Issuer(
        superior=superior,
        name=name.upper(),
        abbreviation=abbreviation,
        place=_place(province),
        signer_title=signing.signature_lines(signer, regime.signer_title, default_head=head),
        signer_name=regime.signer_name,
        written=name,
        signer=signer,
        addressees=addressees_of(regime.report_addressee) or addressees,
        kept_by=kept_by,
    )


# -- cutting a unit's text to what it says about the period --------------------------------

EXCERPT_MAX = 300  # characters of one excerpt, before the note
EXCERPT_MIN = 120
NARRATIVE_BUDGET = 15_000  # characters of all the excerpts of a report together
FULL_TEXT_NOTE = "… (toàn văn tại Phụ lục)"

_END = re.compile(r"[.!?…]+[\"”»')]*\s+")
# Words with a full stop that do not end a sentence ("TP. Lạng Sơn", "ThS. Nguyễn").
_ABBREVIATIONS = frozenset({"TP", "Tp", "TX", "Q", "P", "KT", "TM", "TS", "ThS", "PGS", "GS"})
_ROMAN = ("i", "ii", "iii", "iv")


def sentences(text: str) -> list[str]:
    """`text` split into sentences; a line break always ends one."""
    out: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        start = 0
        for m in _END.finditer(line):
            following = line[m.end() : m.end() + 1]
            if not (following.isupper() or following.isdigit() or following in '-–+•"“('):
                continue
            word = line[start : m.start()].rsplit(" ", 1)[-1]
            if word in _ABBREVIATIONS:
                continue
            out.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return out


def period_pattern(period: Period) -> re.Pattern[str]:
    """What a sentence says when it speaks of `period`, accent-free ("trong kỳ", "quý
    III/2026", "quý 3", "tháng 8" of the quarter…), to match against `fold`."""
    words = [r"trong ky", r"ky bao cao", r"ky nay"]
    months: list[int] = []
    match period.kind:
        case PeriodKind.QUARTER:
            words += [rf"quy {_ROMAN[period.index - 1]}", rf"quy 0?{period.index}"]
            words += [r"trong quy", r"quy nay"]
            months = [3 * (period.index - 1) + n for n in (1, 2, 3)]
        case PeriodKind.MONTH:
            words += [r"trong thang", r"thang nay"]
            months = [period.index]
        case PeriodKind.HALF:
            words += [r"6 thang (?:dau|cuoi) nam", r"sau thang", r"nua (?:dau|cuoi) nam"]
        case PeriodKind.YEAR:
            words += [rf"nam {period.year}", r"trong nam", r"nam nay"]
    words += [rf"thang 0?{m}" for m in months]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def excerpt(text: str, period: Period, limit: int = EXCERPT_MAX) -> tuple[str, bool]:
    """What `text` says about `period`, in at most `limit` characters (plus
    `FULL_TEXT_NOTE` when something was left out), and whether something was.

    The sentences that speak of the period (`period_pattern`) are kept in order while
    they fit; a text that never names the period keeps its first sentences. A first
    sentence longer than `limit` is cut at a word.
    """
    parts = sentences(text)
    if not parts:
        return "", False
    pattern = period_pattern(period)
    chosen = [part for part in parts if pattern.search(fold(part))] or parts
    kept: list[str] = []
    for part in chosen:
        if len(" ".join([*kept, part])) > limit:
            break
        kept.append(part)
    body = " ".join(kept) or chosen[0][:limit].rsplit(" ", 1)[0]
    if body == " ".join(parts):
        return body, False
    return f"{body.rstrip(' .;,:')} {FULL_TEXT_NOTE}", True


# -- assembling it -------------------------------------------------------------------------


def report_indicators(regime: Regime) -> list[Indicator]:
    """The regime's reported indicators (in its order) and the computed indicators built
    only from them, each placed after the last of its terms. Three queries."""
    links = list(regime.regime_indicators.select_related("indicator").order_by("order", "pk"))
    reported = [link.indicator for link in links]
    position = {ind.pk: n for n, ind in enumerate(reported)}
    ids = list(position)
    ratios = Indicator.objects.filter(
        active=True,
        formula=FormulaKind.RATIO,
        numerator_id__in=ids,
        denominator_id__in=ids,
    ).select_related("numerator", "denominator")
    sums = (
        Indicator.objects.filter(active=True, formula=FormulaKind.SUM, components__in=ids)
        .distinct()
        .prefetch_related(
            Prefetch(
                "components", queryset=Indicator.objects.select_related("numerator", "denominator")
            )
        )
    )
    placed: list[tuple[float, int, Indicator]] = [
        (float(n), 0, ind) for n, ind in enumerate(reported)
    ]
    for ind in ratios:
        assert ind.numerator_id is not None
        assert ind.denominator_id is not None
        last = max(position[ind.numerator_id], position[ind.denominator_id])
        placed.append((last + 0.5, ind.order, ind))
    for ind in sums:
        parts = list(ind.components.all())
        if parts and all(p.pk in position for p in parts):
            placed.append((max(position[p.pk] for p in parts) + 0.5, ind.order, ind))
    placed.sort(key=lambda x: (x[0], x[1], x[2].code))
    return [ind for _pos, _order, ind in placed]


def task_splits(units: list[Unit], as_of: dt.date) -> list[TaskSplit]:
    """The four-way split of each unit's active assignments of published tasks as of
    `as_of`, in one grouped query. Tasks of a document issued after `as_of` did not exist
    yet and are not counted."""
    annotated: Any = (  # with_status adds status_code
        Assignment.objects.active()
        .filter(
            unit_id__in=[u.pk for u in units],
            task__state__in=[TaskState.OPEN, TaskState.CLOSED],
        )
        .filter(Q(task__document__isnull=True) | Q(task__document__issued_on__lte=as_of))
        .with_status(as_of)
    )
    rows = (
        annotated.order_by()
        .values_list("unit_id", "status_code")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "status_code", "n")
    )
    counts: dict[int, dict[AssignmentStatus, int]] = defaultdict(dict)
    for unit_id, code, n in rows:
        counts[unit_id][AssignmentStatus(code)] = n
    return [TaskSplit(u, {s: counts[u.pk].get(s, 0) for s in AssignmentStatus}) for u in units]


def narratives(
    regime: Regime, period: Period, units: list[Unit], as_of: dt.date | None = None
) -> list[NarrativeSection]:
    """What each expected unit wrote under each narrative heading, from its submitted or
    accepted report — sent by `as_of` when given (two queries)."""
    sections = list(regime.sections.filter(kind=SectionKind.NARRATIVE).order_by("order", "pk"))
    texts: dict[tuple[int, int], str] = {
        (section_id, unit_id): text
        for section_id, unit_id, text in SubmissionSection.objects.filter(
            submission__regime=regime,
            submission__period_code=period.code,
            submission__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED],
            section__kind=SectionKind.NARRATIVE,
            **({"submission__first_submitted_at__date__lte": as_of} if as_of else {}),
        )
        .exclude(text="")
        .values_list("section_id", "submission__unit_id", "text")
    }
    return [
        NarrativeSection(
            section,
            [
                NarrativeEntry(u, texts[(section.pk, u.pk)])
                for u in units
                if (section.pk, u.pk) in texts
            ],
        )
        for section in sections
    ]


def consolidate(regime: Regime, period: Period, *, as_of: dt.date | None = None) -> Consolidated:
    """Everything the province's report for `regime` and `period` says, as of `as_of`
    (today by default). Raises ValidationError when the regime does not report `period`.

    A fixed number of queries (about fifteen), whatever the number of units, indicators
    and submissions: a test holds it to that.
    """
    if not regime.covers(period):
        raise ValidationError(services.period_problem(regime, period))
    as_of = as_of or timezone.localdate()
    installation = Installation.objects.select_related("province").first()
    province = installation.province if installation else regime.province
    committee = (
        installation.steering_committee_name if installation else _("Ban Chỉ đạo chuyển đổi số")
    )
    r = rates(regime, period, as_of)
    # Departments and agencies first, then districts and communes (UnitKind's order).
    r.rows.sort(key=lambda row: unit_order(row.unit))
    units = [row.unit for row in r.rows]
    chosen = report_indicators(regime)
    board = scoreboard(chosen, units, period, as_of, sent_only=True, sent_by=as_of)
    late = []
    for row in r.late_rows:
        assert row.submission is not None
        assert row.submission.first_submitted_at is not None
        sent_on = timezone.localtime(row.submission.first_submitted_at).date()
        late.append(LateUnit(row.unit, row.due_date, sent_on))
    late.sort(key=lambda x: (-x.days_late, x.unit.name))
    return Consolidated(
        regime=regime,
        period=period,
        as_of=as_of,
        rates=r,
        indicators=chosen,
        board=board,
        tasks=task_splits(units, as_of),
        narratives=narratives(regime, period, units, as_of),
        late=late,
        missing=[row.unit for row in r.missing_rows],
        pending=[row.unit for row in r.rows if row.timeliness is Timeliness.PENDING],
        issuer=issuer_of(regime, province, committee),
    )


_KIND_ORDER = {kind.value: n for n, kind in enumerate(UnitKind)}


def unit_order(unit: Unit) -> tuple[int, str]:
    """How the report lists units: by kind in `UnitKind`'s order, then by name."""
    return (_KIND_ORDER.get(unit.kind, len(_KIND_ORDER)), fold(unit.name))


# -- rendering -----------------------------------------------------------------------------


def build_docx(c: Consolidated, *, number: str = "", issued_on: dt.date | None = None) -> bytes:
    """The report as a Word document laid out per Nghị định 30/2020 (see `docx_report`)."""
    from chidao.reporting.docx_report import render

    return render(c, number=number, issued_on=issued_on or c.as_of)


def build_xlsx(c: Consolidated) -> bytes:
    """The report's tables as a workbook (see `xlsx_report`)."""
    from chidao.reporting.xlsx_report import render

    return render(c)


def report_filename(regime: Regime, period: Period, fmt: str) -> str:
    """ "bao-cao-tinh-hinh-chuyen-doi-so-2024Q3.docx"."""
    slug = slugify(fold(regime.name))
    if slug.startswith("bao-cao-"):
        slug = slug[len("bao-cao-") :]
    slug = slug[:80].strip("-") or "tong-hop"
    return f"bao-cao-{slug}-{period.code}.{fmt}"


def build_report(
    actor: Any,
    regime: Regime,
    period: Period,
    fmt: str,
    *,
    as_of: dt.date | None = None,
    number: str = "",
    via: str = "web",
) -> ProvinceReport:
    """Build the province's report for `regime` and `period` in `fmt` ("docx" or "xlsx"),
    store it as the period's `ProvinceReport` — replacing the file of the row already
    there for the same regime, period and format — and record "report.build".

    Raises PermissionDenied unless `actor` may build reports (None: the command line),
    ValidationError (nothing written) for an unknown format or a period the regime does
    not report.
    """
    if actor is not None:
        require(actor, Action.BUILD_REPORTS)
    if fmt not in ReportFormat.values:
        raise ValidationError(
            _("Định dạng “%(f)s” không hợp lệ; chỉ nhận: %(ok)s.")
            % {"f": fmt, "ok": ", ".join(ReportFormat.values)}
        )
    number = (number or "").strip()
    if len(number) > 100:
        raise ValidationError(_("Số, ký hiệu dài quá 100 ký tự."))
    c = consolidate(regime, period, as_of=as_of)
    content = build_docx(c, number=number) if fmt == ReportFormat.DOCX else build_xlsx(c)
    name = report_filename(regime, period, fmt)
    storage = ProvinceReport._meta.get_field("file").storage
    written: str | None = None
    try:
        with transaction.atomic():
            row = (
                ProvinceReport.objects.select_for_update()
                .filter(regime=regime, period_code=period.code, format=fmt)
                .first()
            )
            created = row is None
            row = row or ProvinceReport(regime=regime, format=fmt)
            old = row.file.name if row.file else ""
            row.period = period
            row.number = number
            row.built_at = timezone.now()
            row.built_by = actor if getattr(actor, "is_authenticated", False) else None
            row.summary = c.summary()
            if old and storage.exists(old):
                # Regenerated on demand: the new file takes the old one's place (and name).
                storage.delete(old)
            row.file.save(name, ContentFile(content), save=False)
            written = row.file.name
            row.save()
            audit.record(
                actor,
                "report.build",
                row,
                after={
                    "format": fmt,
                    "period": period.code,
                    "file": row.file.name,
                    "rebuilt": not created,
                    **{k: row.summary[k] for k in ("expected", "submitted", "on_time", "late")},
                    "missing": row.summary["missing"],
                },
                via=via,
            )
    except Exception:
        if written:
            storage.delete(written)
        raise
    return row


__all__ = [
    "Consolidated",
    "DigestEntry",
    "DigestSection",
    "Issuer",
    "LateUnit",
    "NarrativeEntry",
    "NarrativeSection",
    "TaskSplit",
    "build_docx",
    "build_report",
    "build_xlsx",
    "consolidate",
    "excerpt",
    "report_filename",
]
