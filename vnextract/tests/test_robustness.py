"""Any bytes in — empty, binary, huge, corrupt, hostile — end quickly in a result or an
:class:`ExtractionError`, never another exception, a hang or unbounded memory.

Fuzzing (hypothesis) covers random bytes, random text in the genre's alphabet and real
directives mutated at random; the explicit cases cover the files a user may really upload.
"""

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnextract import Extraction, ExtractionError, extract
from vnextract._read import MAX_TEXT_CHARS

HERE = Path(__file__).resolve().parent
SAMPLES = sorted((HERE / "heldout" / "docs").glob("*.txt")) + sorted(
    (HERE.parents[2] / "shared" / "eval" / "docs").glob("*.txt")
)
TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLES]
LIMIT_S = 10.0

# Characters of the genre: Vietnamese letters, digits, numbering, markup, tabs and pipes.
ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ")
    + list("SởUBNDTTĐIVX0123456789.,;:()/-+*|#<>\t\n ¹²³%“”")
    + ["\n\n", "**", "<sup>1</sup>", "1.1. ", "- ", "a) ", "Giao ", "Sở Y tế ", " chủ trì"]
)


def _ok(source: object) -> Extraction | None:
    """Extract, allowing only a result or ExtractionError, within the time limit."""
    t0 = time.perf_counter()
    message = ""
    try:
        result: Extraction | None = extract(source)  # type: ignore[arg-type]
    except ExtractionError as exc:
        result, message = None, str(exc)
    assert time.perf_counter() - t0 < LIMIT_S
    if result is None:  # a clear, one-line message
        assert message
        assert "\n" not in message
    if result is not None:
        for t in result.tasks:
            assert " ".join(result.text[s.start : s.end] for s in t.spans) == t.quote
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    _ok(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=600).map("".join))
def test_random_text_in_the_genres_alphabet(text: str) -> None:
    _ok(text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real directive with random lines deleted, duplicated, swapped or cut."""
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["del", "dup", "swap", "cut", "junk", "indent"]))
        if op == "del":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]
        elif op == "junk":
            lines[i] += draw(st.text(max_size=20))
        else:
            lines[i] = draw(st.sampled_from(["\t", "    ", "**", "1.1.1.1. ", "| "])) + lines[i]
    return "\n".join(lines)


@pytest.mark.skipif(not TEXTS, reason="no sample directives")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_real_directives(text: str) -> None:
    _ok(text)


@pytest.mark.parametrize(
    "source",
    [
        "",
        " \n\t\n",
        b"",
        b"\xff\xfe",  # a bare UTF-16 byte-order mark
        b"\xef\xbb\xbf",  # a bare UTF-8 one
        "Nơi nhận:",
        "Số: /TB-UBND\nngày tháng năm",
        "I.\nII.\n1.\n1.1.\na)\n-\n+\n*",
        "\t\t\t\n|||\n| STT | Nhiệm vụ |\n|---|---|\n| | |",
        "<sup>1</sup>" * 500,
        "¹²³⁴⁵⁶⁷⁸⁹" * 300,
        "(" * 5000 + ")" * 5000,
        "**" * 5000,
        "Giao " * 3000,
        "Sở Y tế, " * 3000,
        "trước ngày 99/99/9999 quý IX/20245 tháng 13/2024 ngày 31/2/2024",
        "\u202e\u200b\ufeff\x00\x07" * 100,
    ],
)
def test_odd_inputs_end_in_a_result_or_a_clear_error(source: object) -> None:
    _ok(source)


def test_deeply_nested_and_absurd_numbering() -> None:
    lines = []
    for i in range(3000):
        depth = i % 40
        num = ".".join(str(1 + (i + k) % 97) for k in range(depth % 5 + 1))
        lines.append(f"{'    ' * depth}{num}. {'I' * (i % 7 + 1)}. a) - + * Sở Y tế chủ trì:")
    result = _ok("III. NHIỆM VỤ\n\n" + "\n".join(lines))
    assert result is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.docx", b""),
        ("text.docx", "Số: 1/TB-UBND".encode()),
        ("zip-without-document.docx", None),
        ("broken-xml.docx", None),
        ("empty.pdf", b""),
        ("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(2000)),
        ("latin1.txt", "Quyết định".encode("latin-1", errors="replace") * 1000),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)),
        ("data.bin", b"\x00" * 100),
    ],
)
def test_corrupt_files_are_clear_errors(tmp_path: Path, name: str, content: bytes | None) -> None:
    path = tmp_path / name
    if name == "zip-without-document.docx":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("hello.txt", "xin chào")
    elif name == "broken-xml.docx":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types")
            zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    else:
        path.write_bytes(content or b"")
    _ok(path)


def test_truncated_real_docx_is_a_clear_error(tmp_path: Path) -> None:
    d = docx.Document()
    for i in range(200):
        d.add_paragraph(f"{i}. Sở Y tế chủ trì triển khai hồ sơ sức khỏe điện tử.")
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    for cut in (len(data) // 3, len(data) - 100):
        path = tmp_path / f"cut{cut}.docx"
        path.write_bytes(data[:cut])
        with pytest.raises(ExtractionError):
            extract(path)


@pytest.mark.heavy
def test_zip_bomb_with_many_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(6000):
            zf.writestr(f"word/media/{i}.xml", "")
    t0 = time.perf_counter()
    with pytest.raises(ExtractionError):
        extract(path)
    assert time.perf_counter() - t0 < LIMIT_S


@pytest.mark.heavy
def test_a_20_mb_text_file_ends_quickly_in_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = "- Sở Y tế chủ trì, phối hợp với Sở Tài chính triển khai trước ngày 30/9/2025.\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(line * (20 * 1024 * 1024 // len(line.encode())))
    assert path.stat().st_size > 19 * 1024 * 1024
    t0 = time.perf_counter()
    with pytest.raises(ExtractionError, match="quá dài"):
        extract(path)
    assert time.perf_counter() - t0 < LIMIT_S


_SENTENCE = "Sở Y tế chủ trì, phối hợp với Sở Tài chính triển khai trước ngày 30/9/2025. "


@pytest.mark.heavy
def test_one_enormous_paragraph_ends_within_the_time_bound() -> None:
    # the shape that made naive per-sentence work quadratic
    text = "III. NHIỆM VỤ\n\n" + _SENTENCE * (300_000 // len(_SENTENCE))
    t0 = time.perf_counter()
    result = extract(text)
    assert time.perf_counter() - t0 < LIMIT_S
    assert len(result.tasks) > 3000
    with pytest.raises(ExtractionError):  # and the limit on text is enforced
        extract("x " * (MAX_TEXT_CHARS // 2 + 1))


def test_memory_grows_linearly_with_the_text() -> None:
    def peak(n: int) -> int:
        text = "III. NHIỆM VỤ\n\n" + ("- " + _SENTENCE + "\n") * n
        tracemalloc.start()
        extract(text)
        got = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return got

    small, large = peak(100), peak(800)
    assert large < 12 * small  # 8× the text, well under 12× the memory
    assert large < 64 * 1024 * 1024
