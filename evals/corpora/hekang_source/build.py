"""Build the eight Hekang (禾康医疗) blind-evaluation documents from their source texts.

Run from the repository root:  .venv/bin/python evals/corpora/hekang_source/build.py
It (re)writes evals/corpora/hekang/ holding exactly the eight documents:

  01 Word 管理办法   Title style title, "Heading 1" chapters, "第X条　" typed into Normal paragraphs
                     (full-width space after the label, no Word auto-numbering), "（一）" items inline
                     or in following paragraphs, an 附件 approval matrix as a Word table
  02 Markdown 制度   "# title", "## 第X章", "**第X条**" bold labels, cross-references, a pipe table
  03 OA text 规定    发文字号 / 发文部门 / title lines, clauses indented "　　第X条　", hard line breaks
                     at about 38 characters inside paragraphs (as copied out of a PDF), no chapters
  04 Word 修订通知   发文字号, centred title, 主送, "一、"/"（一）" Normal paragraphs, 落款, a 原条款 |
                     修订后条款 comparison table
  05 PDF 工作流程指引 "一、" sections, "步骤一：" steps, "（1）" items, about 36 characters a line, the
                     title as running header and "— N —" footer on every page
  06 HTML wiki page  Confluence-like export: sidebar, breadcrumbs, <div id="main-content"> with
                     <h1>/<h2>, a RACI <table>, <ul> lists, "最后更新于" line, comments, footer
  07 Markdown 手册   "## 1 …" / "### 1.1 …" headings, nested "- " bullets, **bold** lead terms, FAQ
  08 text 会议纪要   header lines, "一、" sections, "1." items

Sources (next to this script): NN_*.txt / NN_*.md. Sources 02, 07 and 08 are the documents
themselves (copied); 03 is the text to be wrapped; 01, 04, 05 and 06 hold one "kind: text" per
line (lines starting "#" and blank lines are ignored; "out:" names the output file).
In 03, "{…}" marks a phrase that the line wrapper keeps on one line (the braces are removed).
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "hekang"
COMPANY = "禾康医疗集团"
FIXED_TIME = __import__("datetime").datetime(2026, 4, 15, 9, 0, 0)
# A continuation line must not look like the start of a clause or section.
CLAUSE_START = re.compile(r"第[一二三四五六七八九十百零〇]+[条章]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|问[：:]")
NO_START = set("，。、；：？！）》」』”’%．,.;:?!)")
NO_END = set("（《「『“‘(")


def parse(path: Path) -> tuple[dict, list[tuple[str, str]]]:
    meta, parts = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, text = line.partition(": ")
        if kind in ("out", "header", "space", "crumb", "updated"):
            meta[kind] = text.strip()
        else:
            parts.append((kind, text.strip()))
    return meta, parts


def groups(parts):
    """Yield (kind, [texts]) with consecutive rows / list items gathered together."""
    out = []
    for kind, text in parts:
        if out and kind == out[-1][0] and kind in ("row", "li", "li2", "comment"):
            out[-1][1].append(text)
        else:
            out.append((kind, [text]))
    return out


# ----------------------------------------------------------------------------------- Word


def new_document(title: str):
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = COMPANY
    for name in ("Normal", "Title", "Heading 1"):
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), "仿宋" if name == "Normal" else "黑体")
    document.styles["Normal"].font.size = Pt(12)
    document.core_properties.created = document.core_properties.modified = FIXED_TIME
    document.core_properties.last_modified_by = COMPANY
    return document


def save_docx(document, path):
    """Save with fixed zip timestamps, so that a rebuild writes the same bytes."""
    import io
    import zipfile

    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 4, 15, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))


def add_table(document, rows: list[str]):
    from docx.shared import Pt

    cells = [[c.strip() for c in r.split(" | ")] for r in rows]
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    table.style = "Table Grid"
    for r, row in enumerate(cells):
        assert len(row) == len(cells[0]), row
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.font.size = Pt(10.5)
            run.bold = r == 0
    return table


def centered(document, text, size=None, bold=True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return p


def build_docx_measures(meta, parts, path):
    """01: Title, Heading 1 chapters, 第X条 Normal paragraphs, 附件 Word table."""
    from docx.shared import Pt

    document = new_document(parts[0][1])
    for kind, texts in groups(parts):
        if kind == "title":
            document.add_paragraph(texts[0], style="Title")
        elif kind == "meta":
            centered(document, texts[0], size=10.5, bold=False)
        elif kind == "h1":
            document.add_heading(texts[0], level=1)
        elif kind in ("p", "item"):
            p = document.add_paragraph(texts[0])
            p.paragraph_format.first_line_indent = Pt(24)
        elif kind == "row":
            add_table(document, texts)
        else:
            raise ValueError(kind)
    save_docx(document, path)


def build_docx_notice(meta, parts, path):
    """04: 发文字号, title, 主送, body paragraphs, 落款 and date, comparison table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = next(t for k, t in parts if k == "title")
    document = new_document(title)
    for kind, texts in groups(parts):
        if kind == "docno":
            p = document.add_paragraph(texts[0])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "title":
            centered(document, texts[0], size=18)
        elif kind == "to":
            document.add_paragraph(texts[0])
        elif kind == "p":
            p = document.add_paragraph(texts[0])
            p.paragraph_format.first_line_indent = Pt(24)
        elif kind in ("sign", "date"):
            p = document.add_paragraph(texts[0])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "attach":
            p = document.add_paragraph()
            p.add_run(texts[0]).bold = True
        elif kind == "caption":
            centered(document, texts[0], size=14)
        elif kind == "row":
            add_table(document, texts)
        elif kind == "note":
            document.add_paragraph(texts[0])
        else:
            raise ValueError(kind)
    save_docx(document, path)


