"""The audit log reads in Chinese: record types, field names, enum values by their labels,
foreign keys by the record's name, booleans as 是/否 — never `app_user#2` or `basically`."""

from audit.labels import FIELD_LABELS, TABLE_FIELD_LABELS, TABLE_LABELS
from extensions import db
from opinions import services as opinions
from responses import assignments
from tests import factories


def audited_tables():
    models = {m.persist_selectable.name: m.class_ for m in db.Model.registry.mappers}
    for table in db.metadata.sorted_tables:
        model = models.get(table.name)
        if model is None or not getattr(model, "__audit_exclude__", False):
            yield table


def test_every_audited_table_and_column_has_a_name():
    missing = []
    for table in audited_tables():
        if table.name not in TABLE_LABELS:
            missing.append(table.name)
        for column in table.columns:
            known = (table.name, column.name) in TABLE_FIELD_LABELS or column.name in FIELD_LABELS
            if not known and column.name not in ("id", "created_at", "updated_at"):
                missing.append(f"{table.name}.{column.name}")
    assert not missing, f"give these a translated name in audit/labels.py: {missing}"


def test_the_log_names_records_fields_and_values(client, auth, secretariat):
    department = factories.make_department("区卫健局")
    other = factories.make_department("区教育局")
    speaker = factories.make_participant("王喆", kind="member")
    meeting = factories.make_meeting("普惠托育协商会", status="held", opinions_open=True)
    factories.make_invitation(meeting, speaker, role="speaker")
    opinion = opinions.submit_opinion(meeting, speaker, {"title": "关于增加普惠托位的建议"})
    db.session.commit()
    assignment, _other = assignments.assign(
        opinion, [department, other], "split", by_user=secretariat
    )
    db.session.commit()
    meeting.opinions_open = False
    db.session.commit()
    auth.login("secretariat")
    page = client.get("/audit/").get_data(as_text=True)
    body = page.split("<tbody>")[1]
    for raw in ("app_user#", "meeting#", "opinion_id", "department_id", "split", "assigned"):
        assert raw not in body, raw
    assert "用户账号" in body and "会议" in body and "交办" in body  # record types
    assert "办理方式" in body  # the field `mode`
    assert "分办" in body  # the enum by its label
    assert "区卫健局" in body and "关于增加普惠托位的建议" in body  # foreign keys by name
    assert "是 → 否" in body  # opinions_open: a boolean
    filters = page.split("<tbody>")[0]
    assert '<option value="assignment">交办</option>' in filters
    assert assignment.id
