"""The review of a page holding several proposals: one form per opinion, all saved in one
transaction (a failure in any leaves nothing), furniture listed and brought back."""

import re

import pytest

from extensions import db
from opinions.models import Opinion
from tests.speech.test_views import counts, import_url

PAGE = """\
您的位置：首页 > 委员建言
关于增加社区托位的建议
林委员
社区托位供给不足，家长排队时间长，普惠托位占比不到三成。
一是由区卫健局新建社区托育点；
二是区财政局落实普惠托位补贴。
关于规范校外托管机构的建议
何家长
校外托管机构良莠不齐，部分机构无证经营，存在安全隐患。
一是区教育局开展专项检查；
二是建立托管机构白名单；
三是请市卫健局给予业务指导。
关于培养托育人才的建议
托育从业人员持证率不足五成，流动性大，待遇偏低，队伍不稳定。
一是支持职业院校开设托育专业；
二是落实从业人员社会保险。
版权所有：政协云溪区委员会
"""


def section(html: str, prefix: str) -> str:
    """The part of the review page that belongs to one opinion."""
    return html.split(f'id="{prefix}opinion"')[1].split('class="card mb-4 speech-opinion"')[0]


def textareas(html: str, name: str) -> list[str]:
    pattern = rf'<textarea class="form-control" name="{name}"[^>]*>([^<]*)<'
    return [t.strip() for t in re.findall(pattern, html)]


def test_a_page_of_proposals_gives_one_form_per_opinion(as_user, world):
    client = as_user("secretariat")
    review = client.post(import_url(world["meeting"].id), data={"text": PAGE})
    assert review.status_code == 200
    html = review.text
    assert 'name="opinions" value="3"' in html
    departments = world["departments"]
    first, second, third = (section(html, p) for p in ("o1-", "o2-", "o3-"))
    assert 'value="关于增加社区托位的建议"' in first
    assert textareas(first, "o1-suggestion") == [
        "由区卫健局新建社区托育点",
        "区财政局落实普惠托位补贴。",
    ]
    assert f'<option selected value="{world["speaker"].id}">' in first
    assert f'<option selected value="{world["citizen"].id}">' in second
    assert '<option selected value="">' in third  # nobody named: the user chooses
    ticked = {
        prefix: re.findall(rf'value="(\d+)" id="{prefix}dept-\d+" checked', html)
        for prefix in ("o1-", "o2-", "o3-")
    }
    assert ticked == {
        "o1-": [str(departments["health"].id), str(departments["finance"].id)],
        "o2-": [str(departments["education"].id)],  # not 区卫健局: 市卫健局 is the city's
        "o3-": [],
    }
    assert "市卫健局" in second.split("speech-not-in-directory")[1]
    notes = re.findall(r'speech-suggestion-departments">([^<]*)<', first)
    assert len(notes) == 2 and "区卫健局" in notes[0] and "财政局" in notes[1]
    # The furniture is listed, to be brought back; the source travels with the form.
    assert 'name="keep" value="您的位置：首页 &gt; 委员建言"' in html
    assert 'name="keep" value="版权所有：政协云溪区委员会"' in html
    assert "版权所有" not in "".join(textareas(html, "o3-suggestion"))
    assert '<div hidden><textarea name="text"' in html
    assert counts() == (0, 0, 0, 0)


def test_a_removed_line_is_brought_back(as_user, world):
    client = as_user("secretariat")
    keep = "您的位置：首页 > 委员建言"
    review = client.post(import_url(world["meeting"].id), data={"text": PAGE, "keep": [keep]})
    assert review.status_code == 200
    assert 'name="keep" value="您的位置：首页 &gt; 委员建言" id="keep-k1" checked' in review.text
    body = section(review.text, "o1-").split('name="o1-body"')[1].split("</textarea>")[0]
    assert "您的位置：首页 &gt; 委员建言" in body


def page_form(world, **overrides) -> dict:
    departments = world["departments"]
    data = {
        "opinions": "3",
        "text": PAGE,
        "o1-include": "1",
        "o1-speaker_id": str(world["speaker"].id),
        "o1-channel": "written",
        "o1-title": "关于增加社区托位的建议",
        "o1-body": "社区托位供给不足。",
        "o1-suggestion": ["由区卫健局新建社区托育点", "区财政局落实普惠托位补贴"],
        "o1-department_id": [str(departments["health"].id), str(departments["finance"].id)],
        "o1-mode": "split",
        "o2-include": "1",
        "o2-speaker_id": str(world["citizen"].id),
        "o2-channel": "written",
        "o2-title": "关于规范校外托管机构的建议",
        "o2-body": "校外托管机构良莠不齐。",
        "o2-suggestion": ["区教育局开展专项检查", "建立托管机构白名单"],
        "o2-department_id": [str(departments["education"].id)],
        "o2-mode": "single",
        "o3-include": "1",
        "o3-speaker_id": str(world["speaker"].id),
        "o3-channel": "written",
        "o3-title": "关于培养托育人才的建议",
        "o3-body": "持证率不足五成。",
        "o3-suggestion": ["支持职业院校开设托育专业", "落实从业人员社会保险"],
        "o3-mode": "single",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_every_opinion_of_the_page_is_saved_together(as_user, world):
    client = as_user("secretariat")
    meeting_id = world["meeting"].id
    response = client.post(f"{import_url(meeting_id)}/save", data=page_form(world))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting_id}#opinions")
    saved = db.session.query(Opinion).order_by(Opinion.position).all()
    assert [o.title for o in saved] == [
        "关于增加社区托位的建议",
        "关于规范校外托管机构的建议",
        "关于培养托育人才的建议",
    ]
    assert [[s.text for s in o.suggestions] for o in saved][1] == [
        "区教育局开展专项检查",
        "建立托管机构白名单",
    ]
    assert counts() == (3, 6, 3, 3)


