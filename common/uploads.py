"""The one safe reader for uploaded Office packages (.docx, .xlsx) and CSV files.

An upload is hostile until read: a zip of a few KB can unpack to gigabytes, an XML part can
carry a DTD with an entity loop or an external entity, a sheet can hold a million cells.
Everything here reads under `Limits` (unpacked bytes per part and in total, zip entries,
XML elements, paragraphs/rows/cells, characters, seconds) and stops at the first limit with
`UploadRejected`, whose message is translated for the user (views answer its status, the
CLI prints it). Nothing is parsed by a library that expands entities or loads a whole part
it has not measured.

    open_package(data, limits) -> Package       a zip checked entry by entry (sizes, count)
    Package.elements(name)                       streamed XML of one part, DTDs refused
    decode_csv_text(data) -> str / csv_rows(...) CSV with line, row and cell limits
"""

import posixpath
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from io import BytesIO

from flask import current_app, has_app_context
from flask_babel import gettext as _
from lxml import etree

from common.errors import RuleViolation

MB = 1024 * 1024
CHUNK = 64 * 1024  # bytes fed to the XML parser at a time
CHECK_EVERY = 2048  # XML events between two looks at the clock
WALL_FACTOR = 4  # wall-clock backstop: this many times the CPU-time limit


class UploadRejected(RuleViolation, ValueError):
    """A file that cannot or must not be read; `.message` is translated, `.status` 4xx."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message, status)


@dataclass(frozen=True)
class Limits:
    """What one upload may cost. Defaults suit speeches and participant lists."""

    part_bytes: int = 20 * MB  # one unpacked XML part
    total_bytes: int = 60 * MB  # every entry of the zip, unpacked, as its directory declares
    entries: int = 1000  # files inside the zip
    elements: int = 1_000_000  # XML elements read, all parts together
    paragraphs: int = 10_000  # .docx paragraphs (a long speech has a few hundred)
    rows: int = 50_000  # CSV records scanned (blank ones too)
    cells: int = 100_000  # cells and shared strings with a value (an import has 30,000)
    columns: int = 512  # a cell further right than this is refused
    characters: int = 2_000_000  # text produced
    line_characters: int = 100_000  # one CSV line
    seconds: float = 1.5  # CPU time of one read (wall clock: WALL_FACTOR times this)

    def with_(self, **changes: float) -> "Limits":
        return replace(self, **changes)  # type: ignore[arg-type]  # int fields get ints


CONFIG_KEYS = {
    "UPLOAD_MAX_PART_MB": ("part_bytes", MB),
    "UPLOAD_MAX_UNPACKED_MB": ("total_bytes", MB),
    "UPLOAD_MAX_ENTRIES": ("entries", 1),
    "UPLOAD_MAX_ELEMENTS": ("elements", 1),
    "UPLOAD_MAX_PARAGRAPHS": ("paragraphs", 1),
    "UPLOAD_MAX_ROWS": ("rows", 1),
    "UPLOAD_MAX_CELLS": ("cells", 1),
    "UPLOAD_MAX_COLUMNS": ("columns", 1),
    "UPLOAD_MAX_CHARACTERS": ("characters", 1),
    "UPLOAD_MAX_LINE_CHARACTERS": ("line_characters", 1),
    "UPLOAD_MAX_SECONDS": ("seconds", 1),
}


def configured_limits() -> Limits:
    """The limits of the running app (config.py, instance/config.py), else the defaults."""
    if not has_app_context():
        return Limits()
    changes: dict[str, int | float] = {}
    for key, (attribute, unit) in CONFIG_KEYS.items():
        value = current_app.config.get(key)
        if value is not None:
            number = float(value) * unit
            changes[attribute] = number if attribute == "seconds" else int(number)
    return Limits().with_(**changes)


def too_large(what: str) -> UploadRejected:
    return UploadRejected(
        _(
            "The file is too large to read once unpacked (%(what)s). "
            "Nothing was saved; remove pictures or split the file.",
            what=what,
        ),
        413,
    )


class DamagedFile(UploadRejected):
    """Not the kind of file its name says, or broken: not a zip, malformed XML."""


def damaged(kind: str) -> DamagedFile:
    return DamagedFile(
        _("The file cannot be read as %(kind)s: it is damaged or of another type.", kind=kind)
    )


class Budget:
    """Counts what a read has used so far and refuses to go past `Limits`."""

    def __init__(self, limits: Limits):
        self.limits = limits
        # The limit counts this thread's CPU time (what an attack costs the worker, not
        # the waits of a busy machine); wall-clock time gets a generous backstop.
        self.cpu_deadline = time.thread_time() + limits.seconds
        self.wall_deadline = time.monotonic() + limits.seconds * WALL_FACTOR
        self.elements = 0
        self.characters = 0

    def tick(self) -> None:
        if time.thread_time() > self.cpu_deadline or time.monotonic() > self.wall_deadline:
            raise UploadRejected(
                _(
                    "Reading the file took longer than %(n)s seconds and was stopped. "
                    "Nothing was saved; check the file or split it.",
                    n=self.limits.seconds,
                ),
                422,
            )

    def add_elements(self, n: int) -> None:
        self.elements += n
        if self.elements > self.limits.elements:
            raise too_large(_("more than %(n)d XML elements", n=self.limits.elements))

    def add_characters(self, n: int) -> None:
        self.characters += n
        if self.characters > self.limits.characters:
            raise too_large(_("more than %(n)d characters of text", n=self.limits.characters))


def _xml_parser() -> etree.XMLPullParser:
    # No entity is expanded, no DTD or network is touched; libxml2's own caps (depth,
    # text node size) stay on because huge_tree is off.
    return etree.XMLPullParser(
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class Package:
    """An Office zip whose directory passed the size checks; parts are read on demand."""

    def __init__(self, archive: zipfile.ZipFile, budget: Budget, kind: str):
        self.archive = archive
        self.budget = budget
        self.kind = kind
        self.names = {info.filename.lstrip("/"): info for info in archive.infolist()}

    def has(self, name: str) -> bool:
        return name in self.names

    def elements(self, name: str | None) -> Iterator[etree._Element]:
        """The finished elements of one XML part, streamed in document order (children before
        their parent); the caller releases what it has used. Counts elements and time.

        A DOCTYPE anywhere (and so any entity declaration) refuses the file."""
        info = self.names.get(name) if name else None
        if info is None:
            return
        parser = _xml_parser()
        budget, read, checked = self.budget, 0, False
        try:
            with self.archive.open(info) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    read += len(chunk)
                    if read > budget.limits.part_bytes:
                        raise too_large(
                            _("one part larger than %(n)d MB", n=budget.limits.part_bytes // MB)
                        )
                    if read == len(chunk) and _declares_doctype(chunk):
                        raise dtd_refused()  # before libxml2 sees an entity loop
                    if chunk:
                        parser.feed(chunk)
                    else:
                        parser.close()
                    for _event, element in parser.read_events():
                        if not checked:
                            checked = True
                            _refuse_doctype(element)
                        budget.elements += 1
                        if budget.elements % CHECK_EVERY == 0:
                            budget.add_elements(0)
                            budget.tick()
                        yield element
                    if not chunk:
                        break
        except etree.XMLSyntaxError:
            raise damaged(self.kind) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
            if isinstance(error, UploadRejected):
                raise
            raise damaged(self.kind) from None
        except NotImplementedError:  # a compression method zipfile does not know
            raise damaged(self.kind) from None
        budget.add_elements(0)

    def root_is(self, element: etree._Element, tag: str) -> None:
        """Refuse a part whose root is not `tag` (a workbook renamed .docx, say)."""
        if local(element.getroottree().getroot().tag) != tag:
            raise damaged(self.kind)


DOCTYPE_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _declares_doctype(first_chunk: bytes) -> bool:
    """A DOCTYPE stands before the root element, so within the part's first bytes."""
    return any(mark in first_chunk for mark in DOCTYPE_MARKS)


