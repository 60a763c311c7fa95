"""Chunking invariants: sentence boundaries, sections and clauses, metadata, merging, sizes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fixtures_docs import POLICY_MD, write_pdf, write_text

from ingest.chunking import chunk_document, context_header, split_sentences
from ingest.loaders import discover, load_file
from ingest.settings import Settings

KB = Path(__file__).resolve().parents[2] / "knowledge"
META_KEYS = {"source", "title", "doc_type", "department", "version", "effective_date", "access", "section",
             "clause", "chunk_index", "content_hash", "version_key", "header", "chunk_hash"}
ENDS = "。！？!?；;”）)"

SENTENCES = [
    "跨部门协作的第一步是明确对接人。",
    "对接人负责受理、分派和跟踪跨部门事项，并在例会上通报进展！",
    "如果对接人变动，应当在一个工作日内通知所有相关部门？",
    "会议纪要应当在会后二十四小时内发出；",
    "纪要需要写明决定、负责人和完成时间。",
]


def load(tmp_path: Path, name: str, text: str):
    return load_file(write_text(tmp_path / name, text), tmp_path)


def long_doc(tmp_path: Path):
    paras = ["".join(SENTENCES[(i + j) % 5] for j in range(3 + i % 7)) for i in range(12)]
    long_sentence = "，".join(f"第{i}项工作由对应部门牵头负责" for i in range(40)) + "。"
    body = "\n\n".join(paras[:6] + [long_sentence] + paras[6:])
    return load(tmp_path, "guidance/long.md", f"# 长文\n\n## 协作要求\n\n{body}\n\n## 附则\n\n短句一。\n\n短句二。\n")


@pytest.mark.parametrize("size", [80, 150, 300, 500])
def test_no_chunk_ends_mid_sentence_and_nothing_is_lost(tmp_path: Path, size: int) -> None:
    doc = long_doc(tmp_path)
    chunks = chunk_document(doc, size)
    assert all(len(c.page_content) <= size for c in chunks)
    long_sentence = next(b.text for b in doc.blocks if b.text.count("，") > 30)
    for c in chunks:
        text = c.page_content
        inside_long = text.replace("\n", "") in long_sentence
        assert text[-1] in ENDS or inside_long, f"chunk ends mid-sentence: {text[-20:]!r}"
    body = "".join(b.text for b in doc.blocks if b.kind != "heading")
    assert "".join(c.page_content.replace("\n", "") for c in chunks) == body.replace("\n", "")
    assert [c.metadata["chunk_index"] for c in chunks] == list(range(len(chunks)))


def test_long_sentence_cut_at_commas(tmp_path: Path) -> None:
    doc = long_doc(tmp_path)
    pieces = [c.page_content for c in chunk_document(doc, 150) if "第20项" in c.page_content or "第5项" in c.page_content]
    assert pieces and all(p.endswith(("，", "。")) for p in pieces)


def test_small_paragraphs_merge_within_a_section_not_across(tmp_path: Path) -> None:
    doc = load(tmp_path, "g.md", "# 标题\n\n## 甲\n\n第一段。\n\n第二段。\n\n## 乙\n\n第三段。\n")
    chunks = chunk_document(doc, 300, whole_doc_factor=0)  # the structure rules (a short document stays whole)
    assert [(c.page_content, c.metadata["section"]) for c in chunks] == [("第一段。\n第二段。", "甲"), ("第三段。", "乙")]


def test_small_subsections_merge_under_their_parent(tmp_path: Path) -> None:
    md = "# 常见问题\n\n## 职责不清\n\n### 表现\n\n互相推诿。\n\n### 对策\n\n1. 用RACI明确负责人。\n"
    chunks = chunk_document(load(tmp_path, "g.md", md), 300, whole_doc_factor=0)
    assert [(c.page_content, c.metadata["section"]) for c in chunks] == [("表现\n互相推诿。\n对策\n1. 用RACI明确负责人。", "职责不清")]
    small = chunk_document(load(tmp_path, "g.md", md), 20, whole_doc_factor=0)
    assert [c.metadata["section"] for c in small] == ["职责不清 > 表现", "职责不清 > 对策"]
    assert context_header(small[1].metadata) == "常见问题 > 职责不清 > 对策"


def test_policy_clauses_sections_and_metadata(tmp_path: Path) -> None:
    path = write_text(tmp_path / "policies" / "meetings.md", POLICY_MD)
    doc = load_file(path, tmp_path)
    chunks = chunk_document(doc, 300)
    got = [(c.metadata["section"], c.metadata["clause"], c.page_content[:6]) for c in chunks]
    assert got == [
        ("第一章 总则 > 第一条", "第一条", "第一条 为规"),
        ("第一章 总则 > 第二条", "第二条", "第二条 本规"),
        ("第三章 会议组织 > 第十二条", "第十二条", "第十二条 会"),
        ("第三章 会议组织 > 第13条", "第13条", "第13条 会"),
    ]
    assert "**" not in "".join(c.page_content for c in chunks) and "抄送 所有 参会" in chunks[3].page_content
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    for c in chunks:
        m = c.metadata
        assert set(m) == META_KEYS and all(isinstance(v, (str, int)) for v in m.values())
        assert m["source"] == "policies/meetings.md" and m["title"] == "跨部门会议管理规定（示例）"
        assert (m["doc_type"], m["department"], m["version"], m["effective_date"]) == ("policy", "总经理办公室", "2.1", "2026-01-01")
        assert m["access"] == "|dept:人力资源部|role:manager|"
        assert m["content_hash"] == sha and m["version_key"] == f"policies/meetings.md#{sha}"
        assert m["header"] == context_header(m)
        assert m["chunk_hash"] == hashlib.sha256(f"{m['header']}\n{c.page_content}".encode()).hexdigest()


def test_clause_never_merges_with_the_next_clause(tmp_path: Path) -> None:
    doc = load(tmp_path, "p.txt", "第一章 总则\n\n第一条 短。\n第二条 也短。\n第三条 很短。\n")
    chunks = chunk_document(doc, 300)
    assert [c.metadata["clause"] for c in chunks] == ["第一条", "第二条", "第三条"]
    assert [c.metadata["section"] for c in chunks] == ["第一章 总则 > 第一条", "第一章 总则 > 第二条", "第一章 总则 > 第三条"]


def test_long_clause_splits_but_keeps_its_clause(tmp_path: Path) -> None:
    text = "第五条 " + "".join(SENTENCES * 4) + "\n\n第六条 其他。"
    chunks = chunk_document(load(tmp_path, "p.txt", text), 100)
    assert len(chunks) > 3 and {c.metadata["clause"] for c in chunks[:-1]} == {"第五条"}
    assert chunks[-1].metadata["clause"] == "第六条"


def test_pdf_clauses(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "policies" / "rules.pdf", [
        ["会议管理规定", "第二章 会议组织", "第十二条 会议组织部门应当提前发出议程。", "第十三条 纪要应当在会后发出。"],
    ])
    chunks = chunk_document(load_file(path, tmp_path), 300)
    assert [(c.metadata["section"], c.metadata["clause"]) for c in chunks] == [
        ("第二章 会议组织 > 第十二条", "第十二条"), ("第二章 会议组织 > 第十三条", "第十三条")]
    assert chunks[0].metadata["doc_type"] == "policy"


def test_overlap_repeats_whole_sentences(tmp_path: Path) -> None:
    doc = load(tmp_path, "g.md", "# T\n\n" + "".join(SENTENCES * 3))
    plain = chunk_document(doc, 80)
    over = chunk_document(doc, 80, overlap=30)
    assert len(over) == len(plain) > 1
    for prev, cur in zip(plain, over[1:]):
        tail = cur.page_content.split("\n")[0]
        assert prev.page_content.endswith(tail) and tail[-1] in ENDS


def test_settings_object_is_accepted(tmp_path: Path) -> None:
    doc = long_doc(tmp_path)
    settings = Settings(_env_file=None, chunk_size=120)
    assert [c.page_content for c in chunk_document(doc, settings)] == [c.page_content for c in chunk_document(doc, 120)]
    with pytest.raises(ValueError, match="chunk_size"):
        chunk_document(doc, 5)


def test_split_sentences_keeps_closing_quotes() -> None:
    assert split_sentences("他说：“好。”然后走了！最后") == ["他说：“好。”", "然后走了！", "最后"]


def test_shipped_knowledge_chunks_fit() -> None:
    for path in discover(KB):
        if path.suffix not in (".md", ".txt"):
            continue
        chunks = chunk_document(load_file(path, KB), 300)
        assert chunks, path
        for c in chunks:
            assert 0 < len(c.page_content) <= 300 and "**" not in c.page_content, (path, c.page_content)
            assert not re.search(r"^#+\s", c.page_content, re.M), (path, c.page_content)


# ----------------------------------------------------------------------------- format 2: header, whole short docs
def test_header_goes_into_the_indexed_text_not_the_passage(tmp_path: Path) -> None:
    from ingest.chunking import chunk_index_text

    md = "---\ntitle: 会议规定\n---\n\n# 会议规定\n\n## 纪要\n\n" + "会后一个工作日内发出纪要，抄送全体参会人。" * 30
    chunks = chunk_document(load(tmp_path, "g.md", md), 300)
    assert len(chunks) > 1
    for c in chunks:
        assert c.metadata["header"] == "会议规定 > 纪要"
        assert not c.page_content.startswith("会议规定")  # the stored/displayed passage stays clean
        assert chunk_index_text(c) == f"会议规定 > 纪要\n{c.page_content}"


def test_a_title_that_is_only_the_file_name_is_not_prefixed(tmp_path: Path) -> None:
    from ingest.chunking import chunk_index_text

    (tmp_path / "p00012.txt").write_text("印度一寺庙发生踩踏事故，造成12人死亡。" * 3, encoding="utf-8")
    chunks = chunk_document(load_file(tmp_path / "p00012.txt", tmp_path), 300)
    assert chunks[0].metadata["title"] == "p00012" and chunks[0].metadata["header"] == ""
    assert chunk_index_text(chunks[0]) == chunks[0].page_content


def test_a_short_document_stays_whole(tmp_path: Path) -> None:
    body = "\n\n".join(f"## 第{i}部分\n\n" + "这一部分说明协作中的一个做法，并给出一个具体的例子。" * 3 for i in range(1, 6))
    doc = load(tmp_path, "g.md", f"# 指引\n\n{body}\n")
    size = len("\n".join(b.text for b in doc.blocks[1:]))
    assert 300 < size <= 450
    whole = chunk_document(doc, 300)
    assert len(whole) == 1 and whole[0].metadata["section"] == "" and whole[0].metadata["header"] == "指引"
    assert "第1部分" in whole[0].page_content and "第5部分" in whole[0].page_content
    assert len(chunk_document(doc, 300, whole_doc_factor=0)) > 1
    assert len(chunk_document(doc, 200)) > 1  # over 1.5 x chunk_size: chunked as before


def test_short_policy_keeps_one_clause_per_chunk(tmp_path: Path) -> None:
    md = "# 报修规定\n\n第一条 报修工单由行政部受理。\n\n第二条 行政部在2小时内响应。\n"
    chunks = chunk_document(load(tmp_path, "policies/r.md", md), 300)
    assert [c.metadata["clause"] for c in chunks] == ["第一条", "第二条"]
