"""Fill Vietnamese translations into django.po from a mapping: `python scripts/po_fill.py MAP.py`.

MAP.py defines T = {msgid: msgstr}. Entries named there get the msgstr and lose their fuzzy
flag; every other entry is left alone. Run `bash scripts/i18n` afterwards to compile.
"""

import re
import runpy
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/sangkien/locale/vi/LC_MESSAGES/django.po"


def fill(text: str, translations: dict[str, str]) -> tuple[str, int]:
    filled = 0
    blocks = text.split("\n\n")
    for i, block in enumerate(blocks):
        match = re.search(r'^msgid "(.*)"\nmsgstr "(.*)"$', block, re.M)
        if not match or match.group(1) not in translations:
            continue
        msgstr = translations[match.group(1)].replace('"', '\\"')
        block = block[: match.start(2)] + msgstr + block[match.end(2):]
        block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
        block = re.sub(r"^#, fuzzy, ", "#, ", block, flags=re.M)
        block = re.sub(r"^(#,.*), fuzzy", r"\1", block, flags=re.M)
        block = re.sub(r'^#\| (msgid|msgctxt) ".*"\n', "", block, flags=re.M)
        blocks[i] = block
        filled += 1
    return "\n\n".join(blocks), filled


if __name__ == "__main__":
    mapping = runpy.run_path(sys.argv[1])["T"]
    new_text, count = fill(PO.read_text(encoding="utf-8"), mapping)
    PO.write_text(new_text, encoding="utf-8")
    print(f"{count} entries filled")