def test_an_unticked_opinion_is_left_out(as_user, world):
    client = as_user("secretariat")
    data = page_form(world, **{"o2-include": None, "o2-title": ""})  # not ticked: not checked
    response = client.post(f"{import_url(world['meeting'].id)}/save", data=data)
    assert response.status_code == 302
    assert counts() == (2, 4, 2, 2)


@pytest.mark.parametrize(
    "overrides",
    [
        {"o3-title": ""},  # the form refuses the third
        {"o3-speaker_id": ""},
        {"o3-department_id": ["999999"]},
        # The service refuses the third after the first two were written (flushed):
        {"o3-department_id": [str(i) for i in (1, 2)], "o3-mode": "single"},
        {"o3-due_date": "2000-01-01", "o3-department_id": ["1"]},
        {"o1-include": None, "o2-include": None, "o3-include": None},  # nothing ticked
    ],
    ids=["title", "speaker", "department", "mode", "due-date", "none-ticked"],
)
def test_a_failure_in_any_opinion_leaves_nothing(as_user, world, overrides):
    client = as_user("secretariat")
    if "o3-department_id" in overrides and overrides["o3-department_id"] != ["999999"]:
        departments = world["departments"]
        ids = [str(departments["health"].id), str(departments["finance"].id)]
        overrides["o3-department_id"] = ids[: len(overrides["o3-department_id"])]
    response = client.post(
        f"{import_url(world['meeting'].id)}/save", data=page_form(world, **overrides)
    )
    assert response.status_code in (409, 422)
    assert "alert-danger" in response.text
    assert 'value="关于增加社区托位的建议"' in response.text  # every form comes back
    assert 'name="keep" value="版权所有：政协云溪区委员会"' in response.text
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("count", ["abc", "0", "-1", "61", "999999999999"])
def test_a_crafted_count_is_refused(as_user, world, count):
    client = as_user("secretariat")
    response = client.post(
        f"{import_url(world['meeting'].id)}/save", data=page_form(world, opinions=count)
    )
    assert response.status_code == 422
    assert counts() == (0, 0, 0, 0)


def test_other_roles_cannot_save_a_page(as_user, world):
    client = as_user("chair")
    response = client.post(f"{import_url(world['meeting'].id)}/save", data=page_form(world))
    assert response.status_code == 403
    assert counts() == (0, 0, 0, 0)


def test_a_word_file_of_proposals_gives_one_form_per_opinion(as_user, world):
    import io

    from tests.speech.conftest import docx_bytes

    client = as_user("secretariat")
    paragraphs = [("\u3000\u3000" + line, None) for line in PAGE.splitlines()]
    upload = {"document": (io.BytesIO(docx_bytes(paragraphs)), "委员建言.docx")}
    review = client.post(
        import_url(world["meeting"].id), data=upload, content_type="multipart/form-data"
    )
    assert review.status_code == 200
    assert 'name="opinions" value="3"' in review.text
    assert textareas(review.text, "o3-suggestion") == [
        "支持职业院校开设托育专业",
        "落实从业人员社会保险。",
    ]
    assert counts() == (0, 0, 0, 0)


def test_a_page_past_the_limit_says_what_was_left_out(as_user, world):
    from speech.services import MAX_OPINIONS

    client = as_user("secretariat")
    text = "".join(
        f"关于社区第{n}号议题的建议\n社区反映第{n}号问题较多，需要协调解决。\n一是甲措施；二是乙措施。\n"
        for n in range(1, MAX_OPINIONS + 3)
    )
    review = client.post(import_url(world["meeting"].id), data={"text": text})
    assert review.status_code == 200
    assert f'name="opinions" value="{MAX_OPINIONS}"' in review.text
    warning = review.text.split('class="alert alert-warning" role="alert">')[1].split("<")[0]
    assert f" {MAX_OPINIONS} " in warning and " 2 " in warning
