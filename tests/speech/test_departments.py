"""Matching the departments a speech names: names, short names, aliases, longest first."""

from extensions import db
from speech.departments import fold, match_departments, names_of
from tests import factories


def make(name: str, short: str = "", aliases: str = ""):
    return factories.make_department(name, short_name=short, aliases_text=aliases)


def test_departments_in_a_responsibility_note(app):
    finance = make("省财政厅", aliases="财政厅")
    health = make("省卫生健康委员会", short="省卫生健康委", aliases="卫健委，省卫健委")
    housing = make("省住房和城乡建设厅", short="省住建厅")
    db.session.commit()
    text = "(省财政厅、省卫生健康委按职责分工负责)"
    assert match_departments(text, [housing, health, finance]) == [finance, health]


def test_longest_name_wins_and_each_department_comes_once(app):
    district = make("区卫生健康局", short="区卫健局")
    bureau = make("卫生局")
    finance = make("区财政局", aliases="财政局、区财政")
    text = "建议区财政局保障经费，区卫生健康局牵头，财政局配合，区卫健局年底前完成。"
    assert match_departments(text, [bureau, finance, district]) == [finance, district]
    assert match_departments("由卫生局负责", [bureau, district]) == [bureau]


def test_order_of_first_mention_and_aliases(app):
    education = make("区教育局", aliases="教育局")
    women = make("区妇女联合会", short="区妇联", aliases="妇联")
    text = "请妇联会同教育局开展家长课堂，区妇联负责组织。"
    assert match_departments(text, [education, women]) == [women, education]


def test_full_width_letters_and_case_do_not_matter(app):
    bank = make("人民银行ABC支行", aliases="人行ABC支行")
    assert match_departments("（人行ａｂｃ支行负责）", [bank]) == [bank]
    assert fold("ＡＢＣ　d") == "abc d"


def test_one_character_names_and_blank_aliases_are_ignored(app):
    tiny = make("税务总局", short="税", aliases="，，")
    assert names_of(tiny) == ["税务总局"]
    assert match_departments("税收优惠", [tiny]) == []
    assert match_departments("", [tiny]) == []
