"""What "nothing half-written" means for opinions, checked in the database after a fault."""

import re

from sqlalchemy import select

from audit.models import AuditAction, AuditEvent
from extensions import db
from opinions.models import Opinion, Suggestion

TITLE = re.compile(r"n=(\d+)$")


def opinion_form(title: str, n: int) -> dict:
    """An opinion whose title says how many suggestions it carries."""
    return {
        "title": f"{title} n={n}",
        "body": "压测问题陈述：𠮷野家门前的人行道👍🏽",
        "suggestions": "\n".join(f"第{k}条建议" for k in range(1, n + 1)),
        "themes": "压测",
    }


def assert_nothing_half_written(acknowledged: list[str]) -> int:
    """Every opinion complete with its suggestions and audit rows; every acknowledged one
    there exactly once. Returns the number of opinions found."""
    db.session.remove()
    opinions = db.session.scalars(select(Opinion)).all()
    titles = [o.title for o in opinions]
    for opinion in opinions:
        expected = int(TITLE.search(opinion.title).group(1))
        texts = [s.text for s in sorted(opinion.suggestions, key=lambda s: s.position)]
        assert texts == [f"第{k}条建议" for k in range(1, expected + 1)], opinion.title
    for title in acknowledged:
        assert titles.count(title) == 1, (
            f"acknowledged write {title!r} found {titles.count(title)}x"
        )
    audited = _created(Opinion.__tablename__)
    assert audited == {o.id for o in opinions}, "an opinion without its audit row, or vice versa"
    suggestion_ids = set(db.session.scalars(select(Suggestion.id)))
    assert _created(Suggestion.__tablename__) == suggestion_ids
    return len(opinions)


def _created(table: str) -> set[int]:
    return set(
        db.session.scalars(
            select(AuditEvent.entity_id).where(
                AuditEvent.table_name == table, AuditEvent.action == AuditAction.CREATE
            )
        )
    )
