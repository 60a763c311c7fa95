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

import functools
import html
import re
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # evals/corpora: build_kit.py
import build_kit as kit  # noqa: E402

OUT = HERE.parent / "hekang"
COMPANY = "禾康医疗集团"
FIXED_TIME = datetime(2026, 4, 15, 9, 0, 0)  # .docx dates and zip timestamps: a rebuild writes the same bytes
# A continuation line must not look like the start of a clause or section (nor of an FAQ question).
CLAUSE_START = re.compile(kit.CLAUSE_START.pattern + r"|问[：:]")
META_KINDS = ("out", "header", "space", "crumb", "updated")
GATHERED = ("row", "li", "li2", "comment")


def groups(parts):
    """(kind, [texts]) with consecutive rows / list items / comments gathered together."""
    return kit.groups(parts, GATHERED)


# ----------------------------------------------------------------------------------- Word

FONTS = {"Normal": "仿宋", "Title": "黑体", "Heading 1": "黑体"}


def new_document(title: str):
    """A Word document with this corpus's author, fonts, 12 pt body text and fixed dates."""
    return kit.new_document(title, COMPANY, FONTS, 12, fixed_time=FIXED_TIME)


def save_docx(document, path):
    """Save with fixed zip timestamps, so that a rebuild writes the same bytes."""
    kit.save_docx(document, path, fixed_time=FIXED_TIME)


TABLE_SIZE = 10.5


def add_table(document, rows: list[str]):
    """A table with 10.5 pt cells and a bold header row."""
    return kit.add_table(document, rows, size=TABLE_SIZE)


def build_docx_measures(meta, parts, path):
    """01: Title, Heading 1 chapters, 第X条 Normal paragraphs, 附件 Word table."""
    from docx.shared import Pt

    document = new_document(parts[0][1])
    for kind, texts in groups(parts):
        if kind == "title":
            document.add_paragraph(texts[0], style="Title")
        elif kind == "meta":
            kit.centered(document, texts[0], size=10.5, bold=False)
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

    title = next(t for k, t in parts if k == "title")
    document = new_document(title)
    for kind, texts in groups(parts):
        if kind == "docno":
            p = document.add_paragraph(texts[0])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "caption":
            kit.centered(document, texts[0], size=14)
        elif not kit.add_notice_part(document, kind, texts, indent=24, table_size=TABLE_SIZE):
            raise ValueError(kind)
    save_docx(document, path)


# ----------------------------------------------------------------------------------- OA text

TXT_WIDTH = 38


def wrap_oa(paragraph: str) -> list[str]:
    """Hard-wrap one paragraph at about TXT_WIDTH characters, keeping {…} phrases on one line."""
    atoms = [m.group(1) or m.group(2) for m in re.finditer(r"\{([^}]*)\}|(.)", paragraph)]
    return kit.wrap_units(atoms, lambda cur, atom: len(cur) + len(atom) > TXT_WIDTH, CLAUSE_START,
                          # a kept phrase: the line runs long to hold it
                          stretch=lambda cur, atom: len(atom) > 1 and len(cur) < 26)


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

PDF_STYLES = {  # kind: (size, indent, centred, space before, wrapped)
    "title": (16, 0, True, 6, False),
    "meta": (9.5, 0, True, 2, False),
    "sec": (12, 0, False, 12, False),
    "step": (kit.SIZE, 0, False, 7, True),
    "p": (kit.SIZE, 0, False, 4, True),
    "item": (kit.SIZE, 2 * kit.SIZE, False, 2, True),
}
build_pdf = functools.partial(kit.build_pdf, company=COMPANY, styles=PDF_STYLES, clause_start=CLAUSE_START,
                              footer=lambda n, pages: f"— {n} —", footer_size=10)


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
            body.append('<div class="table-wrap"><table class="confluenceTable">\n' + kit.html_rows(texts)
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
    kit.fresh_dir(OUT)
    for source in sorted(HERE.glob("[0-9][0-9]_*")):
        key = source.name[:2]
        if key in STRUCTURED:
            meta, parts = kit.parse(source, META_KINDS)
            target = OUT / meta["out"]
            pages = STRUCTURED[key](meta, parts, target)
        else:
            target = OUT / TARGETS[key]
            pages = COPIED[key]({}, target, source)
        kit.report(target, HERE.parent.parent.parent, pages)
    assert len(list(OUT.iterdir())) == 8


if __name__ == "__main__":
    main()
