"""Loaders: every format, every encoding, every bad-input case (message names file and remedy)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixtures_docs import PLAIN_TXT, POLICY_MD, write_docx, write_numbered_docx, write_pdf, write_text

from ingest.chunking import chunk_document
from ingest.errors import IngestError
from ingest.loaders import Block, discover, load_file
from ingest.settings import Settings

KB = Path(__file__).resolve().parents[2] / "knowledge"


def kinds(doc) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, b.text) for b in doc.blocks]


def assert_rejected(path: Path, root: Path, *words: str) -> None:
    """Loading ``path`` fails with one clear line naming the file, the problem and the remedy (and ``words``)."""
    with pytest.raises(IngestError) as exc:
        load_file(path, root)
    assert_clear_error(exc, path, *words)


def assert_clear_error(exc: pytest.ExceptionInfo[IngestError], path: Path, *words: str) -> None:
    msg = str(exc.value)
    assert "\n" not in msg and path.name in msg and " — " in msg, msg
    assert exc.value.path == path and exc.value.remedy and exc.value.problem
    for w in words:
        assert w.lower() in msg.lower(), (w, msg)


# --------------------------------------------------------------------------- Markdown


def test_markdown_front_matter_structure_and_clean_text(tmp_path: Path) -> None:
    path = write_text(tmp_path / "policies" / "meetings.md", POLICY_MD)
    doc = load_file(path, tmp_path)
    assert doc.source == "policies/meetings.md"
    m = doc.meta
    assert (m.title, m.doc_type, m.department, m.version, m.effective_date) == (
        "跨部门会议管理规定（示例）", "policy", "总经理办公室", "2.1", "2026-01-01")
    assert m.access == "|dept:人力资源部|role:manager|"
    texts = [b.text for b in doc.blocks]
    assert not any("---" in t or "title:" in t for t in texts), "front matter must be stripped"
    assert ("heading", 1, "跨部门会议管理规定") in kinds(doc)
    assert ("heading", 2, "第三章 会议组织") in kinds(doc)
    assert "第一条 为规范跨部门会议，提高会议效率，制定本规定。" in texts
    assert not any("**" in t or "*所有*" in t for t in texts)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.text.splitlines() == ["会议类型：项目例会；频率：每周；时长：60分钟", "会议类型：月度回顾；频率：每月；时长：90分钟"]
    assert len(doc.content_hash) == 64 and doc.size == path.stat().st_size


def test_markdown_defaults_lists_and_setext(tmp_path: Path) -> None:
    md = "协作要点\n====\n\n引言段落，第一行\n第二行。\n\n- 要点 **一**\n- 要点二\n  续行\n1. 步骤一\n\n```\ncode | kept\n```\n"
    path = write_text(tmp_path / "guidance" / "tips.md", md)
    doc = load_file(path, tmp_path)
    assert doc.meta.title == "协作要点" and doc.meta.doc_type == "guidance" and doc.meta.access == "all"
    assert kinds(doc) == [
        ("heading", 1, "协作要点"),
        ("paragraph", 0, "引言段落，第一行第二行。"),
        ("list", 0, "要点 一\n要点二续行\n1. 步骤一"),
        ("paragraph", 0, "code | kept"),
    ]
    policy = write_text(tmp_path / "policies" / "x.md", "正文。")
    meta = load_file(policy, tmp_path).meta
    assert (meta.title, meta.doc_type) == ("x", "policy")


def test_sidecar_metadata_for_txt(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.txt", "正文内容。")
    base = load_file(path, tmp_path).content_hash
    write_text(tmp_path / "a.txt.meta.yaml", "title: 附件\ntype: policy\naccess: [财务部]\n")
    doc = load_file(path, tmp_path)
    assert (doc.meta.title, doc.meta.doc_type, doc.meta.access) == ("附件", "policy", "|dept:财务部|")
    assert doc.content_hash != base, "sidecar bytes are part of the content hash"


# --------------------------------------------------------------------------- plain text and encodings


def test_txt_chinese_structure(tmp_path: Path) -> None:
    doc = load_file(write_text(tmp_path / "g.txt", PLAIN_TXT), tmp_path)
    assert kinds(doc) == [
        ("heading", 1, "跨部门协作指引"),
        ("heading", 2, "第一章 总则"),
        ("heading", 3, "一、目的"),
        ("paragraph", 0, "为了减少部门之间的推诿，特制定本指引。各部门应当遵照执行。"),
        ("heading", 4, "（一）适用范围"),
        ("paragraph", 0, "本指引适用于全体管理者。"),
        ("paragraph", 0, "一、各部门应当指定一名对接人，对接人负责跨部门事项的受理、分派和跟踪，并在每周例会上通报进展。"),
        ("list", 0, "沟通效率：高效的沟通是协作的基础。\n资源共享：各部门应当开放资源。"),
    ]
    assert doc.meta.title == "跨部门协作指引"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "utf-16", "utf-16-be-bom", "utf-16-le"])
def test_txt_encodings(tmp_path: Path, encoding: str) -> None:
    text = PLAIN_TXT.replace("\n", "\r\n")
    path = tmp_path / "enc.txt"
    if encoding == "utf-16-be-bom":
        path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:  # utf-16-le has no BOM: detected from the NUL-byte pattern
        path.write_bytes(text.encode(encoding))
    reference = load_file(write_text(tmp_path / "ref.txt", PLAIN_TXT), tmp_path)
    assert kinds(load_file(path, tmp_path)) == kinds(reference)


def test_html_gbk_with_meta_charset_and_structure(tmp_path: Path) -> None:
    html = """<html><head><meta charset="gb2312"><title>页面标题</title><style>p{}</style></head>
    <body><nav>首页 | 关于</nav><script>var x = "不要";</script>
    <h1>会议规定</h1><h2>第二章 会议组织</h2>
    <p>第五条 会议应当<b>准时</b>开始。</p>
    <ul><li>提前发议程</li><li>会后发纪要</li></ul>
    <table><tr><th>角色</th><th>职责</th></tr><tr><td>主持人</td><td>控制时间</td></tr></table>
    <div>散落的文字</div></body></html>"""
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    doc = load_file(path, tmp_path)
    assert kinds(doc) == [
        ("heading", 1, "会议规定"),
        ("heading", 2, "第二章 会议组织"),
        ("paragraph", 0, "第五条 会议应当 准时 开始。"),
        ("list", 0, "提前发议程\n会后发纪要"),
        ("table", 0, "角色：主持人；职责：控制时间"),
        ("paragraph", 0, "散落的文字"),
    ]
    assert doc.meta.title == "会议规定"


# --------------------------------------------------------------------------- docx and pdf


def test_docx_headings_tables_lists(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "policies" / "rules.docx", [
        ("h", 1, "采购协作办法"),
        ("h-cn", 2, "第一章 总则"),
        ("p", "第一条 为规范采购协作，制定本办法。"),
        ("li", "提前提交需求"),
        ("li", "按时验收"),
        ("table", [["环节", "负责部门"], ["需求提出", "业务部门"], ["比价", "采购部"]]),
        ("p", "第二章 职责"),
    ])
    doc = load_file(path, tmp_path)
    assert kinds(doc) == [
        ("heading", 1, "采购协作办法"),
        ("heading", 2, "第一章 总则"),
        ("paragraph", 0, "第一条 为规范采购协作，制定本办法。"),
        ("list", 0, "提前提交需求\n按时验收"),
        ("table", 0, "环节：需求提出；负责部门：业务部门\n环节：比价；负责部门：采购部"),
        ("heading", 2, "第二章 职责"),
    ]
    assert (doc.meta.title, doc.meta.doc_type) == ("采购协作办法", "policy")


def test_pdf_chinese_pages_clauses_and_page_numbers(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "policy.pdf", [
        ["跨部门会议管理规定", "第一章 总则", "第一条 为规范跨部门会议，提高会议效率，制定本规定。", "- 1 -"],
        ["第二章 会议组织", "第五条 会议组织部门应当提前一个工作日发出议程。", "- 2 -"],
    ])
    doc = load_file(path, tmp_path)
    assert ("heading", 2, "第一章 总则") in kinds(doc)
    assert ("heading", 2, "第二章 会议组织") in kinds(doc)
    texts = [b.text for b in doc.blocks]
    assert "第五条 会议组织部门应当提前一个工作日发出议程。" in texts
    assert not any("- 1 -" in t or t == "1" for t in texts), "page numbers are dropped"


def test_pdf_lines_wrapped_at_the_width_and_across_pages_stay_in_their_paragraph(tmp_path: Path) -> None:
    """A typeset PDF: lines wrapped mid-sentence at one width (an item line "（二）…" that goes on below is no heading),
    a sentence running onto the next page, and a header and footer on both of its two pages."""
    header = "云杉数科　变更管理细则"
    path = write_pdf(tmp_path / "细则.pdf", [
        [header, "第一章 总则", "第八条 变更按照风险程度分为标准变更、常规变更和重大变更三类：",
         "（一）标准变更，是指已经纳入标准变更目录、步骤固定且风险较低的操作，",
         "例如证书更新、按预案扩容、白名单调整等；",
         "（二）重大变更，是指涉及核心数据库结构调整、跨系统架构调整，或者预计",
         "造成服务中断超过10分钟的变更。",
         "第九条 预计造成服务中断的变更，客户成功部应当至少提前3个工作日在客户", "第 1 页 共 2 页"],
        [header, "门户发布维护公告，写明维护时间、影响范围和预计恢复时间。",
         "第十条 标准变更目录由运维部维护，每季度评审一次，评审结果在变更系统中公布。", "第 2 页 共 2 页"],
    ])
    doc = load_file(path, tmp_path)
    assert [b for b in doc.blocks if b.kind == "heading"] == [Block("heading", "第一章 总则", 2)], doc.blocks
    texts = [b.text for b in doc.blocks]
    assert "第九条 预计造成服务中断的变更，客户成功部应当至少提前3个工作日在客户门户发布维护公告，写明维护时间、影响范围和预计恢复时间。" \
        in texts, texts
    assert not any(header in t or "页" in t for t in texts), texts


@pytest.mark.parametrize("layout", ["article", "classes", "wiki"])
def test_html_intranet_page_reads_its_document_not_its_chrome(tmp_path: Path, layout: str) -> None:
    """Navigation, breadcrumbs, a user bar and the footer of an intranet page are not the document: the page's one
    <article> is read when it has one, else the element a wiki names its content (Confluence's #main-content, with the
    page's "最后更新于" line and readers' comments outside it), else the page without its header, footer and
    navigation-classed elements (not the one that holds the title)."""
    body = "<h1>客户升级协同处理制度</h1><h2>第一章 总则</h2><p>第一条 为快速响应客户的升级诉求，制定本制度。</p>" \
           "<p>第二条 本制度由客户成功部负责解释。</p>"
    page = ('<html><body><div class="topbar"><span>内部门户</span><span class="user">您好，欢迎访问 | 退出</span></div>'
            '<div class="crumbs">当前位置：首页 &gt; 规章制度 &gt; 正文</div>'
            + {"article": f"<article>{body}</article>",
               "classes": f'<div id="content"><div class="doc-header">{body[:body.index("<h2>")]}</div>'
                          f'{body[body.index("<h2>"):]}</div>',
               "wiki": '<div id="main"><div class="page-info">由 王敏 创建，最后更新于 2026年3月18日</div>'
                       f'<div id="main-content" class="wiki-content">{body}</div><div id="likes">8 人觉得这很赞</div>'
                       '<div class="discussion"><p>请问第二条说的解释口径在哪里看？</p></div></div>'}[layout]
            + "<footer><p>© 2026 云杉数科 版权所有</p><p>返回顶部</p></footer></body></html>")
    doc = load_file(write_text(tmp_path / "制度.html", page), tmp_path)
    assert [b.text for b in doc.blocks] == ["客户升级协同处理制度", "第一章 总则", "第一条 为快速响应客户的升级诉求，制定本制度。",
                                           "第二条 本制度由客户成功部负责解释。"], doc.blocks


def test_word_automatic_numbering_is_read_as_word_draws_it(tmp_path: Path) -> None:
    """Clauses numbered by Word ("第%1条", Chinese counting) and their items ("（%1）", restarting under each clause)
    are not in the paragraphs' text: the loader writes them, so the clauses are found and cited."""
    path = write_numbered_docx(tmp_path / "借调管理办法.docx", "借调管理办法", [
        (0, "借调应当经借出部门负责人同意。"), (0, "借调期限按下列规定执行："), (1, "1个月以内的，由部门负责人审批；"),
        (1, "超过1个月的，报分管副总经理审批。"), (None, "附：借调申请表。"), (0, "本办法自发布之日起施行。"),
        (1, "原有规定同时废止。")], [("chineseCounting", "第%1条"), ("chineseCounting", "（%2）")])
    doc = load_file(path, tmp_path)
    texts = [line for b in doc.blocks[1:] for line in b.text.split("\n")]
    assert texts == ["第一条 借调应当经借出部门负责人同意。", "第二条 借调期限按下列规定执行：", "（一）1个月以内的，由部门负责人审批；",
                     "（二）超过1个月的，报分管副总经理审批。", "附：借调申请表。", "第三条 本办法自发布之日起施行。", "（一）原有规定同时废止。"], texts
    assert doc.meta.doc_type == "policy"
    assert [c.metadata["clause"] for c in chunk_document(doc, Settings())] == ["第一条", "第二条", "第三条"]


