"""Keep the Chinese catalogue in step with the code.

    python scripts/i18n.py            extract strings, merge them into zh, report gaps
    python scripts/i18n.py --compile  also compile .mo files (setup does this)
    python scripts/i18n.py --check    exit 1 if any string in the code lacks a translation

Translations for new strings may be dropped into translations/fragments/*.po; they are
folded into the catalogue and the fragment files removed.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "app.py",
    "accounts",
    "common",
    "demo",
    "meetings",
    "participants",
    "reports",
    "templates",
]
POT = ROOT / "translations" / "messages.pot"
PO = ROOT / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
FRAGMENTS = ROOT / "translations" / "fragments"


def pybabel(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def extract() -> None:
    sources = [s for s in SOURCES if (ROOT / s).exists()]
    pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-o",
        str(POT),
        *sources,
    )
    if PO.exists():
        pybabel(
            "update",
            "-i",
            str(POT),
            "-d",
            "translations",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )
    else:
        pybabel("init", "-i", str(POT), "-d", "translations", "-l", "zh")


def fold_fragments() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    for fragment in sorted(FRAGMENTS.glob("*.po")):
        with fragment.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string and message.id in catalog:
                    catalog[message.id].string = message.string
        fragment.unlink()
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, no_location=True)


def untranslated() -> list[str]:
    with PO.open("rb") as f:
        catalog = read_po(f)
    return [m.id for m in catalog if m.id and not m.string]


def main() -> int:
    if "--compile" in sys.argv and "--check" not in sys.argv and PO.exists() and len(sys.argv) == 2:
        pybabel("compile", "-d", "translations")
        return 0
    extract()
    fold_fragments()
    missing = untranslated()
    for message_id in missing:
        print("untranslated:", message_id)
    if "--compile" in sys.argv:
        pybabel("compile", "-d", "translations")
    return 1 if missing and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
