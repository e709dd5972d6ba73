"""Zip bombs for the upload tests, built in the test and small on disk.

`build_zip` writes a zip by hand so a member can hold a real deflate stream that inflates
to gigabytes while the file stays around a megabyte: the stream of one mebibyte of the
same byte, ended with a full flush, is identical each time (a full flush resets the
compressor's history), so it is repeated instead of compressed again. The CRC of a bomb
member is left 0: a reader checks it only after inflating everything, so the bomb works
the same, and the checks under test never inflate.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Bomb:
    """A member that inflates to `mib` mebibytes: `prefix`, then `fill` repeated, then
    `suffix`."""

    mib: int
    prefix: bytes = b""
    fill: bytes = b"\x00"
    suffix: bytes = b""


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _bomb_stream(bomb: Bomb) -> tuple[bytes, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(bomb.prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    chunk = bomb.fill * (MIB // len(bomb.fill))
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(bomb.suffix) + packer.flush()
    stream = head + block * bomb.mib + tail
    return stream, len(bomb.prefix) + len(chunk) * bomb.mib + len(bomb.suffix)


def build_zip(members: dict[str, bytes | Bomb]) -> bytes:
    """A zip of `members` (deflated), bombs included; below 4 GiB per member."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, content in members.items():
        raw_name = name.encode()
        if isinstance(content, Bomb):
            stream, size = _bomb_stream(content)
            crc = 0
        else:
            stream, size, crc = _deflate(content), len(content), zlib.crc32(content)
        offset = out.tell()
        # version, flags, method (8: deflate), time, date, crc, sizes, name and extra lengths
        sizes = (crc, len(stream), size, len(raw_name), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, *sizes))
        out.write(raw_name)
        out.write(stream)
        # the same, after "made by" and before comment, disk, attributes and the offset
        entry = (0x02014B50, 20, 20, 0, 8, 0, 0x21, *sizes, 0, 0, 0, 0, offset)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", *entry))
        central.write(raw_name)
    start = out.tell()
    out.write(central.getvalue())
    count = len(members)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central.getvalue()), start, 0)
    )
    return out.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    """The members of an ordinary zip (an .xlsx or .docx made by a library), inflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def with_members(data: bytes, **changes: bytes | Bomb) -> bytes:
    """The zip `data` rebuilt with members replaced or added (keyword names use "__" for
    "/" and "_dot_" for ".": `xl__sharedStrings_dot_xml=Bomb(1024)`)."""
    members: dict[str, bytes | Bomb] = dict(members_of(data))
    for key, content in changes.items():
        members[key.replace("__", "/").replace("_dot_", ".")] = content
    return build_zip(members)


def shared_strings_bomb(mib: int) -> Bomb:
    """xl/sharedStrings.xml holding one string of `mib` mebibytes."""
    return Bomb(
        mib,
        prefix=b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
        fill=b"A",
        suffix=b"</t></si></sst>",
    )
