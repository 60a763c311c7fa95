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

import functools
import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # evals/corpora: build_kit.py
import build_kit as kit  # noqa: E402

OUT = HERE.parent / "yunshan"
COMPANY = "云杉数科"
GATHERED = ("row", "num", "li", "bullet", "a")


def groups(parts):
    """(kind, [texts]) with consecutive rows / list items gathered together."""
    return kit.groups(parts, GATHERED)


# ----------------------------------------------------------------------------------- Word

SERIF = ("Normal", "List Number", "List Bullet")
FONTS = {name: "宋体" if name in SERIF else "黑体"
         for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet")}


def new_document(title: str):
    """A Word document with this corpus's author, fonts and 11 pt body text."""
    return kit.new_document(title, COMPANY, FONTS, 11)


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
            kit.centered(document, texts[0], size=18)
        elif kind == "chap":
            kit.centered(document, texts[0], size=12)
        elif kind == "p":
            p = document.add_paragraph()
            m = CLAUSE_HEAD.match(texts[0])
            if m:
                p.add_run(m.group(1)).bold = True
                p.add_run("　" + texts[0][m.end():])
            else:
                p.add_run(texts[0])
        elif kind == "row":
            kit.add_table(document, texts)
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
    title = next(t for k, t in parts if k == "title")
    document = new_document(title)
    for kind, texts in groups(parts):
        if kind == "docno":
            kit.centered(document, texts[0], bold=False)
        elif not kit.add_notice_part(document, kind, texts, indent=22, table_size=10):
            raise ValueError(kind)
    document.save(path)


# ----------------------------------------------------------------------------------- PDF

PDF_STYLES = {  # kind: (size, indent, centred, space before, wrapped)
    "title": (16, 0, True, 6, False),
    "meta": (9.5, 0, True, 2, False),
    "chap": (12, 0, True, 10, False),
    "sec": (12, 0, False, 10, False),
    "p": (kit.SIZE, 0, False, 5, True),
    "item": (kit.SIZE, 2 * kit.SIZE, False, 2, True),
}
build_pdf = functools.partial(kit.build_pdf, company=COMPANY, styles=PDF_STYLES, clause_start=kit.CLAUSE_START,
                              footer=lambda n, pages: f"第 {n} 页 共 {pages} 页", footer_size=9)


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
            body.append("<table>\n" + kit.html_rows(texts) + "\n</table>")
        else:
            raise ValueError(kind)
    path.write_text(PAGE.format(title=e(title), crumbs=crumbs, body="\n".join(body)), encoding="utf-8")


BUILDERS = {
    "01": build_docx_headings, "02": build_docx_plain, "03": build_pdf, "04": build_pdf,
    "05": build_html, "06": build_html, "07": build_docx_handbook, "08": build_docx_notice,
}


def main():
    kit.fresh_dir(OUT)
    for source in sorted(HERE.glob("[0-9][0-9]_*.txt")):
        meta, parts = kit.parse(source)
        target = OUT / meta["out"]
        pages = BUILDERS[source.name[:2]](meta, parts, target)
        kit.report(target, HERE.parent.parent.parent, pages)


if __name__ == "__main__":
    main()