def dtd_refused() -> UploadRejected:
    return UploadRejected(
        _(
            "The file contains a document type declaration (DTD), which Office files "
            "never need; it was refused for safety. Save it again from Word, WPS or Excel."
        )
    )


def _refuse_doctype(element: etree._Element) -> None:
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise dtd_refused()


DIRECTORY_BYTES_PER_ENTRY = 200  # an Office entry's directory record is about 100 bytes


def _check_directory_size(data: bytes, limits: Limits) -> None:
    """Refuse a zip whose central directory is too big before zipfile parses it (in Python,
    entry by entry: a directory of 100,000 names would take seconds)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end == -1:
        return  # zipfile says it is damaged
    entries = int.from_bytes(data[end + 10 : end + 12], "little")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    if entries > limits.entries or size > limits.entries * DIRECTORY_BYTES_PER_ENTRY:
        raise too_large(_("more than %(n)d entries in the zip", n=limits.entries))


def open_package(data: bytes, kind: str, limits: Limits | None = None) -> Package:
    """The zip of an .docx/.xlsx with its directory checked against the limits.

    Declared sizes are enforced while reading too: zipfile stops each entry at its declared
    size and checks its CRC, and Package.elements counts what it reads."""
    limits = limits or configured_limits()
    budget = Budget(limits)
    if not data.startswith(b"PK"):
        raise damaged(kind)
    _check_directory_size(data, limits)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise damaged(kind) from None
    except NotImplementedError:
        raise damaged(kind) from None
    if len(infos) > limits.entries:
        raise too_large(_("more than %(n)d entries in the zip", n=limits.entries))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:  # encrypted: Office encrypts differently, this is not one
            raise damaged(kind)
        total += info.file_size
        if total > limits.total_bytes:
            raise too_large(_("more than %(n)d MB in total", n=limits.total_bytes // MB))
    return Package(archive, budget, kind)


def relationships(package: Package, source: str) -> dict[str, tuple[str, str]]:
    """Id -> (type's last word, part name) of a part's relationships ("" for the package).

    Targets are relative to the source part's folder unless they start with "/"."""
    folder, _sep, filename = source.rpartition("/")
    rels_name = f"{folder}/_rels/{filename}.rels" if folder else f"_rels/{filename}.rels"
    found: dict[str, tuple[str, str]] = {}
    for element in package.elements(rels_name):
        if local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
            target = element.get("Target") or ""
            base = "" if target.startswith("/") else folder
            name = posixpath.normpath(posixpath.join("/", base, target)).lstrip("/")
            kind = (element.get("Type") or "").rsplit("/", 1)[-1]
            found[element.get("Id") or ""] = (kind, name)
        release(element)
    return found


def related(package: Package, source: str, kind: str) -> str | None:
    """The first part of a relationship type ("officeDocument", "styles", ...)."""
    for rel_kind, name in relationships(package, source).values():
        if rel_kind == kind and package.has(name):
            return name
    return None


def release(element: etree._Element) -> None:
    """Free a finished element and its finished siblings: a streamed part stays small."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def local(tag: object) -> str:
    """The local name of an lxml tag ("{ns}p" -> "p"); comments and PIs have none."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def bounded_int(value: str | None, default: int, low: int, high: int) -> int:
    """An integer attribute of a file, inside [low, high]; anything else is the default.

    Files say w:start="abc", "-30" or "99999999999999999999"; none of these may crash."""
    if value is None:
        return default
    text = value.strip()
    if not text or len(text) > 12:
        return default if not text.lstrip("+-").isdigit() else (high if text[0] != "-" else low)
    try:
        number = int(text)
    except ValueError:
        return default
    return min(max(number, low), high)
