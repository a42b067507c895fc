"""The search service on Chinese text: tokens, phrases, filters, snippets, permissions."""

import pytest

from participants.models import ParticipantKind
from responses.models import AssignmentStatus, ReplyCategory
from search.query import SearchFilters, search
from search.text import index_tokens, normalise, phrases_of, query_terms, snippet


def found(user, query, **filters):
    results = search(user, query, SearchFilters(**filters))
    return {(hit.kind, hit.object_id) for hit in results.items}


def test_tokens_are_cjk_bigrams_plus_the_last_character_and_lowercase_words():
    assert index_tokens(normalise("普惠托育App，3岁")).split() == sorted(
        ["普惠", "惠托", "托育", "育", "app", "3", "岁"]
    )
    assert query_terms("托育") == [("托育", False)]
    assert query_terms("托") == [("托", True)]
    assert query_terms("app托育") == [("app", True), ("托育", False)]


def test_normalise_keeps_length_folds_full_width_and_case():
    for text in ["ＡＰＰ托育３岁", "许𠮷安😀", "Straße ǅ", "ﬁ ㎡"]:
        assert len(normalise(text)) == len(text)
    assert normalise("ＡＰＰ托育３岁") == "app托育3岁"


def test_two_character_query_finds_every_kind(world):
    hits = found(world.users.sec, "托育")
    kinds = {kind for kind, _ in hits}
    assert kinds == {"opinion", "suggestion", "reply", "commitment", "consensus"}
    assert ("opinion", world.opinions.draft.id) in hits


def test_substring_not_just_tokens(world):
    sec = world.users.sec
    # 育补 is a bigram of 托育补贴; 补托 appears nowhere.
    assert found(sec, "育补") == {("suggestion", world.opinions.wang.suggestions[0].id)}
    assert found(sec, "补托") == set()


@pytest.mark.parametrize(
    "query", ["App托育", "app托育", "ＡＰＰ托育", "3岁", "３岁以下", "构App", "机构App预约"]
)
def test_mixed_chinese_and_latin(world, query):
    assert ("opinion", world.opinions.wang.id) in found(world.users.sec, query)


def test_single_character_and_first_or_last_character_of_a_run(world):
    sec = world.users.sec
    assert ("opinion", world.opinions.wang.id) in found(sec, "托")
    assert ("opinion", world.opinions.wang.id) in found(sec, "足")  # last char: 托位不足。
    assert ("opinion", world.opinions.li.id) in found(sec, "流")


def test_punctuation_emoji_and_rare_characters(world, app):
    from extensions import db
    from tests.factories import make_opinion

    sec = world.users.sec
    rare = make_opinion(
        world.meetings.new, world.opinions.li.speaker, "许𠮷安的建议😀", body="托育，要“普惠”！"
    )
    db.session.commit()
    assert found(sec, "𠮷") == {("opinion", rare.id)}
    assert found(sec, "许𠮷安") == {("opinion", rare.id)}
    assert found(sec, "😀") == {("opinion", rare.id)}  # no tokens: the substring scan decides
    assert found(sec, "“普惠”") == {("opinion", rare.id)}
    assert found(sec, "托育，要") == {("opinion", rare.id)}
    assert found(sec, "，，，") == set()
    assert found(sec, "%") == set() and found(sec, "_") == set()


def test_spaces_separate_phrases_that_must_all_occur(world):
    sec = world.users.sec
    assert found(sec, "托育 App") == {
        ("opinion", world.opinions.wang.id),
        ("suggestion", world.opinions.wang.suggestions[1].id),
    }
    assert found(sec, "  ") == set()


def test_latin_matches_from_the_start_of_a_word(world):
    assert found(world.users.sec, "pp") == set()


def test_snippet_marks_hits_in_a_window_of_the_original_text():
    text = "前言" * 60 + "推广ＡＰＰ托育服务" + "结尾" * 60
    pieces = snippet(text, ["app托育"])
    assert ("ＡＰＰ托育", True) in pieces
    assert pieces[0] == ("…", False) and pieces[-1] == ("…", False)
    assert sum(len(part) for part, _ in pieces) < 100
    assert snippet("短文本", ["无"]) == [("短文本", False)]


def test_result_carries_a_snippet_and_titles(world):
    results = search(world.users.sec, "3岁")
    hit = next(h for h in results.items if h.kind == "opinion")
    assert hit.opinion_title == "关于发展普惠托育的建议"
    assert ("3岁", True) in hit.pieces
    assert hit.meeting_title == "2029年普惠托育协商会"


def test_filters(world):
    sec, w = world.users.sec, world
    assert {k for k, _ in found(sec, "托育", meeting_id=w.meetings.old.id)} <= {
        "opinion",
        "suggestion",
        "reply",
        "commitment",
        "consensus",
    }
    assert ("opinion", w.opinions.li.id) not in found(sec, "托育", meeting_id=w.meetings.old.id)
    assert ("opinion", w.opinions.li.id) in found(sec, "托育", year=2030)
    assert ("opinion", w.opinions.wang.id) not in found(sec, "托育", year=2030)
    by_b = found(sec, "托育", department_id=w.dept_b.id)
    assert ("reply", w.replies.b.id) in by_b and ("reply", w.replies.a.id) not in by_b
    assert ("commitment", w.commitments.b.id) in by_b
    assert ("opinion", w.opinions.wang.id) in by_b  # B co-handles it
    citizens = found(sec, "托育", speaker_kind=ParticipantKind.CITIZEN)
    assert citizens == {("opinion", w.opinions.citizen.id)}
    category_b = found(sec, "托育", category=ReplyCategory.B)
    assert ("reply", w.replies.b.id) in category_b and ("reply", w.replies.a.id) not in category_b
    assert ("commitment", w.commitments.b.id) in category_b
    assert ("opinion", w.opinions.li.id) in category_b
    assert ("opinion", w.opinions.wang.id) not in category_b
    assert found(sec, "托育", status=AssignmentStatus.DONE) == set()
    assigned = found(sec, "托育", status=AssignmentStatus.ASSIGNED)
    assert ("opinion", w.opinions.citizen.id) not in assigned
    assert ("reply", w.replies.a.id) in assigned