def test_word_title_typed_centred_and_bold_in_the_normal_style_is_the_title(tmp_path: Path) -> None:
    """A 公文 typed without heading styles: document number, then the title centred in bold, then the body."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    document.add_paragraph("云杉办〔2026〕18号")
    title = document.add_paragraph()
    title.add_run("关于加强跨部门人员借调管理的通知").bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("各部门：")
    document.add_paragraph("为规范借调，现通知如下。")
    path = tmp_path / "借调通知.docx"
    document.save(path)
    doc = load_file(path, tmp_path)
    assert [(b.kind, b.text) for b in doc.blocks][:2] == [("paragraph", "云杉办〔2026〕18号"),
                                                          ("heading", "关于加强跨部门人员借调管理的通知")], doc.blocks
    assert doc.meta.title == "关于加强跨部门人员借调管理的通知"
    assert [b.kind for b in doc.blocks[2:]] == ["paragraph", "paragraph"]  # "各部门：" is no title


def test_a_documents_own_lines_say_its_department_and_effective_date(tmp_path: Path) -> None:
    """A policy without front matter states who issued it and from when it applies; front matter still wins."""
    page = ("<html><body><article><h1>客户升级协同处理制度</h1>"
            "<p>发布部门：客户成功部　｜　文号：云杉客〔2026〕3号　｜　生效日期：2026年3月5日</p>"
            "<p>第一条 为快速响应客户的升级诉求，制定本制度。</p></article></body></html>")
    meta = load_file(write_text(tmp_path / "制度.html", page), tmp_path).meta
    assert (meta.department, meta.effective_date) == ("客户成功部", "2026-03-05")
    body = "变更管理细则\n\n第一条 运维部是变更管理的归口部门。\n第二条 本细则由运维部负责解释，自2026年4月1日起施行。\n"
    meta = load_file(write_text(tmp_path / "细则.txt", body), tmp_path).meta
    assert (meta.department, meta.effective_date) == ("", "2026-04-01")
    front = "---\ndepartment: 运营部\neffective_date: 2025-01-01\n---\n# 细则\n\n发布部门：运维部\n\n第一条 自2026年4月1日起施行。\n"
    meta = load_file(write_text(tmp_path / "front.md", front), tmp_path).meta
    assert (meta.department, meta.effective_date) == ("运营部", "2025-01-01")


def test_word_number_formats():
    from ingest.docx_numbering import chinese_number, format_number

    assert [chinese_number(n) for n in (1, 10, 11, 20, 39, 100, 105, 110, 121)] == \
        ["一", "十", "十一", "二十", "三十九", "一百", "一百零五", "一百一十", "一百二十一"]
    assert [format_number(n, f) for n, f in ((3, "decimal"), (3, "upperLetter"), (4, "lowerRoman"), (2, "decimalEnclosedCircle"),
                                              (12, "ideographDigital"), (5, "bullet"))] == ["3", "C", "iv", "②", "一二", ""]


# --------------------------------------------------------------------------- discovery


def test_discover_skips_hidden_and_sidecars(tmp_path: Path) -> None:
    for name in ["a.md", "b.txt.meta.yaml", "b.txt", ".hidden.md", ".git/x.md", "sub/c.pdf", "sub/~$lock.docx", "notes.rtf"]:
        write_text(tmp_path / name, "x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == ["a.md", "b.txt", "notes.rtf", "sub/c.pdf"]


def test_shipped_knowledge_loads() -> None:
    files = [p for p in discover(KB) if p.suffix in (".md", ".txt")]
    assert files, "knowledge/ holds documents"
    for p in files:
        doc = load_file(p, KB)
        assert doc.meta.doc_type in ("guidance", "policy") and doc.blocks, p


# --------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path: Path) -> None:
    path = write_text(tmp_path / "empty.md", "")
    assert_rejected(path, tmp_path, "empty", "add content")


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = write_text(tmp_path / "blank.txt", " \n\n\u3000\n")
    assert_rejected(path, tmp_path, "no text")


def test_corrupt_pdf(tmp_path: Path) -> None:
    good = write_pdf(tmp_path / "ok.pdf", [["第一条 内容。"]]).read_bytes()
    path = tmp_path / "broken.pdf"
    path.write_bytes(good[: len(good) // 3])
    assert_rejected(path, tmp_path, "pdf", "re-export")


def test_not_a_pdf(tmp_path: Path) -> None:
    path = write_text(tmp_path / "fake.pdf", "just text")
    assert_rejected(path, tmp_path, "not a pdf", "re-export")


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [["第一条 机密内容。"]], password="secret")
    assert_rejected(path, tmp_path, "encrypted", "unprotected copy")


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [[]])
    assert_rejected(path, tmp_path, "no text", "OCR")


def test_binary_txt(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert_rejected(path, tmp_path, "binary", "plain text")


def test_mostly_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "ctl.md"
    path.write_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 50 + "正文".encode())
    assert_rejected(path, tmp_path, "non-text", "plain text")


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "weird.txt"
    path.write_bytes(bytes([0x81, 0xFF, 0x9D, 0xFE, 0x80, 0xFF, 0x8D, 0xFF]) * 64)
    assert_rejected(path, tmp_path, "encoding", "UTF-8")


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = write_text(tmp_path / "old.docx", "this is a renamed .doc file")
    assert_rejected(path, tmp_path, "not a valid .docx", "save as .docx")


def test_unsupported_extension(tmp_path: Path) -> None:
    path = write_text(tmp_path / "sheet.xlsx", "x")
    assert_rejected(path, tmp_path, "unsupported", ".md", ".pdf")


def test_file_over_limit_names_the_limit(tmp_path: Path) -> None:
    path = write_text(tmp_path / "big.md", "长" * 2000)
    with pytest.raises(IngestError) as exc:
        load_file(path, tmp_path, max_bytes=1024 * 1024 // 256)
    assert_clear_error(exc, path, "MB limit", "ADVISOR_MAX_FILE_MB")
    assert "0.00390625 MB" in str(exc.value)


def test_symlink_outside_root(tmp_path: Path) -> None:
    outside = write_text(tmp_path / "outside" / "secret.md", "# 机密\n内容。")
    root = tmp_path / "kb"
    root.mkdir()
    link = root / "link.md"
    os.symlink(outside, link)
    with pytest.raises(IngestError) as exc:
        load_file(link, root)
    assert_clear_error(exc, link, "symlink", "copy the file")
    inside = root / "inner.md"
    write_text(inside, "# 内部\n内容。")
    os.symlink(inside, root / "alias.md")
    assert load_file(root / "alias.md", root).source == "alias.md"


@pytest.mark.parametrize("front, words", [
    ("title: [unclosed\n", ("invalid yaml", "at line", "fix the yaml")),
    ("type: memo\n", ("unknown type 'memo'", "type: guidance")),
    ("access: {dept: 财务部}\n", ("invalid access", "access: all")),
    ("access: [[财务部]]\n", ("invalid access",)),
    ("- just\n- a list\n", ("not a mapping",)),
])
def test_invalid_front_matter(tmp_path: Path, front: str, words: tuple[str, ...]) -> None:
    path = write_text(tmp_path / "bad.md", f"---\n{front}---\n# 标题\n正文。")
    assert_rejected(path, tmp_path, *words)


def test_invalid_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.txt", "正文。")
    side = write_text(tmp_path / "a.txt.meta.yaml", "type: handbook\n")
    with pytest.raises(IngestError) as exc:
        load_file(path, tmp_path)
    assert exc.value.path == side and "a.txt.meta.yaml" in str(exc.value)


def test_block_defaults() -> None:
    assert Block("paragraph", "x").level == 0


@pytest.mark.parametrize("second", ["第一条 为规范招生工作，制定本章程。", "第一章 总则"])
def test_txt_title_line_directly_before_a_clause_or_heading_is_the_title(tmp_path: Path, second: str):
    body = f"南方理工大学2024年普通本科招生章程\n{second}\n第二条 学费每生每年5800元。\n"
    doc = load_file(write_text(tmp_path / "south.txt", body), tmp_path, 10**6)
    assert doc.meta.title == "南方理工大学2024年普通本科招生章程"
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1


def test_txt_title_line_above_an_edition_note_is_the_title(tmp_path: Path):
    body = "华东精工有限公司跨部门借调管理规定\n（2024年11月发布）\n\n第一章　总则\n\n第一条　为规范借调，制定本规定。\n"
    doc = load_file(write_text(tmp_path / "借调.txt", body), tmp_path, 10**6)
    assert doc.meta.title == "华东精工有限公司跨部门借调管理规定"
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1


@pytest.mark.parametrize(("where", "title", "clauses", "expected"), [
    ("制度/协同办法.md", "协同办法", 0, "policy"), ("指南/沟通指南.md", "沟通指南", 5, "guidance"),
    ("协同办法.txt", "协同说明", 3, "policy"), ("资料/协同办法.txt", "协同说明", 3, "policy"),
    ("资料/会议纪要.txt", "会议纪要", 2, "guidance"), ("资料/筹备规范.txt", "新店筹备工作规范", 0, "policy"),
    ("资料/协同办法.txt", "借调管理办法（试行）", 0, "policy"), ("资料/值班通知.txt", "关于调整春节值班安排的通知", 0, "guidance")])
def test_a_documents_type_follows_its_folder_name_else_its_clauses_or_title(tmp_path: Path, where: str, title: str,
                                                                            clauses: int, expected: str):
    numbers = "一二三四五"
    body = f"{title}\n\n" + "".join(f"第{numbers[i]}条　各部门应按时回复。\n" for i in range(clauses)) + "附：说明。\n"
    assert load_file(write_text(tmp_path / where, body), tmp_path, 10**6).meta.doc_type == expected


def test_txt_first_sentence_before_a_clause_is_not_a_title(tmp_path: Path):
    doc = load_file(write_text(tmp_path / "notes.txt", "根据学校决定，现公布如下。\n第一条 学费每生每年5800元。\n"),
                    tmp_path, 10**6)
    assert doc.meta.title == "notes" and doc.blocks[0].kind == "paragraph"


@pytest.mark.parametrize("name", ["常见问题.md", "常见问题.txt"])
def test_question_and_answer_entries_are_sections_named_by_their_question(tmp_path: Path, name: str):
    body = ("# 门店协作常见问题\n\n" if name.endswith(".md") else "门店协作常见问题\n\n") + (
        "问：冷柜坏了找哪个部门修？\n答：通过工单报工程组，工程组4小时内到场。\n"
        "问：店长休假谁拍板？\n答：由副店长代理。\n")
    doc = load_file(write_text(tmp_path / name, body), tmp_path, 10**6)
    shown = [(b.kind, b.text) for b in doc.blocks[1:]]
    assert shown == [("heading", "问：冷柜坏了找哪个部门修？"), ("paragraph", "通过工单报工程组，工程组4小时内到场。"),
                     ("heading", "问：店长休假谁拍板？"), ("paragraph", "由副店长代理。")], shown


@pytest.mark.parametrize("name", ["常见问题.docx", "常见问题.html"])
def test_question_and_answer_entries_in_word_and_html_are_sections_too(tmp_path: Path, name: str):
    lines = ["问：冷柜坏了找哪个部门修？", "答：通过工单报工程组，工程组4小时内到场。", "问：店长休假谁拍板？", "答：由副店长代理。"]
    if name.endswith(".docx"):
        path = write_docx(tmp_path / name, [("h", 1, "门店协作常见问题")] + [("p", t) for t in lines])
    else:
        path = write_text(tmp_path / name, "<html><body><h1>门店协作常见问题</h1>"
                          + "".join(f"<p>{t}</p>" for t in lines) + "</body></html>")
    doc = load_file(path, tmp_path, 10**6)
    shown = [(b.kind, b.text) for b in doc.blocks[1:]]
    assert shown == [("heading", "问：冷柜坏了找哪个部门修？"), ("paragraph", "通过工单报工程组，工程组4小时内到场。"),
                     ("heading", "问：店长休假谁拍板？"), ("paragraph", "由副店长代理。")], shown


def test_markdown_numbered_section_line_heads_its_items_outside_a_clause(tmp_path: Path):
    body = ("# 新店筹备工作规范\n\n一、筹备组织\n（一）筹备组由营运部牵头成立。\n（二）拟任店长为执行负责人。\n\n"
            "第五条 下列事项须报总经理批准：\n（一）超出预算10%的；\n（二）推迟开业的。\n")
    doc = load_file(write_text(tmp_path / "规范.md", body), tmp_path, 10**6)
    shown = [(b.kind, b.text) for b in doc.blocks[1:]]
    assert shown == [("heading", "一、筹备组织"), ("paragraph", "（一）筹备组由营运部牵头成立。"),
                     ("paragraph", "（二）拟任店长为执行负责人。"),
                     ("paragraph", "第五条 下列事项须报总经理批准：（一）超出预算10%的；（二）推迟开业的。")], shown


def test_a_question_line_that_goes_on_past_its_question_is_a_paragraph(tmp_path: Path):
    body = "海滨无人机事件\n\n问：为什么市民会担心？答：因为这种事情很常见。\n当天，公安局接到报警后立即开展了调查。\n"
    doc = load_file(write_text(tmp_path / "news.txt", body), tmp_path, 10**6)
    assert [b.kind for b in doc.blocks[1:]] == ["paragraph", "paragraph"], doc.blocks
    assert doc.blocks[1].text.startswith("问：为什么市民会担心？答：因为")
