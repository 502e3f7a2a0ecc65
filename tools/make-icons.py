#!/usr/bin/env python3
"""Draws Ditto's toolbar icons (two overlapping pages, the second a copy)
as PNGs with the standard library only. Run: python3 tools/make-icons.py"""
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extension" / "icons"
BACK = (108, 92, 231, 255)   # violet page behind
FRONT = (255, 196, 0, 255)   # amber copy in front, the highlight colour
LINE = (60, 45, 20, 255)


def pixel(x, y, n):
    u, v = x / n, y / n
    in_front = 0.34 <= u <= 0.94 and 0.34 <= v <= 0.94
    in_back = 0.06 <= u <= 0.66 and 0.06 <= v <= 0.66
    if in_front:
        rows = [0.50, 0.64, 0.78]
        if 0.44 <= u <= 0.84 and any(abs(v - r) < 0.035 for r in rows):
            return LINE
        return FRONT
    if in_back:
        return BACK
    return (0, 0, 0, 0)


def png(n):
    raw = b"".join(
        b"\x00" + b"".join(struct.pack("4B", *pixel(x + 0.5, y + 0.5, n)) for x in range(n))
        for y in range(n)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


for size in (16, 32, 48, 96, 128):
    (OUT / f"ditto-{size}.png").write_bytes(png(size))