def test_staff_see_everything(world):
    everything = found(world.users.sec, "托育")
    assert found(world.users.chair, "托育") == everything
    assert len(everything) == 14


def test_department_sees_only_its_own_items(world):
    w = world
    a = found(w.users.a, "托育")
    assert a == {
        ("opinion", w.opinions.wang.id),
        *(("suggestion", s.id) for s in w.opinions.wang.suggestions),
        ("reply", w.replies.a.id),
        ("reply", w.replies.a_draft.id),
        ("commitment", w.commitments.a.id),
        ("consensus", w.point.id),  # the meeting page of a meeting it handles
    }
    b = found(w.users.b, "托育")
    assert ("reply", w.replies.a.id) not in b and ("reply", w.replies.a_draft.id) not in b
    assert ("commitment", w.commitments.a.id) not in b
    assert ("reply", w.replies.b_input.id) in b  # its own input to the lead
    assert ("reply", w.replies.b_input.id) not in a
    for kind, _object_id in a & b:
        assert kind in ("opinion", "suggestion", "consensus")  # the co-handled opinion


def test_withdrawn_assignment_hides_the_opinion_from_that_department(world, app):
    from extensions import db

    world.assignments.b_li.status = AssignmentStatus.WITHDRAWN
    db.session.commit()
    b = found(world.users.b, "托育")
    assert ("opinion", world.opinions.li.id) not in b
    assert ("reply", world.replies.b.id) not in b


def test_member_sees_own_opinions_and_submitted_replies_to_them(world):
    w = world
    wang = found(w.users.wang, "托育")
    assert wang == {
        ("opinion", w.opinions.wang.id),
        *(("suggestion", s.id) for s in w.opinions.wang.suggestions),
        ("opinion", w.opinions.draft.id),  # their own, though the meeting is a draft
        ("reply", w.replies.a.id),  # submitted, to them
        ("consensus", w.point.id),
    }
    li = found(w.users.li, "托育")
    assert ("opinion", w.opinions.citizen.id) in li  # same meeting, invited
    assert ("reply", w.replies.b.id) in li
    assert not any(kind == "commitment" for kind, _ in li | wang)
    assert ("opinion", w.opinions.wang.id) not in li and ("reply", w.replies.a.id) not in li


def test_member_and_department_without_links_find_nothing(app, world):
    from tests import factories

    loner = factories.make_user("s-loner", role="member")
    idle = factories.make_user(
        "s-idle", role="department", department_id=factories.make_department("丙局").id
    )
    assert found(loner, "托育") == set()
    assert found(idle, "托育") == set()


def test_pagination_and_count(world, app):
    from extensions import db
    from tests.factories import make_opinion

    for n in range(45):
        make_opinion(world.meetings.new, world.opinions.li.speaker, f"分页托育意见{n}", body="")
    db.session.commit()
    first = search(world.users.sec, "分页托育", page=1)
    third = search(world.users.sec, "分页托育", page=3)
    beyond = search(world.users.sec, "分页托育", page=99)
    assert first.total == 45 and first.pages == 3 and len(first.items) == 20
    assert len(third.items) == 5 and beyond.page == 3
    assert list(first.iter_pages()) == [1, 2, 3]
    ids = [h.object_id for h in first.items] + [
        h.object_id for h in search(world.users.sec, "分页托育", page=2).items
    ]
    assert ids == sorted(ids, reverse=True)  # newest first


def test_phrases_of_limits_and_deduplicates():
    assert phrases_of("托育  托育 ＡＰＰ") == ["托育", "app"]
    assert len(phrases_of(" ".join(f"词{n}" for n in range(30)))) == 8


@pytest.mark.parametrize(
    "query",
    [
        '托育"',
        "托育'",
        "托育*",
        "托育:*",
        "托育 & 育",
        "(托育)",
        "托育 OR 收费",
        "NEAR(托育)",
        "\\托育",
        "托育\x00",
        "托\x00育",
        "托育\ud800",
    ],
)
def test_query_syntax_of_the_index_cannot_be_injected(world, query):
    """Only CJK characters, letters and digits reach the full-text query, always quoted."""
    results = search(world.users.sec, query)
    assert all(any(is_hit for _, is_hit in hit.pieces) for hit in results.items)


def test_count_stops_at_the_limit(world, monkeypatch):
    from search import query as query_module

    monkeypatch.setattr(query_module, "COUNT_LIMIT", 5)
    results = search(world.users.sec, "托育")
    assert results.more_than_limit and results.total == 6 and results.pages == 1


def test_nothing_to_search_for(world):
    assert search(world.users.sec, "").items == []
    assert search(world.users.sec, "   ").total == 0
