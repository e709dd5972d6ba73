"""Speed and memory of ``vnextract.extract`` (issue 3).

Run: ``.venv/bin/python benchmarks/bench_extract.py [--runs N]``.

Times the sample directives of ``../shared/eval/docs`` and the held-out set, then
synthetic directives of growing size (20 KB … 1 MB) built by repeating realistic sections
(numbered headings, assignment bullets, deadlines, a tab-separated appendix table,
footnotes). Each figure is the median of N runs on one core (the process is pinned to one
CPU where the OS allows it); peak memory is measured separately with ``tracemalloc``.
Prints a Markdown table for ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnextract import extract  # noqa: E402  (after the path set-up above)
from vnextract._text import clear_fold_cache  # noqa: E402

SAMPLES = [
    *sorted((ROOT.parent / "shared" / "eval" / "docs").glob("*.txt")),
    *sorted((ROOT / "vnextract" / "tests" / "heldout" / "docs").glob("*.txt")),
]

HEADER = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI

Số: 158/KH-UBND

Gia Lai, ngày 22 tháng 9 năm 2025

KẾ HOẠCH

Chuyển đổi số, phát triển chính quyền số tỉnh Gia Lai năm 2026

UBND tỉnh ban hành Kế hoạch chuyển đổi số năm 2026, cụ thể như sau:

"""

SECTION = """{n}. Kết quả thực hiện nhóm nhiệm vụ {n}

Trong kỳ, các sở, ban, ngành và UBND các xã, phường đã tích cực triển khai các nhiệm vụ \
chuyển đổi số theo kế hoạch; tỷ lệ hồ sơ trực tuyến toàn trình đạt 52,3%; tỷ lệ số hóa \
hồ sơ, kết quả giải quyết thủ tục hành chính đạt 81,6%; toàn tỉnh có 1.245 điểm truy cập \
Internet công cộng. Tuy nhiên, hạ tầng, thiết bị tại một số xã còn thiếu, chưa đồng bộ; \
đội ngũ cán bộ, công chức cấp xã còn thiếu kỹ năng số; dữ liệu đất đai, hộ tịch chưa \
được làm sạch, đồng bộ với Cơ sở dữ liệu quốc gia về dân cư, gây khó khăn cho việc cung \
cấp dịch vụ công trực tuyến toàn trình và tái sử dụng dữ liệu đã số hóa.

{n}. Nhiệm vụ nhóm {n}

{n}.1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Công an tỉnh, Văn phòng UBND \
tỉnh rà soát hạ tầng, đường truyền tại bộ phận một cửa các xã, phường; hoàn thành trước \
ngày 30/9/2025<sup>{n}</sup>.

{n}.2. Sở Tài chính:

- Tham mưu UBND tỉnh bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số năm 2026, \
hoàn thành trong tháng 11/2025.

- Phối hợp với Sở Nội vụ tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã; \
phấn đấu 100% cán bộ, công chức cấp xã được tập huấn trong Quý IV/2025.

{n}.3. UBND các xã, phường:

a) Kiện toàn Tổ công nghệ số cộng đồng ở thôn, bản, khu phố; hoàn thành trong tháng 9/2025.

b) Báo cáo tình hình thực hiện định kỳ hàng tháng (trước ngày 20) về Sở Khoa học và \
Công nghệ; tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 60%.

c) Thường xuyên cập nhật thông tin chỉ đạo, điều hành trên trang thông tin điện tử.

{n}.4. Đề nghị Viettel Gia Lai, VNPT Gia Lai bảo đảm hạ tầng truyền dẫn đến cấp xã.

<sup>{n}</sup> Theo Kế hoạch số {n}/KH-UBND ngày 05/01/2025; đạt 630.485/732.908 hồ sơ.

STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tSản phẩm
{n}.1\tXây dựng Kho dữ liệu dùng chung\tSở Khoa học và Công nghệ\tCác sở, ban, ngành tỉnh\t\
Quý III/2026\tKho dữ liệu
{n}.2\tSố hóa hồ sơ hộ tịch\tSở Tư pháp\tUBND các xã, phường; Công an tỉnh\tNăm 2026\tCSDL

"""

FOOTER = """Nơi nhận:
- Các sở, ban, ngành tỉnh;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Tuấn Anh
"""


def synthetic(size: int) -> str:
    """A directive of about ``size`` bytes (UTF-8) made of repeated realistic sections."""
    parts = [HEADER]
    total = len(HEADER.encode())
    n = 1
    while total < size - len(FOOTER.encode()):
        sec = SECTION.format(n=n)
        parts.append(sec)
        total += len(sec.encode())
        n += 1
    parts.append(FOOTER)
    return "".join(parts)


def median_ms(text: str, runs: int) -> float:
    extract(text)  # warm the caches (lexicon, gazetteer trie) once
    times = []
    for _ in range(runs):
        clear_fold_cache()  # no credit for text folded or stripped in an earlier run
        t0 = time.perf_counter()
        extract(text)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def peak_mib(text: str) -> float:
    clear_fold_cache()
    tracemalloc.start()
    extract(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21, help="runs per document (median)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"Python {platform.python_version()}, {platform.machine()}, runs={args.runs}\n")
    print("| document | size (KB) | tasks | median (ms) | ms per 100 KB | peak memory (MiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    rows: list[tuple[str, str]] = [(p.name, p.read_text(encoding="utf-8")) for p in SAMPLES]
    rows += [(f"synthetic {k} KB", synthetic(k * 1024)) for k in (20, 100, 250, 500, 1024)]
    for name, text in rows:
        kb = len(text.encode()) / 1024
        runs = args.runs if kb < 200 else max(3, args.runs // 4)
        ms = median_ms(text, runs)
        tasks = len(extract(text).tasks)
        print(
            f"| {name} | {kb:.1f} | {tasks} | {ms:.1f} | {ms / kb * 100:.1f} "
            f"| {peak_mib(text):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
