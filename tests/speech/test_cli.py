"""flask parse-speech FILE prints the proposal as JSON, departments matched by name/alias."""

import json

from extensions import db
from tests import factories
from tests.speech.conftest import docx_bytes

SPEECH = (
    "关于加强校园周边交通安全的建议\n上下学时段校门口拥堵，存在安全隐患。\n"
    "一是设置护学岗，请区公安分局交警大队配合；二是由教育局牵头建设家长接送等候区。\n"
)


def departments(app):
    factories.make_department("区公安分局", aliases="公安分局")
    factories.make_department("区教育局", short_name="教育局")
    factories.make_department("区教育局附属中心", active=False)
    factories.make_department("区财政局")
    db.session.commit()


def test_text_file(app, runner, tmp_path):
    departments(app)
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    result = runner.invoke(args=["parse-speech", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {
        "title": "关于加强校园周边交通安全的建议",
        "problem": "上下学时段校门口拥堵，存在安全隐患。",
        "suggestions": ["设置护学岗，请区公安分局交警大队配合", "由教育局牵头建设家长接送等候区。"],
        "departments": ["区公安分局", "区教育局"],
        "suggestion_departments": [["区公安分局"], ["区教育局"]],
    }
    assert "区公安分局" in result.output  # ensure_ascii=False: readable Chinese


def test_docx_file_and_gbk_text(app, runner, tmp_path):
    departments(app)
    path = tmp_path / "speech.docx"
    path.write_bytes(docx_bytes([(line, None) for line in SPEECH.splitlines()]))
    data = json.loads(runner.invoke(args=["parse-speech", str(path)]).output)
    assert len(data["suggestions"]) == 2
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SPEECH.encode("gbk"))
    data = json.loads(runner.invoke(args=["parse-speech", str(gbk)]).output)
    assert data["title"] == "关于加强校园周边交通安全的建议"


def test_stdin(app, runner):
    result = runner.invoke(args=["parse-speech", "-"], input=" ".join(SPEECH.split()))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["suggestions"]) == 2 and data["departments"] == []


def test_bad_files_are_clear_errors(app, runner, tmp_path):
    result = runner.invoke(args=["parse-speech", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0 and "missing.txt" in result.output
    pdf = tmp_path / "speech.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = runner.invoke(args=["parse-speech", str(pdf)])
    assert result.exit_code == 1 and ".docx" in result.output
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    result = runner.invoke(args=["parse-speech", str(broken)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_page_of_proposals_prints_a_list_and_the_removed_furniture(app, runner, tmp_path):
    from tests.speech.test_page_views import PAGE

    factories.make_department("区卫生健康局", short_name="区卫健局", aliases_text="卫健局")
    factories.make_department("区教育局", short_name="教育局")
    db.session.commit()
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(args=["parse-speech", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["title"] for d in data] == [
        "关于增加社区托位的建议",
        "关于规范校外托管机构的建议",
        "关于培养托育人才的建议",
    ]
    assert data[1]["departments"] == ["区教育局"]
    assert data[1]["suggestion_departments"] == [["区教育局"], [], []]
    assert data[1]["not_in_directory"] == ["市卫健局"]
    assert "not_in_directory" not in data[0]
    assert "removed as page furniture: 您的位置：首页 > 委员建言" in result.stderr
    assert "版权所有" not in result.stdout


def test_a_file_the_safe_reader_refuses_is_exit_2_without_traceback(
    app, runner, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_PARAGRAPHS", 3)  # the app outlives the test
    path = tmp_path / "long.docx"
    path.write_bytes(docx_bytes([(f"第{n}段", None) for n in range(10)]))
    result = runner.invoke(args=["parse-speech", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and result.output.startswith("Error: ")
    assert " 3 " in result.output  # the reader's own message, naming the limit
    assert result.exception is None or isinstance(result.exception, SystemExit)
