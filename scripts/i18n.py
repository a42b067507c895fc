"""Keep the Chinese catalogue in step with the code.

    python scripts/i18n.py            extract strings, fold fragments into the zh catalogue,
                                      list what is still untranslated
    python scripts/i18n.py --compile  build the .mo from the catalogue plus any fragments
                                      (writes nothing else; setup runs this)
    python scripts/i18n.py --check    exit 1 if a string in the code has no translation
                                      in the catalogue or a fragment (writes nothing)

New translations may be written to translations/fragments/<feature>.po (plain msgid/msgstr
pairs) so that parallel work never edits the same file; the plain run folds them in.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
# Every feature package is scanned, so a new one cannot be forgotten.
NOT_UI = {"tests", "migrations", "scripts", "benchmarks", "translations", "instance", "static"}


def sources() -> list[str]:
    packages = sorted(
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in NOT_UI
    )
    return ["app.py", *packages, "templates"]


POT = ROOT / "translations" / "messages.pot"
LC = ROOT / "translations" / "zh" / "LC_MESSAGES"
PO = LC / "messages.po"
FRAGMENTS = ROOT / "translations" / "fragments"


def pybabel(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def extract(pot: Path) -> Catalog:
    paths = sources()
    pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-o",
        str(pot),
        *paths,
    )
    with pot.open("rb") as f:
        return read_po(f)


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="zh")


def fragment_translations() -> dict[str, str]:
    translations: dict[str, str] = {}
    for fragment in sorted(FRAGMENTS.glob("*.po")):
        for message in read(fragment):
            if message.id and message.string:
                translations[message.id] = message.string
    return translations


def catalogue_with_fragments() -> Catalog:
    catalog = read(PO)
    for message_id, string in fragment_translations().items():
        if message_id in catalog:
            catalog[message_id].string = string
        else:
            catalog.add(message_id, string)
    return catalog


def update_and_fold() -> None:
    extract(POT)
    pybabel(
        "update",
        "-i",
        str(POT),
        "-d",
        "translations",
        "-l",
        "zh",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    catalog = catalogue_with_fragments()
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, no_location=True, ignore_obsolete=True)
    for fragment in FRAGMENTS.glob("*.po"):
        fragment.unlink()


def untranslated() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        code_strings = extract(Path(tmp) / "messages.pot")
    catalog = catalogue_with_fragments()
    return [m.id for m in code_strings if m.id and not (m.id in catalog and catalog[m.id].string)]


def compile_mo() -> None:
    with (LC / "messages.mo").open("wb") as f:
        write_mo(f, catalogue_with_fragments())


def main() -> int:
    if "--compile" in sys.argv:
        compile_mo()
        return 0
    if "--check" in sys.argv:
        missing = untranslated()
        for message_id in missing:
            print("untranslated:", message_id)
        return 1 if missing else 0
    update_and_fold()
    compile_mo()
    for message_id in untranslated():
        print("untranslated:", message_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
