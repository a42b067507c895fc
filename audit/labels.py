"""The audit log's words: a translated name for every record type and field it shows.

Events store table and column names (stable, language-free); these dictionaries turn them
into what a clerk reads. A field is looked up per table first, then by its column name
alone, so `title` or `status` is written once. tests/audit checks that every audited table
and column has a name here.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

TABLE_LABELS = {
    "agenda_item": _l("Agenda step"),
    "app_user": _l("User account"),
    "assignment": _l("Assignment"),
    "assignment_event": _l("Assignment history entry"),
    "commitment": _l("Commitment"),
    "committee": _l("CPPCC committee"),
    "consensus_opinion": _l("Consensus point link"),
    "consensus_point": _l("Consensus point"),
    "department": _l("Department"),
    "document_sequence": _l("Document numbering"),
    "invitation": _l("Invitation"),
    "login_attempt": _l("Sign-in attempt"),
    "meeting": _l("Meeting"),
    "notification": _l("Notification"),
    "office_settings": _l("Office settings"),
    "opinion": _l("Opinion"),
    "opinion_theme": _l("Opinion theme link"),
    "participant": _l("Participant"),
    "progress_update": _l("Progress update"),
    "rating": _l("Rating"),
    "reply": _l("Reply"),
    "report": _l("Finalised document"),
    "search_entry": _l("Search index entry"),
    "speaker_slot": _l("Speakers list entry"),
    "suggestion": _l("Suggestion"),
    "theme": _l("Theme"),
}

# Column names that mean the same in every table.
FIELD_LABELS = {
    "active": _l("Active"),
    "address": _l("Address"),
    "affiliation": _l("Affiliation"),
    "agenda_item_id": _l("Agenda step"),
    "aliases_text": _l("Aliases"),
    "assigned_by_id": _l("Assigned by"),
    "assignment_id": _l("Assignment"),
    "at": _l("Time"),
    "attendance": _l("Attendance"),
    "author_id": _l("Author"),
    "body": _l("Problem"),
    "category": _l("Reply category"),
    "chair_id": _l("Chair"),
    "channel": _l("Channel"),
    "comment": _l("Comment"),
    "commitment_id": _l("Commitment"),
    "committee": _l("Committee"),
    "committee_id": _l("CPPCC committee"),
    "consensus_issue_number": _l("Consensus report issue number"),
    "consensus_point_id": _l("Consensus point"),
    "contact_method": _l("How the department met the member"),
    "contact_person": _l("Contact person"),
    "content": _l("Content"),
    "content_sha256": _l("Content fingerprint"),
    "copy_to": _l("Copied to"),
    "department_id": _l("Department"),
    "description": _l("Description"),
    "display_name": _l("Display name"),
    "done_at": _l("Done at"),
    "due_date": _l("Due date"),
    "duration_seconds": _l("Speaking time (seconds)"),
    "email": _l("E-mail"),
    "ended_at": _l("Ended at"),
    "ends_at": _l("Ends at"),
    "file_sha256": _l("File fingerprint"),
    "finalised_at": _l("Finalised at"),
    "finalised_by_id": _l("Finalised by"),
    "is_demo": _l("Demo instance"),
    "issue_number": _l("Minutes issue number"),
    "issuing_body": _l("Issuing body"),
    "kind": _l("Kind"),
    "level": _l("Level"),
    "link": _l("Link"),
    "meeting_id": _l("Meeting"),
    "message": _l("Message"),
    "mode": _l("Handling mode"),
    "name": _l("Name"),
    "parent_id": _l("Parent committee"),
    "next_number": _l("Next number"),
    "note": _l("Note"),
    "notes": _l("Notes"),
    "object_id": _l("Record"),
    "on_date": _l("Date"),
    "opinion_id": _l("Opinion"),
    "opinions_open": _l("Opinion window open"),
    "organiser_committee": _l("Organising committee"),
    "participant_id": _l("Participant"),
    "password_hash": _l("Password"),
    "path": _l("File"),
    "percent": _l("Progress (%)"),
    "phone": _l("Phone"),
    "planned_minutes": _l("Planned minutes"),
    "position": _l("Order"),
    "presenter_id": _l("Presenter"),
    "printed_by": _l("Printed and issued by"),
    "purpose": _l("Purpose"),
    "rated_by_id": _l("Rated by"),
    "read_at": _l("Read at"),
    "replaces_id": _l("Replaces"),
    "reply_id": _l("Reply"),
    "reply_working_days": _l("Default reply deadline (working days)"),
    "report_addressee": _l("Consensus report addressee"),
    "return_reason": _l("Reason for return"),
    "role": _l("Role"),
    "round": _l("Round"),
    "sector": _l("Sector"),
    "short_name": _l("Short name"),
    "size": _l("Size (bytes)"),
    "speaker_id": _l("Speaker"),
    "started_at": _l("Started at"),
    "starts_at": _l("Starts at"),
    "status": _l("Status"),
    "submitted_at": _l("Submitted at"),
    "submitted_by_id": _l("Submitted by"),
    "text": _l("Text"),
    "theme_id": _l("Theme"),
    "time_limit_seconds": _l("Time limit (seconds)"),
    "title": _l("Title"),
    "tokens": _l("Search tokens"),
    "topic": _l("Topic"),
    "user_id": _l("User"),
    "username": _l("User name"),
    "value": _l("Rating"),
    "venue": _l("Venue"),
    "version": _l("Version"),
}

# Where a column means something more specific in one table.
TABLE_FIELD_LABELS = {
    ("agenda_item", "text"): _l("What was said"),
    ("app_user", "role"): _l("Role"),
    ("assignment", "role"): _l("Assignment role"),
    ("assignment_event", "actor_id"): _l("By"),
    ("commitment", "department_id"): _l("Responsible department"),
    ("invitation", "role"): _l("Role at the meeting"),
    ("participant", "kind"): _l("Participant kind"),
    ("participant", "title"): _l("Position"),
    ("agenda_item", "kind"): _l("Agenda step kind"),
    ("meeting", "kind"): _l("Meeting kind"),
    ("report", "kind"): _l("Document"),
    ("search_entry", "kind"): _l("Record type"),
    ("suggestion", "text"): _l("Suggestion"),
    ("reply", "text"): _l("Reply text"),
    ("commitment", "text"): _l("Commitment"),
    ("consensus_point", "text"): _l("Consensus point"),
}

# Who acted when nobody was signed in (the names acting_as() gives).
SYSTEM_ACTORS = {
    "system": _l("System"),
    "demo": _l("Demo loader"),
    "cli": _l("Command line"),
    "bench": _l("Benchmark"),
    "load": _l("Load test"),
}


def table_label(table: str) -> str:
    return str(TABLE_LABELS.get(table, table))


def field_label(table: str, column: str) -> str:
    label = TABLE_FIELD_LABELS.get((table, column)) or FIELD_LABELS.get(column)
    return str(label) if label is not None else column


def actor_label(name: str) -> str:
    return str(SYSTEM_ACTORS[name]) if name in SYSTEM_ACTORS else name


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
