"""Fill the empty translations of one zh-hans catalogue.

Usage: .venv/bin/python scripts/po_fill.py <app>/locale/zh_Hans/LC_MESSAGES/django.po [new.py]

``new.py`` holds a Python dict literal {"English msgid": "中文", ...} for new strings; any other
empty entry takes the translation that the same msgid already has in another catalogue of the
project. Prints each msgid still missing, so `make messages` + this + a look at the output is the
whole translation round.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr ""$', re.M)
DONE = re.compile(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)+)"$', re.M)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def main(po: Path, new: dict[str, str]) -> int:
    known: dict[str, str] = {_escape(k): _escape(v) for k, v in new.items()}
    for other in sorted(Path().glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in other.parts or "node_modules" in other.parts:
            continue
        for match in DONE.finditer(other.read_text()):
            known.setdefault(match.group(1), match.group(2))
    missing = 0

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        msgid = match.group(1)
        if msgid and msgid in known:
            return f'msgid "{msgid}"\nmsgstr "{known[msgid]}"'
        if msgid:
            missing += 1
            sys.stdout.write(f"missing: {msgid}\n")
        return match.group(0)

    po.write_text(ENTRY.sub(fill, po.read_text()).replace("#, fuzzy\n", ""))
    return 1 if missing else 0


if __name__ == "__main__":
    extra = ast.literal_eval(Path(sys.argv[2]).read_text()) if len(sys.argv) > 2 else {}
    sys.exit(main(Path(sys.argv[1]), extra))
