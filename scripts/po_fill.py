"""Fill the empty translations of one zh-hans catalogue.

Usage: .venv/bin/python scripts/po_fill.py <app>/locale/zh_Hans/LC_MESSAGES/django.po [new.py]

``new.py`` holds a Python dict literal {"English msgid": "中文", ...} for new strings; any other
empty entry takes the translation that the same msgid already has in another catalogue of the
project. Prints each msgid still missing, so `make messages` + this + a look at the output is the
whole translation round. Plural entries are filled from ``{"singular": "中文"}`` too (Chinese
has one form).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _field(lines: list[str], keyword: str) -> tuple[str, int, int] | None:
    """The joined value of ``keyword`` ("msgid", "msgstr", "msgstr[0]"…) and its line span."""
    for start, line in enumerate(lines):
        if line.startswith(keyword + " "):
            end = start + 1
            while end < len(lines) and lines[end].startswith('"'):
                end += 1
            value = "".join(STRING.findall(" ".join(lines[start:end])[len(keyword) :]))
            return value, start, end
    return None


def _blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.split("\n\n")]


def _known(po: Path, new: dict[str, str]) -> dict[str, str]:
    known = {_escape(k): _escape(v) for k, v in new.items()}
    for other in sorted(Path().glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in other.parts or "node_modules" in other.parts or other == po:
            continue
        for lines in _blocks(other.read_text()):
            msgid, msgstr = _field(lines, "msgid"), _field(lines, "msgstr")
            if msgstr is None:
                msgstr = _field(lines, "msgstr[0]")
            if msgid and msgstr and msgid[0] and msgstr[0]:
                known.setdefault(msgid[0], msgstr[0])
    return known


def main(po: Path, new: dict[str, str]) -> int:
    known = _known(po, new)
    missing = 0
    blocks = _blocks(po.read_text())
    for lines in blocks:
        msgid = _field(lines, "msgid")
        if msgid is None or not msgid[0]:
            continue
        for keyword in ("msgstr", "msgstr[0]"):
            msgstr = _field(lines, keyword)
            if msgstr is None or msgstr[0]:
                continue
            if msgid[0] in known:
                _, start, end = msgstr
                lines[start:end] = [f'{keyword} "{known[msgid[0]]}"']
            else:
                missing += 1
                sys.stdout.write(f"missing: {msgid[0]}\n")
        if any(line == "#, fuzzy" for line in lines) and msgid[0]:
            lines.remove("#, fuzzy")
    po.write_text("\n\n".join("\n".join(lines) for lines in blocks))
    return 1 if missing else 0


if __name__ == "__main__":
    extra = ast.literal_eval(Path(sys.argv[2]).read_text()) if len(sys.argv) > 2 else {}
    sys.exit(main(Path(sys.argv[1]), extra))
