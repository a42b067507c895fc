"""Minutes and consensus report as DOCX for offices that edit in Word or WPS: the same
structure, wording and faces as the printed PDF (reports/word_base.py sets the page).

minutes_docx(meeting) / consensus_docx(meeting) -> bytes
"""

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from flask_babel import force_locale
from flask_babel import gettext as _

from meetings.models import Meeting
from reports.documents import (
    ConsensusContext,
    DocumentHead,
    Entry,
    MinutesContext,
    consensus_context,
    minutes_context,
)
from reports.word_base import (
    DOCX_MIMETYPE,
    body,
    commitment_table,
    docx_bytes,
    heading,
    imprint,
    labelled,
    new_docx,
    red_header,
    title,
    xml_safe,
)

__all__ = ["DOCX_MIMETYPE", "minutes_docx", "consensus_docx"]
DOCUMENT_LOCALE = "zh_CN"


def _issue_line(doc: DocumentHead) -> str:
    line: str = _("Issue %(n)s", n=doc.issue["number"])
    return line + (_("(provisional)") if doc.issue["provisional"] else "")


def _opinion(document: DocxDocument, op: Entry) -> None:
    body(document, "".join(op["body"]), lead_in=_("On “%(title)s”:", title=op["quoted_title"]))
    if op["suggestions"]:
        body(document, _("Suggestions:") + "".join(op["suggestions"]))


def _speakers(document: DocxDocument, rows: list[Entry]) -> None:
    for n, speaker in enumerate(rows, 1):
        heading(document, n, speaker["line"], level=2)
        for op in speaker["opinions"]:
            _opinion(document, op)
        if not speaker["opinions"] and speaker["topic"]:
            body(document, _("Spoke on “%(topic)s”.", topic=speaker["topic"]))


def _said(document: DocxDocument, item: Entry) -> None:
    """What was said in a step; the presenter's name leads the first paragraph."""
    for n, line in enumerate(item["text"]):
        lead = ""
        if n == 0 and item["presenter_line"] and item["kind"] not in ("speeches", "responses"):
            lead = _("%(person)s:", person=item["presenter_line"])
        body(document, line, lead_in=lead)


def _responses(document: DocxDocument, doc: MinutesContext) -> None:
    for n, entry in enumerate(doc.responses, 1):
        heading(document, n, entry["department"], level=2)
        for reply in entry["replies"]:
            lead = _(
                "On “%(title)s” (%(speaker)s)",
                title=reply["opinion_title"],
                speaker=reply["speaker"],
            )
            if reply["oral"]:
                lead += _(", at the meeting:")
            elif reply["round"] > 1:
                lead += _(", second written reply:")
            else:
                lead += _(", in writing:")
            body(document, "".join(reply["text"]), lead_in=lead)


def _consensus(document: DocxDocument, points: list[Entry]) -> None:
    for point in points:
        based = ""
        if point["opinions"]:
            names = "、".join(dict.fromkeys(o["speaker"] for o in point["opinions"]))
            based = _("(Based on the opinions of %(names)s.)", names=names)
        body(document, f"{point['number']}. " + "".join(point["text"]) + based)


class _Numbering:
    def __init__(self, document: DocxDocument) -> None:
        self.document, self.n = document, 0

    def __call__(self, text: str) -> None:
        self.n += 1
        heading(self.document, self.n, text)


