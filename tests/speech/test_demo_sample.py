"""demo/samples/proposals_page.txt: a pasted web page with three members' proposals, tried
against the demo's departments and its upcoming meeting."""

from pathlib import Path

from sqlalchemy import select

from extensions import db
from meetings.models import Meeting, MeetingStatus
from opinions import services as opinions
from participants.models import Department
from speech.services import propose_page, read_upload

SAMPLE = Path(__file__).resolve().parents[2] / "demo" / "samples" / "proposals_page.txt"


def test_the_page_sample_gives_three_opinions_on_the_demo(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    upcoming = db.session.scalar(
        select(Meeting).where(Meeting.status == MeetingStatus.SCHEDULED).order_by(Meeting.id)
    )
    departments = db.session.scalars(select(Department).order_by(Department.id)).all()
    text = read_upload(SAMPLE.name, SAMPLE.read_bytes())
    assert "\u2003" in text  # indented as the web page was
    page = propose_page(text, departments, opinions.speaker_candidates(upcoming))
    assert [o.proposal.title for o in page.opinions] == [
        "关于加装电梯资金分摊的建议",
        "关于老旧小区适老化改造的建议",
        "关于规范小区电梯维保的建议",
    ]
    assert [len(o.proposal.suggestions) for o in page.opinions] == [3, 3, 3]
    # Invited speakers are found; 王喆 is not invited to this meeting: the user chooses.
    assert [o.speaker.name if o.speaker else None for o in page.opinions] == [
        "郑书宁",
        "许𠮷安",
        None,
    ]
    first, second, third = page.opinions
    assert [[d.short_name for d in found] for found in first.suggestion_departments] == [
        ["区住建局", "区财政局"],
        ["区财政局"],
        [],
    ]
    assert [d.short_name for d in second.departments] == ["区住建局", "区卫健局"]
    assert second.not_in_directory == ["市卫生健康部门"]
    assert [d.short_name for d in third.departments] == ["区市场监管局"]
    assert "目录" in page.removed and "……省略86字……" in page.removed
    assert "老旧小区改造委员建言摘编" in page.removed  # the collection's own heading
    assert not any("版权所有" in s for o in page.opinions for s in o.proposal.suggestions)
