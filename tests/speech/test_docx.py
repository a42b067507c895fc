"""Reading a .docx speech: paragraph breaks kept, Word's automatic numbering synthesised."""

import io

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from speech.docx import UnreadableDocx, docx_to_text, format_number
from speech.splitter import split_speech
from tests.speech.conftest import docx_bytes


def test_list_number_style_gets_its_numbers():
    data = docx_bytes(
        [
            ("关于加强社区养老服务的建议", "Title"),
            ("社区助餐点少，老人就餐难。", None),
            ("建设社区助餐点。", "List Number"),
            ("培训养老护理员。", "List Number"),
            ("完善运营补贴。", "List Number"),
        ]
    )
    text = docx_to_text(data)
    assert text.splitlines() == [
        "关于加强社区养老服务的建议",
        "社区助餐点少，老人就餐难。",
        "1.建设社区助餐点。",
        "2.培训养老护理员。",
        "3.完善运营补贴。",
    ]
    proposal = split_speech(text)
    assert proposal.title == "关于加强社区养老服务的建议"
    assert proposal.suggestions == ["建设社区助餐点。", "培训养老护理员。", "完善运营补贴。"]


def chinese_outline(document) -> str:
    """Add a two-level Chinese list definition (一、 / （一）) and return its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def numbered(document, text: str, num_id: str, level: int):
    paragraph = document.add_paragraph(text)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def test_outline_numbering_with_nested_levels():
    document = Document()
    num_id = chinese_outline(document)
    document.add_paragraph("关于完善婴幼儿照护服务的建议")
    document.add_paragraph("托位供给不足，价格偏高。")
    numbered(document, "扩大服务供给", num_id, 0)
    numbered(document, "新建公办托育机构。", num_id, 1)
    numbered(document, "支持幼儿园开设托班。", num_id, 1)
    numbered(document, "降低服务价格", num_id, 0)
    numbered(document, "落实普惠补贴。", num_id, 1)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "附：调研数据"
    buffer = io.BytesIO()
    document.save(buffer)
    text = docx_to_text(buffer.getvalue())
    assert text.splitlines() == [
        "关于完善婴幼儿照护服务的建议",
        "托位供给不足，价格偏高。",
        "一、扩大服务供给",
        "（一）新建公办托育机构。",
        "（二）支持幼儿园开设托班。",
        "二、降低服务价格",
        "（一）落实普惠补贴。",  # a new parent restarts its children, as Word does
        "附：调研数据",
    ]
    proposal = split_speech(text)
    assert [s.splitlines()[0] for s in proposal.suggestions] == ["扩大服务供给", "降低服务价格"]
    assert "（二）支持幼儿园开设托班。" in proposal.suggestions[0]


def test_typed_numbers_are_not_doubled():
    data = docx_bytes([("1.已手工编号", "List Number"), ("第二段", None)])
    assert docx_to_text(data).splitlines() == ["1.已手工编号", "第二段"]


@pytest.mark.parametrize("data", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_unreadable_files_raise(data):
    with pytest.raises(UnreadableDocx):
        docx_to_text(data)


@pytest.mark.parametrize(
    "n,fmt,expected",
    [(3, "decimal", "3"), (12, "chineseCounting", "十二"), (2, "decimalEnclosedCircle", "②"),
     (4, "upperRoman", "IV"), (2, "lowerLetter", "b")],
)  # fmt: skip
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected
