"""Build the eight Yunshan (云杉数科) blind-evaluation documents from their source texts.

Run from the repository root:  .venv/bin/python evals/corpora/yunshan_source/build.py
It (re)writes evals/corpora/yunshan/ holding exactly the eight documents:

  01 Word 管理办法  Title + "Heading 1" chapters, 第X条 Normal paragraphs, "List Number" items
                    (automatic Word numbering, restarted for each list, numbers not in the text)
  02 Word 规定      no heading styles: bold centred Normal title/chapter lines, a bold "第X条" run
                    opening each clause, one Word table
  03 PDF 细则       第X条 clauses typeset at about 36 Chinese characters a line, running header and
                    "第 N 页 共 M 页" footer on every page
  04 PDF 作业指引    "一、" sections, "（一）" paragraphs and "1." items, same typesetting
  05 HTML 制度      intranet page: nav bar, breadcrumbs, <h1>, <h2> chapters, one <p> per 第X条,
                    a <table>, an <ol>, footer with copyright and 返回顶部
  06 HTML 常见问题   same boilerplate, <h3> questions with <p> answers
  07 Word 协作手册   "Heading 2" "1. …", "Heading 3" "1.1 …", Normal paragraphs, "List Bullet" items
  08 Word 通知      发文字号, 主送 "各部门：", "一、"/"（一）" Normal paragraphs, 落款, 日期, 附件 table

Source format (NN_*.txt next to this script): one "kind: text" per line; lines starting "#"
and blank lines are ignored; "out:" names the output file. Kinds are listed at the top of each
source file.
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "yunshan"
COMPANY = "云杉数科"
# A continuation line must not look like the start of a clause or section (a typesetter's line
# that happens to begin "第三条" or "一、" would read as a new clause).
CLAUSE_START = re.compile(r"第[一二三四五六七八九十百零〇]+[条章]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]")


def parse(path: Path) -> tuple[dict, list[tuple[str, str]]]:
    meta, parts = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, text = line.partition(": ")
        if kind in ("out", "header"):
            meta[kind] = text.strip()
        else:
            parts.append((kind, text.strip()))
    return meta, parts


def groups(parts):
    """Yield (kind, [texts]) with consecutive rows / list items gathered together."""
    out = []
    for kind, text in parts:
        if out and kind == out[-1][0] and kind in ("row", "num", "li", "bullet", "a"):
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
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet"):
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), "宋体" if name in ("Normal", "List Number", "List Bullet") else "黑体")
    document.styles["Normal"].font.size = Pt(11)
    return document


def restart_numbering(document, paragraph):
    """Give ``paragraph`` (style List Number) a fresh w:num so its list starts again at 1."""
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(style_num):
            abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    new_id = 1 + max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num")))
    num = numbering.makeelement(qn("w:num"), {qn("w:numId"): str(new_id)})
    ref = num.makeelement(qn("w:abstractNumId"), {qn("w:val"): abstract})
    override = num.makeelement(qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
    override.append(override.makeelement(qn("w:startOverride"), {qn("w:val"): "1"}))
    num.append(ref)
    num.append(override)
    numbering.append(num)
    return new_id


def set_num(paragraph, num_id: int):
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    numpr = ppr.makeelement(qn("w:numPr"), {})
    ilvl = numpr.makeelement(qn("w:ilvl"), {qn("w:val"): "0"})
    nid = numpr.makeelement(qn("w:numId"), {qn("w:val"): str(num_id)})
    numpr.append(ilvl)
    numpr.append(nid)
    if ppr.pStyle is None:
        ppr.insert(0, numpr)
    else:
        ppr.pStyle.addnext(numpr)


def add_table(document, rows: list[str], bold_header=True):
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
            run.font.size = Pt(10)
            run.bold = bold_header and r == 0
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


def build_docx_headings(meta, parts, path):
    """01: Title, Heading 1 chapters, 第X条 Normal paragraphs, List Number items."""
    document = new_document(parts[0][1])
    for kind, texts in groups(parts):
        if kind == "title":
            document.add_paragraph(texts[0], style="Title")
        elif kind == "h1":
            document.add_heading(texts[0], level=1)
        elif kind == "p":
            document.add_paragraph(texts[0])
        elif kind == "num":
            num_id = None
            for text in texts:
                p = document.add_paragraph(text, style="List Number")
                if num_id is None:
                    num_id = restart_numbering(document, p)
                set_num(p, num_id)
        else:
            raise ValueError(kind)
    document.save(path)


CLAUSE_HEAD = re.compile(r"(第[一二三四五六七八九十百]+条)\s*")


def build_docx_plain(meta, parts, path):
    """02: no heading styles; bold centred title and chapter lines, bold 第X条 runs, one table."""
    document = new_document(parts[0][1])
    for kind, texts in groups(parts):
        if kind == "title":
            centered(document, texts[0], size=18)
        elif kind == "chap":
            centered(document, texts[0], size=12)
        elif kind == "p":
            p = document.add_paragraph()
            m = CLAUSE_HEAD.match(texts[0])
            if m:
                p.add_run(m.group(1)).bold = True
                p.add_run("　" + texts[0][m.end():])
            else:
                p.add_run(texts[0])
        elif kind == "row":
            add_table(document, texts)
        else:
            raise ValueError(kind)
    document.save(path)


def build_docx_handbook(meta, parts, path):
    """07: Title, Heading 2 / Heading 3 sections, Normal paragraphs, List Bullet items."""
    document = new_document(parts[0][1])
    for kind, texts in groups(parts):
        if kind == "title":
            document.add_paragraph(texts[0], style="Title")
        elif kind in ("h2", "h3"):
            document.add_heading(texts[0], level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(texts[0])
        elif kind == "bullet":
            for text in texts:
                document.add_paragraph(text, style="List Bullet")
        else:
            raise ValueError(kind)
    document.save(path)


def build_docx_notice(meta, parts, path):
    """08: 发文字号, title, 主送, body paragraphs, 落款 and date, 附件 table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = next(t for k, t in parts if k == "title")
    document = new_document(title)
    for kind, texts in groups(parts):
        if kind == "docno":
            centered(document, texts[0], bold=False)
        elif kind == "title":
            centered(document, texts[0], size=18)
        elif kind == "to":
            document.add_paragraph(texts[0])
        elif kind == "p":
            p = document.add_paragraph(texts[0])
            p.paragraph_format.first_line_indent = Pt(22)
        elif kind in ("sign", "date"):
            p = document.add_paragraph(texts[0])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "attach":
            p = document.add_paragraph()
            p.add_run(texts[0]).bold = True
        elif kind == "row":
            add_table(document, texts)
        elif kind == "note":
            document.add_paragraph(texts[0])
        else:
            raise ValueError(kind)
    document.save(path)


