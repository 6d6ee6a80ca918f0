"""Fill Vietnamese translations into django.po from a mapping: `python scripts/po_fill.py MAP.py`.

MAP.py defines T = {msgid: msgstr}. Entries named there get the msgstr and lose their fuzzy
flag; every other entry is left alone. Run `bash scripts/i18n` afterwards to compile.
"""

import re
import runpy
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/sangkien/locale/vi/LC_MESSAGES/django.po"


def _joined(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines))


def fill(text: str, translations: dict[str, str]) -> tuple[str, int]:
    """Single-line and wrapped msgids alike; the msgstr is written on one line."""
    filled = 0
    blocks = text.split("\n\n")
    for i, block in enumerate(blocks):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"(?:\n|$))+)', block, re.M)
        if not match or _joined(match.group(1)).replace('\\"', '"') not in translations:
            continue
        msgid = _joined(match.group(1)).replace('\\"', '"')
        msgstr = translations[msgid].replace('"', '\\"')
        block = block[: match.start(2)] + f'"{msgstr}"' + (
            "\n" if match.group(2).endswith("\n") else "") + block[match.end(2):]
        block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
        block = re.sub(r"^#, fuzzy, ", "#, ", block, flags=re.M)
        block = re.sub(r"^(#,.*), fuzzy", r"\1", block, flags=re.M)
        block = re.sub(r'^#\| (msgid|msgctxt) ".*"\n', "", block, flags=re.M)
        block = re.sub(r'^#\| ".*"\n', "", block, flags=re.M)
        block = re.sub(r'^#\| msgid_plural .*\n', "", block, flags=re.M)
        blocks[i] = block
        filled += 1
    return "\n\n".join(blocks), filled


if __name__ == "__main__":
    mapping = runpy.run_path(sys.argv[1])["T"]
    new_text, count = fill(PO.read_text(encoding="utf-8"), mapping)
    PO.write_text(new_text, encoding="utf-8")
    print(f"{count} entries filled")