def minutes_docx(meeting: Meeting) -> bytes:
    """会议纪要 as an editable DOCX, in the order and faces of the printed minutes."""
    with force_locale(DOCUMENT_LOCALE):
        doc: MinutesContext = xml_safe(minutes_context(meeting))
        document = new_docx()
        name = (
            _("“Invite to Consult” minutes")
            if doc.kind_of_meeting == "invite_to_consult"
            else _("Consultation minutes")
        )
        red_header(document, doc.issuing_body, name, _issue_line(doc))
        title(document, doc.title_lines)
        opening = _(
            "On %(date)s, %(committee)s held a consultation at %(venue)s on “%(title)s”.",
            date=doc.date,
            committee=doc.issuing_body,
            venue=doc.venue or "—",
            title=doc.quoted_title,
        )
        if doc.chair:
            opening += _("%(chair)s presided.", chair=doc.chair)
        body(document, opening)
        for line in doc.description:
            body(document, line)
        next_heading = _Numbering(document)
        seen = set()
        for item in doc.agenda:
            next_heading(item["title"])
            _said(document, item)
            if item["kind"] == "speeches":
                _speakers(document, item["speakers"])
                if item["id"] == doc.last_speeches_step and doc.written:
                    _written(document, doc, next_heading)
            elif item["kind"] in ("responses", "summary") and item["kind"] not in seen:
                seen.add(item["kind"])
                if item["kind"] == "responses":
                    _responses(document, doc)
                elif doc.consensus:
                    body(document, _("The meeting reached the following consensus:"))
                    _consensus(document, doc.consensus)
        if doc.unplaced_speakers:
            next_heading(_("Consultation speeches"))
            _speakers(document, doc.unplaced_speakers)
        if doc.last_speeches_step is None and doc.written:
            _written(document, doc, next_heading)
        if "responses" not in seen and doc.responses:
            next_heading(_("Department responses"))
            _responses(document, doc)
        if "summary" not in seen and doc.consensus:
            next_heading(_("Consensus of the meeting"))
            _consensus(document, doc.consensus)
        if doc.commitments:
            next_heading(_("Commitments and due dates"))
            commitment_table(document, doc.commitments)
        body(document)  # GB/T 9704 10.3: one blank line, then the attendee lists
        for key, label in (
            ("present", _("Present:")),
            ("excused", _("Excused:")),
            ("observers", _("Sitting in:")),
        ):
            if doc.attendance[key]:
                labelled(document, label.rstrip(":："), "，".join(doc.attendance[key]))
        body(document)
        imprint(document, doc.imprint)
        return docx_bytes(document)


def _written(document: DocxDocument, doc: MinutesContext, next_heading: _Numbering) -> None:
    next_heading(_("Written opinions"))
    for n, op in enumerate(doc.written, 1):
        heading(document, n, op["speaker_line"], level=2)
        _opinion(document, op)


def consensus_docx(meeting: Meeting) -> bytes:
    """协商成果报告 as an editable DOCX, the same sections as the printed report."""
    with force_locale(DOCUMENT_LOCALE):
        doc: ConsensusContext = xml_safe(consensus_context(meeting))
        document = new_docx()
        red_header(document, doc.issuing_body, "", _issue_line(doc))
        title(
            document,
            [
                _(
                    "Report on the outcome of the consultation on “%(title)s”",
                    title=doc.quoted_title,
                )
            ],
        )
        if doc.addressee:
            body(document, f"{doc.addressee}：", indent=False)
        body(
            document,
            _(
                "On %(date)s, %(committee)s held a consultation on “%(title)s”; %(speakers)s"
                " participants put forward %(opinions)s opinions. The outcome is reported as"
                " follows.",
                date=doc.date,
                committee=doc.issuing_body,
                title=doc.quoted_title,
                speakers=doc.speaker_count,
                opinions=doc.opinion_count,
            ),
        )
        next_heading = _Numbering(document)
        if doc.consensus:
            next_heading(_("Consensus reached"))
            _consensus(document, doc.consensus)
        if doc.themes:
            next_heading(_("Key suggestions by theme"))
            for n, group in enumerate(doc.themes, 1):
                heading(document, n, group["theme"] or _("Other suggestions"), level=2)
                for m, op in enumerate(group["opinions"], 1):
                    body(
                        document,
                        "".join(op["suggestions"]),
                        lead_in=f"{m}. {op['title']}（{op['speaker']}）。",
                    )
        if doc.departments:
            next_heading(_("Departments responsible for the suggestions"))
            for entry in doc.departments:
                parts = []
                if entry["lead"]:
                    parts.append(
                        _("leads on %(titles)s", titles="“" + "”、“".join(entry["lead"]) + "”")
                    )
                if entry["co"]:
                    parts.append(
                        _("co-handles %(titles)s", titles="“" + "”、“".join(entry["co"]) + "”")
                    )
                body(document, "；".join(parts) + "。", lead_in=f"{entry['department']}：")
        if doc.commitments:
            next_heading(_("Commitments and due dates"))
            commitment_table(document, doc.commitments)
        body(document)
        for text in (doc.issuing_body, doc.issued_on):
            paragraph = body(document, text, indent=False)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        body(document)
        imprint(document, doc.imprint)
        return docx_bytes(document)
