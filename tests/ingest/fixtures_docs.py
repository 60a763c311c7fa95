"""Make .docx / .pdf / text files on the fly for loader and chunking tests."""

from __future__ import annotations

from pathlib import Path

POLICY_MD = """---
title: 跨部门会议管理规定（示例）
type: policy
department: 总经理办公室
version: 2.1
effective_date: 2026-01-01
access: [人力资源部, "role:manager"]
---

# 跨部门会议管理规定

## 第一章 总则

**第一条** 为规范跨部门会议，提高会议效率，制定本规定。

**第二条** 本规定适用于公司各部门组织的跨部门会议。
跨部门会议包括例会和专题会。

## 第三章 会议组织

**第十二条** 会议组织部门应当在会前一个工作日发出议程。议程应当写明议题、决策人和需要准备的材料；未列入议程的事项原则上不在会上决定。

第13条 会议纪要应当在会后24小时内发出，并抄送 *所有* 参会部门。

| 会议类型 | 频率 | 时长 |
|---|---|---|
| 项目例会 | 每周 | 60分钟 |
| 月度回顾 | 每月 | 90分钟 |
"""

# A guidance document of two sections (the store and exact-search tests).
GUIDE = """---
title: 沟通渠道指引
type: guidance
department: 组织发展部
---

# 沟通渠道指引

## 对接人

每个部门指定一名跨部门对接人，负责受理和跟踪协作事项。

## 回复时限

跨部门消息在一个工作日内回复；紧急事项两小时内回复。
"""


PLAIN_TXT = """跨部门协作指引

第一章 总则

一、目的

为了减少部门之间的推诿，特制定本指引。各部门应当遵照执行。

（一）适用范围
本指引适用于全体管理者。

一、各部门应当指定一名对接人，对接人负责跨部门事项的受理、分派和跟踪，并在每周例会上通报进展。

● 沟通效率：高效的沟通是协作的基础。
● 资源共享：各部门应当开放资源。
"""


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` in ``encoding`` (``utf-8-sig``, ``gb18030``, ``utf-16`` add their own marks)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_docx(path: Path, parts: list[tuple], core_title: str = "") -> Path:
    """Parts: ("h", level, text) | ("h-cn", level, text) (style 标题 N) | ("p", text) | ("li", text)
    | ("table", rows)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for part in parts:
        kind = part[0]
        if kind == "h":
            document.add_heading(part[2], level=part[1])
        elif kind == "h-cn":
            name = f"标题 {part[1]}"
            if name not in [s.name for s in document.styles]:
                document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            document.add_paragraph(part[2], style=name)
        elif kind == "p":
            document.add_paragraph(part[1])
        elif kind == "li":
            document.add_paragraph(part[1], style="List Bullet")
        elif kind == "table":
            rows = part[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            raise ValueError(kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_numbered_docx(path: Path, title: str, paragraphs: list[tuple[int | None, str]],
                        levels: list[tuple[str, str]]) -> Path:
    """A .docx whose numbers Word draws (automatic numbering, not in the text): ``paragraphs`` are (level, text), level
    None for an unnumbered paragraph; ``levels`` the list's (numFmt, lvlText) per level, e.g. ("chineseCounting",
    "第%1条")."""
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_heading(title, level=1)
    numbering = document.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
                   for i, (fmt, text) in enumerate(levels))
    numbering.append(parse_xml(f'<w:abstractNum {ns} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_pdf(path: Path, pages: list[list[str]], password: str | None = None) -> Path:
    """One PDF page per list of lines, Chinese via reportlab's built-in CID font STSong-Light;
    ``password`` encrypts it (pypdf writer, RC4) so it cannot be opened without it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("STSong-Light", 11)
        y = 800
        for line in lines:
            c.drawString(50, y, line)
            y -= 18
        c.showPage()
    c.save()
    if password is not None:
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=str(path))
        writer.encrypt(user_password=password, owner_password=password + "-owner")
        with open(path, "wb") as fh:
            writer.write(fh)
    return path
