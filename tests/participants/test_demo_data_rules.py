"""The demo story must obey the directory's rules, or editing a demo record would fail."""

import pytest

from demo.loader import load_demo
from extensions import db
from participants import department_services, services
from participants.department_services import DepartmentInput
from participants.models import Department, Participant
from participants.services import ParticipantInput

pytestmark = pytest.mark.usefixtures("request_context")


def test_every_demo_record_can_be_saved_unchanged(app):
    load_demo()
    db.session.flush()
    for d in db.session.query(Department):
        department_services.update_department(
            d,
            DepartmentInput(
                name=d.name,
                short_name=d.short_name,
                aliases=d.aliases_text,
                contact_person=d.contact_person,
                phone=d.phone,
                email=d.email,
                address=d.address,
            ),
        )
    for p in db.session.query(Participant):
        services.update_participant(
            p,
            ParticipantInput(
                name=p.name,
                kind=p.kind,
                affiliation=p.affiliation,
                title=p.title,
                sector=p.sector,
                committee=p.committee,
                phone=p.phone,
                email=p.email,
                department_id=p.department_id,
                notes=p.notes,
            ),
        )
    # Within a committee every department name points at one department only (opinion
    # matching relies on it); another district may use the same short name (区教育局).
    names = [
        (d.committee_id, department_services.name_key(n))
        for d in db.session.query(Department)
        for n in d.all_names
    ]
    assert len(names) == len(set(names))
