"""Hostile .docx/.xlsx/.csv files made in memory: small on disk, bombs when unpacked.

Every builder returns bytes. The packages are minimal but real (Word and the app's reader
open the harmless ones), so a refusal in a test is the hostile part's doing.
"""

import io
import zipfile
from collections.abc import Iterable

MB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
EXTERNAL_ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def zip_bytes(parts: dict[str, bytes | str | Iterable[bytes]]) -> bytes:
    """A deflated zip; an iterable part is streamed in (a bomb never sits in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if isinstance(content, str):
                content = content.encode("utf-8")
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as stream:
                for chunk in content:
                    stream.write(chunk)
    return out.getvalue()


def repeated(head: str, unit: str, count: int, tail: str, per_chunk: int = 20_000):
    """head + unit * count + tail, yielded in chunks."""
    yield head.encode()
    block = (unit * per_chunk).encode()
    full, rest = divmod(count, per_chunk)
    for _ in range(full):
        yield block
    yield (unit * rest + tail).encode()


# ---------------------------------------------------------------- .docx


def _document(body: str, prolog: str = "") -> str:
    return f'{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'


def docx(
    document: str | bytes | Iterable[bytes] | None = None,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    numbering_xml: str | None = None,
    package_rels: str | None = None,
    extra: dict | None = None,
) -> bytes:
    """A .docx whose word/document.xml (and optional styles/numbering) are given."""
    if document is None:
        document = _document("<w:p><w:r><w:t>关于加强社区养老服务的建议</w:t></w:r></w:p>")
    rels = [f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>']
    rels.append(f'<Relationship Id="rIdN" Type="{REL}/numbering" Target="numbering.xml"/>')
    parts: dict = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/></Types>'
        ),
        "_rels/.rels": package_rels
        or (
            f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/_rels/document.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>'
        ),
        "word/document.xml": document,
    }
    if styles is not None:
        parts["word/styles.xml"] = f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>'
    if numbering is not None:
        parts["word/numbering.xml"] = f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
    if numbering_xml is not None:
        parts["word/numbering.xml"] = numbering_xml
    parts.update(extra or {})
    return zip_bytes(parts)


def paragraph(text: str, num_id: str | None = None, ilvl: str | None = "0") -> str:
    num = ""
    if num_id is not None:
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        num = f'<w:pPr><w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
    return f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>"


def numbering_with(start: str, ilvl: str = "0", fmt: str = "decimal", text: str = "%1.") -> str:
    return (
        f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>'
    )


def docx_with_paragraphs(count: int, unit: str = "<w:p/>") -> bytes:
    head = f'<w:document xmlns:w="{W_NS}"><w:body>'
    return docx(repeated(head, unit, count, "</w:body></w:document>"))


def docx_part_bomb(megabytes: int = 30) -> bytes:
    """document.xml of `megabytes` MB: bookmarks, each followed by 1000 spaces (libxml2
    itself refuses one text node above 10 MB, so the spaces are spread out)."""
    head = f'<w:document xmlns:w="{W_NS}"><w:body>{paragraph("开头")}'
    unit = "<w:bookmarkStart/>" + " " * 1006
    return docx(repeated(head, unit, megabytes * 1024, "</w:body></w:document>", 1024))


def docx_total_bomb(entries: int = 5, megabytes: int = 15) -> bytes:
    """Pictures that each pass the per-part limit and together pass the total one."""
    zeros = b"\0" * MB
    pictures = {
        f"word/media/image{i}.png": (zeros for _ in range(megabytes)) for i in range(entries)
    }
    return docx(extra=pictures)


def docx_many_entries(count: int = 5000) -> bytes:
    return docx(extra={f"word/media/e{i}.bin": b"" for i in range(count)})


def docx_lying_sizes() -> bytes:
    """document.xml whose directory declares 100 bytes although it unpacks to ~1 MB."""
    body = paragraph("一" * 300_000)
    return declared_size(docx(_document(body)), "word/document.xml", 100)


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s uncompressed size rewritten in both of its headers."""
    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    raw[local + 22 : local + 26] = size.to_bytes(4, "little")
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(raw[central + 28 : central + 30], "little")
        if raw[central + 46 : central + 46 + name_length] == name.encode():
            raw[central + 24 : central + 28] = size.to_bytes(4, "little")
            break
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


# ---------------------------------------------------------------- .xlsx


def xlsx(
    sheet: str | bytes | Iterable[bytes] | None = None,
    shared: str | bytes | Iterable[bytes] | None = None,
    *,
    workbook_prolog: str = "",
    extra: dict | None = None,
) -> bytes:
    """A one-sheet workbook whose sheet1.xml and sharedStrings.xml are given."""
    if sheet is None:
        sheet = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>')
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared is not None:
        rels.append(
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    parts: dict = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'{workbook_prolog}<workbook xmlns="{S_NS}" xmlns:r="{R_NS}"><sheets>'
            '<sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    parts.update(extra or {})
    return zip_bytes(parts)


def sheet_xml(rows: str, prolog: str = "") -> str:
    return f'{prolog}<worksheet xmlns="{S_NS}"><sheetData>{rows}</sheetData></worksheet>'


def shared_xml(items: str, prolog: str = "") -> str:
    return f'{prolog}<sst xmlns="{S_NS}">{items}</sst>'


def sheet_stream(unit: str, count: int, head_rows: str = "", tail_rows: str = ""):
    head = f'<worksheet xmlns="{S_NS}"><sheetData>{head_rows}'
    return repeated(head, unit, count, f"{tail_rows}</sheetData></worksheet>")


def header_row() -> str:
    return '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'


def xlsx_million_shared_strings() -> bytes:
    shared = repeated(f'<sst xmlns="{S_NS}">', "<si><t>x</t></si>", 1_000_000, "</sst>")
    return xlsx(shared=shared)


def xlsx_million_cells_in_a_row() -> bytes:
    return xlsx(sheet_stream("<c><v>1</v></c>", 1_000_000, '<row r="1">', "</row>"))


def xlsx_million_rows() -> bytes:
    row = '<row><c t="inlineStr"><is><t>人</t></is></c></row>'
    return xlsx(sheet_stream(row, 1_000_000, head_rows=header_row()))


def xlsx_empty_rows(count: int = 2_000_000) -> bytes:
    return xlsx(sheet_stream("<row/>", count))


def xlsx_part_bomb(megabytes: int = 30) -> bytes:
    unit = "<row/>" + " " * 1018
    return xlsx(sheet_stream(unit, megabytes * 1024, head_rows=header_row()))


# ---------------------------------------------------------------- CSV


def csv_long_line(megabytes: int = 50) -> bytes:
    return b"\xe5\xa7\x93\xe5\x90\x8d," + b"a" * (megabytes * MB) + b"\r\n"


def csv_many_rows(count: int = 5_000_000) -> bytes:
    return "姓名\r\n".encode() + b"\n" * count