# ----------------------------------------------------------------------------------- PDF

FONT = "STSong-Light"
SIZE = 10.5
CHARS = 36
WIDTH = CHARS * SIZE            # about 36 Chinese characters a line
PAGE_W, PAGE_H = 595.27, 841.89
LEFT = (PAGE_W - WIDTH) / 2
TOP, BOTTOM, LEADING = 760, 80, 17.5
NO_START = set("，。、；：？！）》」』”’%．,.;:?!)")
NO_END = set("（《「『“‘(")


def wrap(text: str, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    for ch in text:
        if cur and stringWidth(cur + ch, FONT, SIZE) > width and ch not in NO_START:
            # keep an opening bracket with what follows it
            carry = ""
            while cur and cur[-1] in NO_END:
                carry = cur[-1] + carry
                cur = cur[:-1]
            lines.append(cur)
            cur = carry
        cur += ch
    if cur:
        lines.append(cur)
    # a continuation line must not read as the opening of a new clause or section
    for i in range(1, len(lines)):
        while CLAUSE_START.match(lines[i]):
            lines[i] = lines[i - 1][-1] + lines[i]
            lines[i - 1] = lines[i - 1][:-1]
    return lines


def layout_pdf(parts) -> list[list[tuple]]:
    """Lay the parts out as pages of (x, y, size, text, centred) lines."""
    blocks = []  # (lines, size, indent, centred, space_before)
    for kind, text in parts:
        if kind == "title":
            blocks.append(([text], 16, 0, True, 6))
        elif kind == "meta":
            blocks.append(([text], 9.5, 0, True, 2))
        elif kind in ("chap", "sec"):
            blocks.append(([text], 12, 0, kind == "chap", 10))
        elif kind == "p":
            blocks.append((wrap(text, WIDTH), SIZE, 0, False, 5))
        elif kind == "item":
            blocks.append((wrap(text, WIDTH - 2 * SIZE), SIZE, 2 * SIZE, False, 2))
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
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)  # reproducible bytes
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
        c.setFont(FONT, 9)
        c.drawCentredString(PAGE_W / 2, 45, f"第 {n} 页 共 {len(pages)} 页")
        c.showPage()
    c.save()
    return len(pages)


