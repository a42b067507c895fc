"""Lists of people in a real browser: the department picker filters as one types, works
without JavaScript as plain checkboxes, and a pasted list invites a group in one go."""

import pytest

from tests import factories
from tests.browser.conftest import sign_in
from tests.phones import world


@pytest.fixture
def demo(live_app):
    with live_app.app_context():
        return world.build()


def shown_labels(checklist) -> list[str]:
    return [
        label.inner_text().strip() for label in checklist.locator(".form-check:visible label").all()
    ]


def test_department_picker_filters_as_one_types(live_server, page, demo):
    sign_in(page, live_server, "mishu", factories.PASSWORD)
    page.goto(f"{live_server}/meetings/{demo['meeting']}/assign")
    picker = page.locator("fieldset#common_departments")
    assert len(shown_labels(picker)) == len(world.DEPARTMENTS)  # all 7, none behind a scroll
    search = picker.locator("input.checklist-filter")
    assert search.is_visible()

    search.fill("财政")
    assert shown_labels(picker) == ["云溪区财政局"]
    search.fill("市监局")  # an alias finds the department too
    assert shown_labels(picker) == ["云溪区市场监督管理局"]
    search.fill("没有这个单位")
    assert shown_labels(picker) == []
    assert picker.locator(".checklist-none").is_visible()

    # Ticking while filtered, then clearing the filter: the choice stays, the count follows.
    search.fill("卫健")
    picker.get_by_label("云溪区卫生健康局", exact=True).check()
    search.fill("")
    assert len(shown_labels(picker)) == len(world.DEPARTMENTS)
    assert picker.get_by_label("云溪区卫生健康局", exact=True).is_checked()
    assert "已选 1 项" in picker.locator(".checklist-count").inner_text()
    # Enter in the filter box does not send the form.
    search.fill("教育")
    search.press("Enter")
    assert page.url.endswith(f"/meetings/{demo['meeting']}/assign")


def test_picker_without_javascript_is_plain_checkboxes(browser, live_server, demo):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "mishu", factories.PASSWORD)
        page.goto(f"{live_server}/meetings/{demo['upcoming']}/invitations")
        page.click("summary:has-text('各承办单位')")
        picker = page.locator("fieldset#departments")
        assert not picker.locator("input.checklist-filter").is_visible()
        assert picker.locator("input[type=checkbox]").count() == len(world.DEPARTMENTS)
        # Only the housing bureau's official (赵楠) is invited; 人社局 has nobody to invite.
        assert picker.get_by_label("云溪区住房和城乡建设局", exact=False).is_checked()
        assert not picker.get_by_label("云溪区人力资源和社会保障局", exact=False).is_checked()
        page.click("button:has-text('邀请所勾选单位')")
        flashed = page.locator(".alert").all_inner_texts()
        assert any("新邀请 5 人，1 人此前已邀请" in t for t in flashed), flashed
    finally:
        context.close()


def test_a_pasted_list_with_a_typo_then_invited(live_server, page, demo):
    sign_in(page, live_server, "mishu", factories.PASSWORD)
    page.goto(f"{live_server}/meetings/{demo['upcoming']}/invitations")
    page.click("summary:has-text('粘贴名单')")
    page.fill("textarea[name=names]", "王喆、李堃，张若溪\n沈昇 王哲")
    page.click("button:has-text('邀请名单中的人员')")
    report = page.locator("#name-report")
    assert "王哲" in report.inner_text()  # reported, nothing written yet
    page.check("input[name=skip_missing]")
    page.click("button:has-text('邀请名单中的人员')")
    flashed = " ".join(page.locator(".alert").all_inner_texts())
    assert "新邀请 4 人，0 人此前已邀请" in flashed and "王哲" in flashed
    listed = page.locator("table").inner_text()
    for name in ("王喆", "李堃", "张若溪", "沈昇"):
        assert name in listed


def test_everyone_present_then_the_exceptions(live_server, page, demo):
    sign_in(page, live_server, "mishu", factories.PASSWORD)
    page.goto(f"{live_server}/meetings/{demo['meeting']}/invitations")
    page.click("text=批量登记出席")
    page.wait_for_url(f"{live_server}/meetings/{demo['meeting']}/attendance")
    rows = page.locator("#attendance-table tbody tr")
    assert rows.count() == 3

    # The header box ticks every row, and untick again (JavaScript only).
    everyone = page.locator("input[data-tick-all]")
    everyone.check()
    assert page.locator("#attendance-table tbody input:checked").count() == 3
    everyone.uncheck()
    assert page.locator("#attendance-table tbody input:checked").count() == 0

    page.click("button:has-text('全部出席')")
    assert "已记录出席情况：3 人有变更" in page.locator(".alert").first.inner_text()
    page.get_by_label("王喆", exact=True).check()
    page.fill("input[name=reason]", "外出调研")
    page.click("button:has-text('所勾选人员：请假')")
    row = rows.filter(has_text="王喆")
    assert "请假" in row.inner_text() and "外出调研" in row.inner_text()
    assert "出席: 2" in page.locator("#attendance-counts").inner_text()