# ----------------------------------------------------------------------------------- OA text

TXT_WIDTH = 38


def wrap_oa(paragraph: str) -> list[str]:
    """Hard-wrap one paragraph at about TXT_WIDTH characters, keeping {…} phrases on one line."""
    atoms = [m.group(1) or m.group(2) for m in re.finditer(r"\{([^}]*)\}|(.)", paragraph)]
    lines, cur = [], ""
    for atom in atoms:
        if cur and len(cur) + len(atom) > TXT_WIDTH and not (len(atom) == 1 and atom in NO_START):
            if len(atom) > 1 and len(cur) < 26:   # a kept phrase: the line runs long to hold it
                cur += atom
                continue
            carry = ""
            while cur and cur[-1] in NO_END:
                carry = cur[-1] + carry
                cur = cur[:-1]
            lines.append(cur)
            cur = carry
        cur += atom
    if cur:
        lines.append(cur)
    for i in range(1, len(lines)):
        while CLAUSE_START.match(lines[i]):
            lines[i] = lines[i - 1][-1] + lines[i]
            lines[i - 1] = lines[i - 1][:-1]
    return lines


def build_oa_text(meta, path, source):
    out = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("　　"):
            out.extend(wrap_oa(line))
        else:
            out.append(line.replace("{", "").replace("}", ""))
    path.write_text("\n".join(out).rstrip("\n") + "\n", encoding="utf-8")


def build_copy(meta, path, source):
    path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


# ----------------------------------------------------------------------------------- PDF

FONT = "STSong-Light"
SIZE = 10.5
CHARS = 36
WIDTH = CHARS * SIZE
PAGE_W, PAGE_H = 595.27, 841.89
LEFT = (PAGE_W - WIDTH) / 2
TOP, BOTTOM, LEADING = 760, 80, 17.5


