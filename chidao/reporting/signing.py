"""Who signs the province's report, and how the signature block reads (Nghị định 30/2020,
Phụ lục I, mục về thẩm quyền ký).

A regime stores one setting (`Regime.report_signer`: the steering committee or its
standing department) and the signer's own position (`Regime.signer_title`, e.g. "Phó
Trưởng ban thường trực" or "Phó Giám đốc") and name. The block follows from them:

- the committee signs: "TM. BAN CHỈ ĐẠO" / ("KT. TRƯỞNG BAN" when a deputy signs) / the
  position;
- the standing department signs: ("KT. GIÁM ĐỐC" when a deputy signs) / the position.

Titles typed in full ("KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN") are read for their last line, the
position: the "TM." and "KT." lines are always derived, so they cannot contradict the
header.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from chidao.core.text import fold
from chidao.reporting.choices import ReportSigner

COMMITTEE_HEAD = "TRƯỞNG BAN"
# Lines of a typed title that the block derives itself: on behalf of (TM.), signing for
# the head (KT.), by order of (TL., TUQ.).
_DERIVED = re.compile(r"^(TM|KT|TL|TUQ)\.\s*", re.IGNORECASE)


def title_lines(title: str) -> list[str]:
    """A typed title split into lines ("/" or a new line between them), upper-cased."""
    return [line.strip().upper() for line in re.split(r"[/\n]", title or "") if line.strip()]


def position_of(title: str) -> str:
    """The signer's own position in a typed title: "KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN" →
    "PHÓ TRƯỞNG BAN"; "" when the title holds none."""
    lines = [line for line in title_lines(title) if not _DERIVED.match(line)]
    return lines[-1] if lines else ""


def is_deputy(position: str) -> bool:
    return fold(position).startswith("pho ")


def head_of(position: str) -> str:
    """The head's title a deputy signs for: "PHÓ GIÁM ĐỐC THƯỜNG TRỰC" → "GIÁM ĐỐC"."""
    head = re.sub(r"^PHÓ\s+", "", position.strip().upper())
    return re.sub(r"\s+THƯỜNG TRỰC$", "", head).strip()


def signature_lines(signer: str, title: str, *, default_head: str) -> list[str]:
    """The title lines of the signature block for `signer` (a `ReportSigner` value), the
    typed `title` and, when none is typed, the standing body's head (`default_head`). A
    typed position of the other body (saved before `title_problem` refused it) gives way
    to the head's title, so that the block never contradicts the header."""
    if title_problem(signer, title):
        title = ""
    if signer == ReportSigner.COMMITTEE:
        position = position_of(title) or COMMITTEE_HEAD
        lines = ["TM. BAN CHỈ ĐẠO"]
        if is_deputy(position):
            lines.append(f"KT. {COMMITTEE_HEAD}")
        return [*lines, position]
    position = position_of(title) or default_head
    if is_deputy(position):
        return [f"KT. {head_of(position) or default_head}", position]
    return [position]


def title_problem(signer: str, title: str) -> str | None:
    """Why `title` cannot be the position of someone signing as `signer`, or None."""
    position = fold(position_of(title))
    if not position:
        return None
    in_committee = "truong ban" in position
    if signer == ReportSigner.COMMITTEE and not in_committee:
        return _(
            "Ban Chỉ đạo ký báo cáo thì chức vụ người ký là Trưởng ban hoặc Phó Trưởng ban "
            "(ví dụ “Phó Trưởng ban thường trực”), không phải “%(t)s”."
        ) % {"t": position_of(title).capitalize()}
    if signer == ReportSigner.STANDING and in_committee:
        return _(
            "Cơ quan thường trực ký báo cáo thì chức vụ người ký là của lãnh đạo cơ quan đó "
            "(ví dụ “Giám đốc”, “Phó Giám đốc”), không phải “%(t)s”."
        ) % {"t": position_of(title).capitalize()}
    return None
