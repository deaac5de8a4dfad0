"""Make the English catalogue from the Indonesian one.

The source strings are English, so each English translation is its msgid (plural entries
get the singular and plural forms). Run by `make makemessages` after Django has refreshed
the Indonesian catalogue.
"""

import sys
from pathlib import Path

import polib


def build(source: Path, target: Path) -> int:
    po = polib.pofile(str(source))
    out = polib.POFile(wrapwidth=po.wrapwidth)
    out.metadata = {
        "Project-Id-Version": "Rangkul",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in po:
        if entry.obsolete:
            continue
        copy = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            occurrences=entry.occurrences,
            flags=[f for f in entry.flags if f != "fuzzy"],
        )
        if entry.msgid_plural:
            copy.msgid_plural = entry.msgid_plural
            copy.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            copy.msgstr = entry.msgid
        out.append(copy)
    out.save(str(target))
    return len(out)


if __name__ == "__main__":
    count = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"English catalogue: {count} entries")
