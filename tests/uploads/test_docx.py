"""Hostile .docx files: each refused with a clear translated message, or read harmlessly.

Through the reader (which limit stopped it) and through `flask parse-speech` (exit code 1,
the Chinese message, no traceback)."""

import gc
import time

import pytest

from common.uploads import WALL_FACTOR, Limits, UploadRejected
from speech.docx import UnreadableDocx, docx_to_text
from tests.uploads import hostile as h

# (id, builder, status, a fragment of the Chinese message)
REFUSED = [
    ("part-bomb", h.docx_part_bomb, 413, "解压后过大"),
    ("total-bomb", h.docx_total_bomb, 413, "解压后总计超过 60 MB"),
    ("many-entries", h.docx_many_entries, 413, "压缩包内文件超过 1000 个"),
    ("460k-empty-paragraphs", lambda: h.docx_with_paragraphs(460_000), 413, "段落超过 10000 个"),
    (
        "100k-paragraphs",
        lambda: h.docx_with_paragraphs(100_000, h.paragraph("一是加强培训。")),
        413,
        "段落超过 10000 个",
    ),
    (
        "3M-characters",
        lambda: h.docx(h._document(h.paragraph("托" * 3_000_000))),
        413,
        "文字超过 2000000 个字符",
    ),
    ("billion-laughs", lambda: h.docx(h._document("<w:p/>", h.BILLION_LAUGHS)), 422, "DTD"),
    (
        "billion-laughs-used",
        lambda: h.docx(h._document("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", h.BILLION_LAUGHS)),
        422,
        "DTD",
    ),
    (
        "utf16-dtd",
        lambda: h.docx(
            ('<?xml version="1.0" encoding="UTF-16"?>' + h.EXTERNAL_ENTITY[21:])
            .replace('<?xml version="1.0"?>', "")
            .encode("utf-16-le")
            + h._document("<w:p/>").encode("utf-16-le")
        ),
        422,
        "DTD",
    ),
    (
        "external-entity",
        lambda: h.docx(h._document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", h.EXTERNAL_ENTITY)),
        422,
        "DTD",
    ),
    (
        "dtd-in-rels",
        lambda: h.docx(package_rels=h.BILLION_LAUGHS + '<Relationships xmlns="x"/>'),
        422,
        "DTD",
    ),
    (
        "dtd-in-numbering",
        lambda: h.docx(
            h._document(h.paragraph("x", "7")),
            numbering_xml=h.EXTERNAL_ENTITY + f'<w:numbering xmlns:w="{h.W_NS}"/>',
        ),
        422,
        "DTD",
    ),
]
DAMAGED = [
    ("not-a-zip", lambda: b"Hello, this is plain text"),
    ("empty", lambda: b""),
    ("truncated", lambda: h.docx()[:200]),
    ("malformed-xml", lambda: h.docx("<w:document><w:body><w:p></w:body>")),
    ("no-document-part", lambda: h.zip_bytes({"hello.txt": b"hi"})),
    ("a-workbook-renamed", lambda: h.xlsx()),
    ("lying-sizes", h.docx_lying_sizes),
    ("encrypted-like", lambda: h.zip_bytes({"EncryptedPackage": b"\0" * 100})),
]


@pytest.mark.parametrize(
    "build,status,fragment", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_hostile_docx_is_refused_by_its_limit(app, patient, build, status, fragment):
    data = build()
    assert len(data) < 1024 * 1024  # small on disk
    with app.test_request_context(), pytest.raises(UploadRejected) as error:
        docx_to_text(data)
    assert error.value.status == status
    assert fragment in error.value.message


@pytest.mark.parametrize("build", [r[1] for r in DAMAGED], ids=[r[0] for r in DAMAGED])
def test_broken_docx_is_unreadable(app, build):
    with app.test_request_context(), pytest.raises(UnreadableDocx) as error:
        docx_to_text(build())
    assert error.value.status == 422 and "Word 文档" in error.value.message


@pytest.mark.parametrize(
    "start,expected",
    [("abc", "1."), ("-30", "0."), ("99999999999999999999", "32767."), ("", "1."), ("3", "3.")],
)
def test_odd_list_starts_are_read_not_crashed(app, start, expected):
    data = h.docx(
        h._document(h.paragraph("建设助餐点。", "7") + h.paragraph("培训护理员。", "7")),
        numbering=h.numbering_with(start),
    )
    lines = docx_to_text(data).splitlines()
    assert lines[0] == expected + "建设助餐点。"
    assert len(lines) == 2


@pytest.mark.parametrize(
    "numbering,ilvl",
    [
        (h.numbering_with("1", ilvl="abc"), "0"),
        (h.numbering_with("1", ilvl="-1"), "0"),
        (h.numbering_with("1", ilvl="99"), "99"),
        (h.numbering_with("1"), "abc"),
        (h.numbering_with("1"), "-5"),
        (h.numbering_with("1", fmt="chineseCounting", text="%1、"), "0"),
        (h.numbering_with("-30", fmt="chineseCounting", text="%1、"), "0"),
        (h.numbering_with("-30", fmt="upperRoman"), "0"),
        (h.numbering_with("32767", fmt="lowerRoman"), "0"),
        (h.numbering_with("1", text="%1" + "长" * 100_000), "0"),  # a marker bomb: ignored
        (h.numbering_with("1", text="%9%8%1"), "0"),
        ('<w:num w:numId="7"/><w:abstractNum/>', "0"),
    ],
)
def test_odd_numbering_values_never_crash(app, numbering, ilvl):
    body = "".join(h.paragraph(f"第{i}段", "7", ilvl) for i in range(3))
    body += h.paragraph("没有编号", "abc", None)
    lines = docx_to_text(h.docx(h._document(body), numbering=numbering)).splitlines()
    assert len(lines) == 4 and lines[-1] == "没有编号"
    assert all(len(line) < 200 for line in lines)


def test_style_cycles_and_self_references_end(app):
    styles = (
        '<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="C"><w:basedOn w:val="C"/>'
        "</w:style>"
    )
    body = '<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>一段</w:t></w:r></w:p>'
    body += h.paragraph("二段")
    data = h.docx(h._document(body), styles=styles, numbering=h.numbering_with("1"))
    assert docx_to_text(data).splitlines() == ["一段", "二段"]


def test_text_boxes_hyperlinks_breaks_and_tables_are_read(app):
    body = (
        "<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>"
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    assert docx_to_text(h.docx(h._document(body))) == "甲\t乙\n丙链接\n表格"


def test_a_limit_can_be_configured(app):
    data = h.docx_with_paragraphs(50, h.paragraph("一段"))
    assert len(docx_to_text(data).splitlines()) == 50
    app.config["UPLOAD_MAX_PARAGRAPHS"] = 10
    try:
        with app.test_request_context(), pytest.raises(UploadRejected) as error:
            docx_to_text(data)
        assert "段落超过 10 个" in error.value.message
    finally:
        del app.config["UPLOAD_MAX_PARAGRAPHS"]


def test_the_reader_stops_at_its_time_limit(app):
    """A file under every size limit that still costs time is stopped by the clock: the
    read's CPU time, so a busy machine does not refuse ordinary files."""
    data = h.docx_with_paragraphs(400_000, "<w:bookmarkStart/>")  # not paragraphs
    limits = Limits(seconds=0.05, elements=10_000_000)
    gc.collect()  # a full collection of the suite's heap mid-read is not the reader's cost
    gc.disable()
    try:
        cpu, wall = time.thread_time(), time.monotonic()
        with app.test_request_context(), pytest.raises(UploadRejected) as error:
            docx_to_text(data, limits)
        spent = time.thread_time() - cpu
    finally:
        gc.enable()
    assert spent < 0.05 + 0.3  # a whole read costs over a second
    assert time.monotonic() - wall < 0.05 * WALL_FACTOR + 5
    assert "0.05 秒" in error.value.message and error.value.status == 422


# ---------------------------------------------------------------- the CLI

CLI_CASES = [
    ("paragraph-bomb", lambda: h.docx_with_paragraphs(460_000), "段落超过"),
    ("billion-laughs", lambda: h.docx(h._document("<w:p/>", h.BILLION_LAUGHS)), "DTD"),
    ("part-bomb", h.docx_part_bomb, "解压后过大"),
    ("not-a-zip", lambda: b"plain text", "Word"),
    ("malformed", lambda: h.docx("<w:document><w:body>"), "Word"),
    ("bad-numbering", lambda: h.docx(h._document("<w:p/>"), numbering_xml="<w:x"), "Word"),
]


@pytest.mark.parametrize(
    "build,fragment", [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_parse_speech_cli_refuses_with_a_message(runner, tmp_path, build, fragment):
    path = tmp_path / "speech.docx"
    path.write_bytes(build())
    result = runner.invoke(args=["parse-speech", str(path)])
    assert result.exit_code != 0
    assert fragment in result.output and result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_parse_speech_cli_reads_odd_numbering(runner, tmp_path, app):
    path = tmp_path / "speech.docx"
    body = h.paragraph("关于加强社区养老服务的建议") + h.paragraph("建设社区助餐点。", "7")
    path.write_bytes(h.docx(h._document(body), numbering=h.numbering_with("-30")))
    result = runner.invoke(args=["parse-speech", str(path)])
    assert result.exit_code == 0, result.output
    assert "建设社区助餐点" in result.output
