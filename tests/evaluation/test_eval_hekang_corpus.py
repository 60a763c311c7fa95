"""``evals/corpora/hekang/``: a fifth company's documents in the shapes real policy folders have, with 80 blind questions
(round 56).

Written by a helper that read none of ``knowledge/``, the other company corpora or the code (only
``evals/check_blind_set.py``, which it taught to see "　　第三条" indented clause lines, yunshan's ``build.py`` for how to
write Word and PDF files, and the test fixtures): 禾康医疗, a private hospital group, eight documents built by
``evals/corpora/hekang_source/build.py``: a long Word 办法 ("第一条　" typed with a full-width space, an approval matrix
as a Word table), a long Markdown 制度 (**第X条**, cross-references, a pipe table), an OA text export (发文字号, indented,
hard-wrapped clauses), a Word amendment notice, a PDF 流程指引 (page header and "— N —" footer), a wiki page
(Confluence-like chrome, RACI table), a Markdown handbook with a **问：** FAQ, and meeting minutes. No synonyms file.
Questions ``evals/corpora/hekang_blind_r56.jsonl``: documents 1, 3, 5, 7 are ``hk-tune``, 2, 4, 6, 8 ``hk-held``.
"""

from __future__ import annotations

import re

import pytest
from blind_fact_checks import (check_company_questions, check_document_halves, check_nine_per_document,
                               check_no_chrome_and_evidence_whole, corpus_documents)

from evaluation.dataset import EvalQuestion, load_questions

CORPUS = "evals/corpora/hekang"
NAME = "corpora/hekang_blind_r56.jsonl"
CLAUSE_LINE = re.compile(r"^[\s　]*(?:\*\*)?(第[一二三四五六七八九十百]+条)", re.M)
CHROME = ("最后更新于", "空间工具", "页面树", "— 1 —", "— 2 —")
"""What the wiki page and the PDF put around the document: page metadata, comments, space tools, page footers."""


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load_questions(repo_root / "evals" / NAME)


@pytest.fixture(scope="module")
def documents(repo_root) -> dict[str, tuple[str, list]]:
    """Each file: (its text as the checker reads it, its chunks as the store gets them)."""
    return corpus_documents(repo_root, CORPUS)


def test_passes_the_blind_set_checker_against_its_own_corpus(repo_root):
    assert check_nine_per_document(repo_root, NAME, CORPUS) == {".docx", ".md", ".txt", ".pdf", ".html"}


def test_every_clause_is_a_labelled_chunk_under_its_own_title(documents):
    """Each document is its own title; a policy's 第X条 clauses, typed "第一条　", "**第一条**" or indented "　　第三条", are
    its chunks' clause labels in order: four policies, four guidance (the minutes, the amendment notice, the PDF guide,
    the handbook)."""
    types = []
    for name, (text, chunks) in documents.items():
        stem = name.rsplit(".", 1)[0]
        assert len({c.metadata["title"] for c in chunks}) == 1 and stem in chunks[0].metadata["title"], name
        types.append(chunks[0].metadata["doc_type"])
        assert {c.metadata["doc_type"] for c in chunks} == {types[-1]}, name
        written = list(dict.fromkeys(CLAUSE_LINE.findall(text)))
        if types[-1] == "policy" and written:
            labelled = [c.metadata["clause"] for c in chunks if c.metadata.get("clause")]
            assert list(dict.fromkeys(labelled)) == written, name
    assert sorted(types) == ["guidance"] * 4 + ["policy"] * 4


def test_no_page_chrome_and_every_evidence_whole_in_one_chunk(documents, questions):
    """The wiki's page metadata, comments and tools and the PDF's page numbers are not passages, and each evidence
    sentence, hard-wrapped in the OA text and the PDF, is one piece of one chunk."""
    check_no_chrome_and_evidence_whole(documents, questions, CHROME)


def test_kinds_verdicts_and_refusals(questions):
    check_company_questions(questions, {"yes": 7, "no": 9})


def test_split_by_document_into_a_tune_and_a_held_out_set(repo_root, questions):
    check_document_halves(repo_root, questions, "hekang", NAME,
                          {"hk-tune": ("hk56-tune", False, {"1", "3", "5", "7"}),
                           "hk-held": ("hk56-held", True, {"2", "4", "6", "8"})})
