"""The index follows every ORM write, and rebuild_index() recreates it from the tables."""

from sqlalchemy import func, insert, select

from extensions import db
from opinions.models import Opinion, OpinionChannel, Suggestion
from search.indexing import rebuild_index
from search.models import SearchEntry
from search.query import SearchFilters, search


def found(user, query):
    return {(h.kind, h.object_id) for h in search(user, query, SearchFilters()).items}


def test_edits_reindex_and_old_text_is_no_longer_found(world):
    sec, opinion = world.users.sec, world.opinions.li
    opinion.title = "关于婴幼儿照护的建议"
    opinion.body = "照护服务需要加强。"
    opinion.suggestions[0].text = "加强照护人才培训"
    world.replies.b.text = "乙局答复：照护人才纳入计划。"
    world.commitments.b.text = "乙局开设照护专业课程"
    world.point.text = "共识：发展照护服务。"
    db.session.commit()
    assert found(sec, "照护") == {
        ("opinion", opinion.id),
        ("suggestion", opinion.suggestions[0].id),
        ("reply", world.replies.b.id),
        ("commitment", world.commitments.b.id),
        ("consensus", world.point.id),
    }
    assert ("opinion", opinion.id) not in found(sec, "人才培养")
    assert ("reply", world.replies.b.id) not in found(sec, "托育")


def test_unrelated_changes_leave_the_entry_alone(world):
    entry_id = db.session.scalar(
        select(SearchEntry.id).where(
            SearchEntry.kind == "opinion", SearchEntry.object_id == world.opinions.li.id
        )
    )
    world.opinions.li.position = 7
    world.replies.b.category = None
    db.session.commit()
    assert (
        db.session.scalar(
            select(SearchEntry.id).where(
                SearchEntry.kind == "opinion", SearchEntry.object_id == world.opinions.li.id
            )
        )
        == entry_id
    )


def test_deletes_leave_the_index(world):
    sec = world.users.sec
    opinion = world.opinions.citizen
    suggestion = world.opinions.wang.suggestions[0]
    world.opinions.wang.suggestions.remove(suggestion)  # delete-orphan
    db.session.delete(world.commitments.b)
    db.session.delete(world.point)
    db.session.delete(opinion)
    db.session.commit()
    hits = found(sec, "托育")
    assert ("suggestion", suggestion.id) not in hits
    assert ("commitment", world.commitments.b.id) not in hits
    assert ("consensus", world.point.id) not in hits
    assert ("opinion", opinion.id) not in hits
    assert found(sec, "收费偏高") == set()


def test_emptied_reply_text_leaves_the_index(world):
    world.replies.a_draft.text = ""
    db.session.commit()
    assert ("reply", world.replies.a_draft.id) not in found(world.users.sec, "托育")


def test_rollback_takes_the_index_change_with_it(world):
    world.opinions.li.title = "回滚测试标题"
    db.session.flush()
    assert found(world.users.sec, "回滚测试") == {("opinion", world.opinions.li.id)}
    db.session.rollback()
    assert found(world.users.sec, "回滚测试") == set()


def test_rebuild_index_covers_rows_written_with_core(world):
    result = db.session.execute(
        insert(Opinion).returning(Opinion.id),
        [
            {
                "meeting_id": world.meetings.new.id,
                "speaker_id": world.opinions.li.speaker_id,
                "title": "批量导入的养老意见",
                "body": "社区养老",
                "channel": OpinionChannel.WRITTEN,
                "position": 9,
            }
        ],
    )
    new_id = result.scalar_one()
    db.session.execute(
        insert(Suggestion), [{"opinion_id": new_id, "position": 1, "text": "养老驿站"}]
    )
    db.session.commit()
    assert found(world.users.sec, "养老") == set()  # Core writes bypass the hooks
    before = db.session.scalar(select(func.count()).select_from(SearchEntry))
    total = rebuild_index()
    db.session.commit()
    assert total == before + 2
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == total
    assert {k for k, _ in found(world.users.sec, "养老")} == {"opinion", "suggestion"}
    assert len(found(world.users.sec, "托育")) == 14  # nothing lost, nothing doubled
    world.opinions.li.title = "重建后再编辑托育"
    db.session.commit()  # the triggers are back: edits still reach the index
    assert ("opinion", world.opinions.li.id) in found(world.users.sec, "重建后")


def test_an_opinion_moved_to_another_meeting_takes_its_entries_along(world):
    opinion = world.opinions.wang
    opinion.meeting_id = world.meetings.new.id
    db.session.commit()
    meetings = set(
        db.session.scalars(
            select(SearchEntry.meeting_id).where(SearchEntry.opinion_id == opinion.id)
        )
    )
    assert meetings == {world.meetings.new.id}
