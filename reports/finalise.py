"""Finalising a document (定稿): the PDF stored as a file with a record, immutable, versioned.

    with file_guard() as written:            # the view
        result = finalise_document("minutes", meeting, user, written)
        db.session.commit()

`finalise_document` locks the meeting (FOR UPDATE on PostgreSQL, SQLite's write lock), so
two finalisations of one meeting run one after the other and the second finds the first's
version. A document without an issue number takes the next one of its kind (第N期) and
keeps it on the meeting. It then renders the finalised document (no draft mark, its own
number): if its content hash (the HTML without the issue date, which is the day of
finalising) equals the latest version's, nothing is written and `result.created` is False.
Otherwise the PDF, dated today, is written
atomically (temp file in the same folder, fsync, os.replace) and a `Report` row is added
and flushed. `file_guard` removes every file written inside it when anything in the block
fails (rendering, the flush, the commit): no file without a record, no record without a
file. Files live under <instance>/reports/<meeting id>/.
"""

import contextlib
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, text
from sqlalchemy.orm import joinedload

from accounts.models import User
from accounts.policy import can
from common.clock import today as office_today
from common.errors import RuleViolation
from common.files import write_atomically
from extensions import db
from meetings.models import Meeting, MeetingStatus
from reports import documents
from reports.letterhead import assign_issue_number, letterhead
from reports.models import Report, ReportKind

# A document records what happened: only a meeting that took place has one to finalise.
FINALISABLE = (MeetingStatus.HELD, MeetingStatus.CLOSED, MeetingStatus.ARCHIVED)


@dataclass
class FinaliseResult:
    report: Report
    created: bool  # False: the content had not changed since this version


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def storage_root() -> Path:
    return Path(current_app.instance_path) / "reports"


def absolute_path(report: Report) -> Path:
    return Path(current_app.instance_path) / report.path


def versions(meeting: Meeting, kind: str | ReportKind) -> list[Report]:
    """The finalised versions of one document of a meeting, newest first (one query)."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.meeting_id == meeting.id, Report.kind == ReportKind(kind))
            .options(joinedload(Report.finalised_by))
            .order_by(Report.version.desc())
        )
    )


def versions_by_kind(meeting: Meeting) -> dict[str, list[Report]]:
    """Every document's versions, newest first, for the meeting page's card (one query)."""
    grouped: dict[str, list[Report]] = {kind.value: [] for kind in ReportKind}
    rows = db.session.scalars(
        select(Report)
        .where(Report.meeting_id == meeting.id)
        .options(joinedload(Report.finalised_by))
        .order_by(Report.version.desc())
    )
    for report in rows:
        grouped[report.kind.value].append(report)
    return grouped


def find_version(meeting: Meeting, kind: str, version: int) -> Report | None:
    """Version `version` of the meeting's `kind` document, or None (the route's <id:>
    converter has already refused numbers no INTEGER column holds)."""
    return db.session.scalar(
        select(Report).where(
            Report.meeting_id == meeting.id,
            Report.kind == ReportKind(kind),
            Report.version == version,
        )
    )


@contextlib.contextmanager
def file_guard() -> Iterator[list[Path]]:
    """Collects the files written inside; removes them all if the block raises."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        raise


def ensure_may_finalise(meeting: Meeting, by_user: User | None) -> None:
    if by_user is not None and not can(by_user, "report.finalise", meeting):
        raise RuleViolation(_("You may not finalise this meeting's documents."), 403)
    if meeting.status not in FINALISABLE:
        raise RuleViolation(_("Documents can be finalised once the meeting has been held."), 409)


def lock_meeting(meeting: Meeting) -> Meeting:
    """Serialise finalisations of one meeting; the meeting as it is once the lock is held
    (another request may just have given it its issue number)."""
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a no-op write takes the database's write lock now,
        # so the second request waits here (busy_timeout) and then reads the first's work.
        db.session.execute(text("UPDATE meeting SET id = id WHERE id = :id"), {"id": meeting.id})
        query = select(Meeting)
    else:
        query = select(Meeting).with_for_update(of=Meeting)
    return db.session.scalars(
        query.where(Meeting.id == meeting.id).execution_options(populate_existing=True)
    ).one()


def finalise_document(
    kind: str, meeting: Meeting, by_user: User | None, written: list[Path]
) -> FinaliseResult:
    """Store the current document as the next version, unless its content is unchanged.

    Flushes only; the caller commits inside `file_guard()` (see the module docstring)."""
    kind = ReportKind(kind).value
    ensure_may_finalise(meeting, by_user)
    letterhead(meeting.committee_id)  # no issuing body: refused before a number is taken
    meeting = lock_meeting(meeting)
    ensure_may_finalise(meeting, None)
    assign_issue_number(meeting, kind)
    content_hash = sha256(documents.render_document(kind, meeting, draft=False).encode("utf-8"))
    latest = db.session.scalar(
        select(Report)
        .where(Report.meeting_id == meeting.id, Report.kind == ReportKind(kind))
        .order_by(Report.version.desc())
        .limit(1)
    )
    if latest is not None and latest.content_sha256 == content_hash:
        return FinaliseResult(latest, created=False)
    html = documents.render_document(kind, meeting, draft=False, issued_on=office_today())
    pdf = documents.pdf_bytes(html)
    number = (
        db.session.scalar(
            select(func.max(Report.version)).where(
                Report.meeting_id == meeting.id, Report.kind == ReportKind(kind)
            )
        )
        or 0
    ) + 1
    # A random part keeps a concurrent attempt at the same number from touching this file.
    relative = Path("reports") / str(meeting.id) / f"{kind}-v{number}-{secrets.token_hex(4)}.pdf"
    path = Path(current_app.instance_path) / relative
    write_atomically(path, pdf, durable=True)
    written.append(path)
    report = Report(
        meeting_id=meeting.id,
        kind=ReportKind(kind),
        version=number,
        content_sha256=content_hash,
        file_sha256=sha256(pdf),
        path=relative.as_posix(),
        size=len(pdf),
        finalised_by_id=by_user.id if by_user is not None else None,
    )
    db.session.add(report)
    db.session.flush()
    return FinaliseResult(report, created=True)


class StoredFileDamaged(RuntimeError):
    """The stored PDF is missing or no longer matches the hash recorded when finalised."""


def stored_bytes(report: Report) -> bytes:
    """The finalised PDF exactly as stored, after checking it against its recorded hash."""
    try:
        data = absolute_path(report).read_bytes()
    except FileNotFoundError as error:
        raise StoredFileDamaged(f"{report.path} is missing") from error
    if len(data) != report.size or sha256(data) != report.file_sha256:
        raise StoredFileDamaged(f"{report.path} does not match its recorded hash")
    return data
