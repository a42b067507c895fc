"""The city's league of committees (各区政协对比): one line per committee the user reads.

Built from the department league's rows (each department belongs to one committee) plus
one grouped count of opinions: three queries, whatever the number of committees or rows.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from committees.models import Committee
from dashboard.league import Counts, DepartmentRow
from dashboard.scope import Scope, as_int
from extensions import db
from opinions.models import Opinion
from participants.models import Department


@dataclass
class CommitteeRow(Counts):
    """One committee's totals for the scope."""

    committee_id: int = 0
    name: str = ""
    opinions: int = 0


def committee_rows(
    scope: Scope, rows: list[DepartmentRow], committee_ids: tuple[int, ...], _today: date
) -> list[CommitteeRow]:
    """Each committee's opinions, reply, on-time and satisfaction rates and overdue
    commitments, in the order of `committee_ids` (the user's own first)."""
    names = dict(
        db.session.execute(
            select(Committee.id, Committee.short_name).where(Committee.id.in_(committee_ids))
        ).all()
    )
    found = {cid: CommitteeRow(committee_id=cid, name=names.get(cid, "")) for cid in committee_ids}
    opinions = select(Opinion.committee_id, func.count(Opinion.id)).where(scope.opinions())
    for committee_id, n in db.session.execute(opinions.group_by(Opinion.committee_id)):
        if committee_id in found:
            found[committee_id].opinions = as_int(n)
    department_ids = [r.department_id for r in rows]
    owner = (
        dict(
            db.session.execute(
                select(Department.id, Department.committee_id).where(
                    Department.id.in_(department_ids)
                )
            ).all()
        )
        if department_ids
        else {}
    )
    counted = [name for name in Counts.__dataclass_fields__ if name != "ratings"]
    for row in rows:
        line = found.get(owner.get(row.department_id, -1))
        if line is None:
            continue
        for name in counted:
            setattr(line, name, getattr(line, name) + getattr(row, name))
        for value, n in row.ratings.items():
            line.ratings[value] = line.ratings.get(value, 0) + n
    return list(found.values())