# ----------------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} - 云杉数科内部门户</title>
<style>
body {{ font-family: "Microsoft YaHei", sans-serif; margin: 0; color: #333; }}
.topbar {{ background: #1f4e79; color: #fff; padding: 8px 24px; }}
.topbar a {{ color: #fff; margin-right: 18px; text-decoration: none; }}
.crumbs {{ padding: 8px 24px; font-size: 13px; color: #888; }}
article {{ max-width: 860px; margin: 0 auto; padding: 0 24px 40px; line-height: 1.9; }}
.doc-meta {{ color: #888; font-size: 13px; text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #bbb; padding: 4px 8px; font-size: 14px; }}
footer {{ background: #f2f2f2; padding: 12px 24px; font-size: 12px; color: #888; text-align: center; }}
</style>
</head>
<body id="top">
<div class="topbar">
  <span class="logo">云杉数科内部门户</span>
  <nav>
    <a href="/">首页</a>
    <a href="/news">新闻公告</a>
    <a href="/rules">规章制度</a>
    <a href="/flow">流程中心</a>
    <a href="/kb">知识中心</a>
    <a href="/contacts">通讯录</a>
  </nav>
  <span class="user">您好，欢迎访问 | <a href="/logout">退出</a></span>
</div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {crumbs} &gt; <span>正文</span></div>
<article>
{body}
</article>
<footer>
  <p>© 2026 云杉数科信息技术有限公司 版权所有 ｜ 内部资料，请勿外传 ｜ 技术支持：运维部</p>
  <p><a href="#top">返回顶部</a></p>
</footer>
<script>document.querySelectorAll("nav a").forEach(a => a.classList.toggle("on", location.pathname.startsWith(a.getAttribute("href"))));</script>
</body>
</html>
"""


def build_html(meta, parts, path):
    e = html.escape
    body, crumbs, title = [], "", ""
    for kind, texts in groups(parts):
        if kind == "crumb":
            crumbs = " &gt; ".join(f'<a href="#">{e(c.strip())}</a>' for c in texts[0].split("/"))
        elif kind == "title":
            title = texts[0]
            body.append(f"<h1>{e(title)}</h1>")
        elif kind == "meta":
            body.append(f'<p class="doc-meta">{e(texts[0])}</p>')
        elif kind == "intro":
            body.append(f'<p class="intro">{e(texts[0])}</p>')
        elif kind == "chap":
            body.append(f"<h2>{e(texts[0])}</h2>")
        elif kind == "q":
            body.append(f"<h3>{e(texts[0])}</h3>")
        elif kind in ("p", "a"):
            body.extend(f"<p>{e(t)}</p>" for t in texts)
        elif kind == "li":
            body.append("<ol>\n" + "\n".join(f"  <li>{e(t)}</li>" for t in texts) + "\n</ol>")
        elif kind == "row":
            rows = [[c.strip() for c in r.split(" | ")] for r in texts]
            head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
            lines = [f"  <tr>{head}</tr>"]
            lines += ["  <tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:]]
            body.append("<table>\n" + "\n".join(lines) + "\n</table>")
        else:
            raise ValueError(kind)
    path.write_text(PAGE.format(title=e(title), crumbs=crumbs, body="\n".join(body)), encoding="utf-8")


BUILDERS = {
    "01": build_docx_headings, "02": build_docx_plain, "03": build_pdf, "04": build_pdf,
    "05": build_html, "06": build_html, "07": build_docx_handbook, "08": build_docx_notice,
}


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for source in sorted(HERE.glob("[0-9][0-9]_*.txt")):
        meta, parts = parse(source)
        target = OUT / meta["out"]
        extra = BUILDERS[source.name[:2]](meta, parts, target)
        note = f" ({extra} pages)" if extra else ""
        print(f"{target.relative_to(HERE.parent.parent.parent)}  {target.stat().st_size} bytes{note}")


if __name__ == "__main__":
    main()