def wrap_pdf(text: str, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    for ch in text:
        if cur and stringWidth(cur + ch, FONT, SIZE) > width and ch not in NO_START:
            carry = ""
            while cur and cur[-1] in NO_END:
                carry = cur[-1] + carry
                cur = cur[:-1]
            lines.append(cur)
            cur = carry
        cur += ch
    if cur:
        lines.append(cur)
    for i in range(1, len(lines)):
        while CLAUSE_START.match(lines[i]):
            lines[i] = lines[i - 1][-1] + lines[i]
            lines[i - 1] = lines[i - 1][:-1]
    return lines


def layout_pdf(parts) -> list[list[tuple]]:
    blocks = []  # (lines, size, indent, centred, space_before)
    for kind, text in parts:
        if kind == "title":
            blocks.append(([text], 16, 0, True, 6))
        elif kind == "meta":
            blocks.append(([text], 9.5, 0, True, 2))
        elif kind == "sec":
            blocks.append(([text], 12, 0, False, 12))
        elif kind == "step":
            blocks.append((wrap_pdf(text, WIDTH), SIZE, 0, False, 7))
        elif kind == "p":
            blocks.append((wrap_pdf(text, WIDTH), SIZE, 0, False, 4))
        elif kind == "item":
            blocks.append((wrap_pdf(text, WIDTH - 2 * SIZE), SIZE, 2 * SIZE, False, 2))
        else:
            raise ValueError(kind)
    pages, page, y = [], [], TOP
    for lines, size, indent, centred, before in blocks:
        height = LEADING * (1.4 if size > 11 else 1)
        if size > 11 and y - before - 3 * LEADING < BOTTOM:  # no heading alone at the page foot
            pages.append(page); page, y = [], TOP
        y -= before if page else 0
        for line in lines:
            if y - height < BOTTOM:
                pages.append(page); page, y = [], TOP
            y -= height
            page.append((LEFT + indent, y, size, line, centred))
    pages.append(page)
    return pages


def build_pdf(meta, parts, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pages = layout_pdf(parts)
    title = next(t for k, t in parts if k == "title")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(COMPANY)
    for n, page in enumerate(pages, 1):
        c.setFont(FONT, 9)
        c.drawCentredString(PAGE_W / 2, 800, meta["header"])
        c.setLineWidth(0.5)
        c.line(LEFT, 794, PAGE_W - LEFT, 794)
        for x, y, size, text, centred in page:
            c.setFont(FONT, size)
            if centred:
                c.drawCentredString(PAGE_W / 2, y, text)
            else:
                c.drawString(x, y, text)
        c.setFont(FONT, 10)
        c.drawCentredString(PAGE_W / 2, 45, f"— {n} —")
        c.showPage()
    c.save()
    return len(pages)


# ----------------------------------------------------------------------------------- HTML wiki

WIKI = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} - {space} - 禾康知识库</title>
<link rel="stylesheet" href="/s/batch.css">
<style>
#sidebar {{ float: left; width: 220px; background: #f4f5f7; font-size: 13px; }}
#main {{ margin-left: 240px; padding: 0 24px; }}
.wiki-content table {{ border-collapse: collapse; }}
.wiki-content td, .wiki-content th {{ border: 1px solid #c1c7d0; padding: 4px 8px; }}
.page-metadata {{ color: #6b778c; font-size: 12px; }}
</style>
<script>window.AJS = window.AJS || {{}}; AJS.params = {{ pageId: "40960123", spaceKey: "YBB" }};</script>
</head>
<body class="theme-default">
<div id="header">
  <a class="logo" href="/">禾康知识库</a>
  <ul class="aui-nav"><li><a href="/spaces">空间</a></li><li><a href="/people">人员</a></li><li><a href="/create">+ 创建</a></li></ul>
  <form class="search"><input type="text" placeholder="搜索"></form>
</div>
<div id="sidebar">
  <div class="space-name">{space}</div>
  <ul class="page-tree">
    <li><a href="#">空间主页</a></li>
    <li><a href="#">医保政策文件汇编</a></li>
    <li><a href="#">DRG/DIP付费专题</a></li>
    <li class="current"><a href="#">{title}</a></li>
    <li><a href="#">医保办联系人名单</a></li>
    <li><a href="#">历次医保检查问题台账</a></li>
  </ul>
  <div class="space-tools">空间工具 · 页面树 · 博客</div>
</div>
<div id="main">
<ol id="breadcrumbs">{crumbs}</ol>
<div class="page-metadata">{updated}</div>
<div id="main-content" class="wiki-content">
{body}
</div>
<div id="likes-and-labels-container">
  <span class="like-button">赞</span> 8 人觉得这很赞 · 标签：<a href="#">医保</a> <a href="#">拒付</a> <a href="#">整改</a>
</div>
<div id="comments-section">
  <h2 class="section-title">{ncomments} 条评论</h2>
{comments}
  <div class="quick-comment-prompt">写评论…</div>
</div>
</div>
<div id="footer">
  <p>由 Atlassian Confluence 7.19 提供支持 · 禾康医疗集团信息中心维护 · <a href="#">报告缺陷</a> · <a href="#">Atlassian 新闻</a></p>
</div>
</body>
</html>
"""


def build_html(meta, parts, path):
    e = html.escape
    body, comments, title = [], [], ""
    for kind, texts in groups(parts):
        if kind == "title":
            title = texts[0]
            body.append(f"<h1>{e(title)}</h1>")
        elif kind == "info":
            body.append(f'<div class="confluence-information-macro"><p>{e(texts[0])}</p></div>')
        elif kind in ("h2", "h3"):
            body.append(f"<{kind}>{e(texts[0])}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{e(texts[0])}</p>")
        elif kind == "li":
            body.append("<ul>\n" + "\n".join(f"  <li>{e(t)}</li>" for t in texts) + "\n</ul>")
        elif kind == "row":
            rows = [[c.strip() for c in r.split(" | ")] for r in texts]
            head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
            lines = [f"  <tr>{head}</tr>"]
            lines += ["  <tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:]]
            body.append('<div class="table-wrap"><table class="confluenceTable">\n' + "\n".join(lines)
                        + "\n</table></div>")
        elif kind == "comment":
            for t in texts:
                who, _, said = t.partition(" || ")
                comments.append(f'  <div class="comment"><div class="author">{e(who)}</div>'
                                f'<div class="comment-content"><p>{e(said)}</p></div></div>')
        else:
            raise ValueError(kind)
    crumbs = "".join(f'<li><a href="#">{e(c.strip())}</a></li>' for c in meta["crumb"].split("/"))
    path.write_text(WIKI.format(title=e(title), space=e(meta["space"]), crumbs=crumbs,
                                updated=e(meta["updated"]), body="\n".join(body),
                                comments="\n".join(comments), ncomments=len(comments)),
                    encoding="utf-8")


# ----------------------------------------------------------------------------------- main

STRUCTURED = {"01": build_docx_measures, "04": build_docx_notice, "05": build_pdf, "06": build_html}
COPIED = {"02": build_copy, "03": build_oa_text, "07": build_copy, "08": build_copy}
TARGETS = {
    "02": "禾康医疗跨科室会诊管理制度.md",
    "03": "禾康医院药品短缺协调处置规定.txt",
    "07": "禾康医院跨部门协作工作手册.md",
    "08": "2026年第3次跨部门协调会会议纪要.txt",
}


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for source in sorted(HERE.glob("[0-9][0-9]_*")):
        key = source.name[:2]
        if key in STRUCTURED:
            meta, parts = parse(source)
            target = OUT / meta["out"]
            extra = STRUCTURED[key](meta, parts, target)
        else:
            target = OUT / TARGETS[key]
            extra = COPIED[key]({}, target, source)
        note = f" ({extra} pages)" if extra else ""
        print(f"{target.relative_to(HERE.parent.parent.parent)}  {target.stat().st_size} bytes{note}")
    assert len(list(OUT.iterdir())) == 8


if __name__ == "__main__":
    main()
