"""The log served in the C2SP tlog-tiles layout (c2sp.org/tlog-tiles), for mirrors and
standard tooling: tiles of 256 hashes, height 8, and bundles of 256 entries. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

TILE_WIDTH = 256
TILE_HEIGHT = 8
_INDEX = re.compile(r"^(?:x\d{3}/)*\d{3}$")


def encode_index(n: int) -> str:
    """1234067 → "x001/x234/067": three digits per path element, "x" on all but the last."""
    groups = []
    while True:
        groups.append(f"{n % 1000:03d}")
        n //= 1000
        if n == 0:
            break
    groups.reverse()
    return "/".join([*(f"x{g}" for g in groups[:-1]), groups[-1]])


def decode_index(path: str) -> int:
    if not _INDEX.match(path):
        raise ValueError(f"not a tile index: {path!r}")
    return int("".join(part.lstrip("x") for part in path.split("/")))


def parse_tile_path(path: str) -> tuple[str, int, int]:
    """"0/x001/234.p/7" → ("0", 1234, 7); "entries/005" → ("entries", 5, 256)."""
    level, _, rest = path.partition("/")
    width = TILE_WIDTH
    if ".p/" in rest:
        rest, _, partial = rest.partition(".p/")
        if not partial.isdigit() or not 1 <= int(partial) < TILE_WIDTH or partial[0] == "0":
            raise ValueError("a partial tile has a width from 1 to 255")
        width = int(partial)
    if level != "entries" and (not level.isdigit() or (level != "0" and level[0] == "0")):
        raise ValueError(f"not a tile level: {level!r}")
    return level, decode_index(rest), width


def entry_bundle(entries: Sequence[bytes]) -> bytes:
    """Entries, each as a big-endian 16-bit length and its bytes."""
    out = bytearray()
    for entry in entries:
        if len(entry) > 0xFFFF:
            raise ValueError("an entry of a bundle is at most 65,535 bytes")
        out += len(entry).to_bytes(2, "big") + entry
    return bytes(out)
