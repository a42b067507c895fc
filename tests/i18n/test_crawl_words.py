"""The crawl's reading of a page: what counts as English left in the Chinese interface."""

from tests.i18n.crawl import ALLOWED_WORDS, VisibleText, english_words


def words(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    return english_words(text, ALLOWED_WORDS | allowed)


def test_english_words_are_found_and_formats_names_and_addresses_are_not():
    assert words("Single department") == ["Single", "department"]
    assert words("草稿 → basically") == ["basically"]
    assert words("app_user#2") == ["app_user"]
    assert words("下载 PDF、DOCX 或 XLSX；CSV 带 BOM") == []
    assert words("或上传发言材料（.docx 或 .txt）") == []
    assert words("weijian@example.gov.cn · https://example.org/a/b") == []
    assert words("链接：/inbox/12") == []
    assert words("A 类答复 · 第 2 轮 · 5G 基站") == []
    assert words("王喆委员 (wangzhe)", frozenset({"wangzhe"})) == []


def test_visible_text_reads_text_and_spoken_attributes_not_scripts():
    parser = VisibleText()
    parser.feed(
        '<title>会议</title><script>var hidden = "English";</script>'
        '<nav aria-label="breadcrumb"><a href="/meetings/" title="Meetings">会议</a></nav>'
        '<input type="submit" value="Save"><input type="text" value="用户输入 Latin">'
        '<input placeholder="Type to filter"><img alt="Logo" src="x.png">'
    )
    assert parser.pieces == [
        "会议",
        "breadcrumb",
        "Meetings",
        "会议",
        "Save",
        "Type to filter",
        "Logo",
    ]
    assert parser.links == ["/meetings/"]
