"""``evals/corpora/yunshan/``: a fourth company's documents in Word, PDF and HTML, with 80 blind questions (round 55).

Written by a helper that read none of ``knowledge/``, the other company corpora or the code (only
``evals/check_blind_set.py``, which it taught to read .docx/.pdf/.html, a few rows of the lanhai questions for the format
and the test fixtures that write .docx and .pdf): 云杉数科, a software company, eight documents built by
``evals/corpora/yunshan_source/build.py``: four Word files (Heading 1 chapters with Word-numbered items; no heading
styles, bold 第X条 runs and a table; a handbook with Heading 2/3 "1." / "1.1"; a 通知 with an attachment table), two PDFs
wrapped mid-sentence with a page header and footer (第X条 clauses; a 一、/（一） guide), two intranet HTML pages with
navigation, breadcrumbs and a footer (a policy; a FAQ with <h3> questions). No synonyms file. Questions
``evals/corpora/yunshan_blind_r55.jsonl``: documents 1, 3, 5, 7 are ``ys-tune``, 2, 4, 6, 8 ``ys-held`` (held out).
"""

from __future__ import annotations

import re

import pytest
from blind_fact_checks import (check_company_questions, check_document_halves, check_nine_per_document,
                               check_no_chrome_and_evidence_whole, corpus_documents)

from evaluation.dataset import EvalQuestion, load_questions
from ingest.frontmatter import RULES_TITLE

CORPUS = "evals/corpora/yunshan"
NAME = "corpora/yunshan_blind_r55.jsonl"
CLAUSE_LINE = re.compile(r"^(第[一二三四五六七八九十百]+条)", re.M)
SECTION_LINE = re.compile(r"^(?:#+ )?((?:[一二三四五六七八九十]+、|\d+(?:\.\d+)? )[^\n]{2,40})$", re.M)
CHROME = ("返回顶部", "当前位置", "版权所有", "欢迎访问", "共 4 页")
"""What the pages put around the document: navigation, breadcrumbs, footer, the PDFs' page footers."""


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load_questions(repo_root / "evals" / NAME)


@pytest.fixture(scope="module")
def documents(repo_root) -> dict[str, tuple[str, list]]:
    """Each file: (its text as the checker reads it, its chunks as the store gets them)."""
    return corpus_documents(repo_root, CORPUS)


def test_passes_the_blind_set_checker_against_its_own_corpus(repo_root):
    assert check_nine_per_document(repo_root, NAME, CORPUS) == {".docx", ".pdf", ".html"}


def test_every_format_is_split_where_its_writer_split_it(documents):
    """A policy into its clauses, a guide into its sections (一、, 1. / 1.1, a FAQ's questions), each under its own
    title; typed by its 第X条 clauses or its title: four policies, four guidance."""
    types = []
    for name, (text, chunks) in documents.items():
        stem = name.rsplit(".", 1)[0]
        assert {c.metadata["title"] for c in chunks} == {stem}, name
        written = list(dict.fromkeys(CLAUSE_LINE.findall(text)))
        types.append("policy" if written or RULES_TITLE.search(stem) else "guidance")
        assert {c.metadata["doc_type"] for c in chunks} == {types[-1]}, name
        if written:
            labelled = [c.metadata["clause"] for c in chunks if c.metadata.get("clause")]
            assert list(dict.fromkeys(labelled)) == written, name
            # a policy's sections are its chapters and clauses: no wrapped item line ("（二）…，或者预计") heads them
            parts = {part for c in chunks for part in c.metadata["section"].split(" > ") if part}
            assert all(re.match(r"^第[一二三四五六七八九十百]+[章条]", p) for p in parts), (name, sorted(parts))
            continue
        heads = {part for c in chunks for part in c.metadata["section"].split(" > ")}
        lines = {line for c in chunks for line in c.page_content.splitlines()}
        sections = SECTION_LINE.findall(text) + re.findall(r"^#{2,} (.+)$", text, re.M)
        assert len(sections) >= 5, name
        assert all(s in heads or s in lines for s in sections), (name, sorted(set(sections) - heads - lines))
    assert sorted(types) == ["guidance"] * 4 + ["policy"] * 4


def test_no_page_chrome_and_every_evidence_whole_in_one_chunk(documents, questions):
    """Navigation, footers and page furniture are not passages, and each evidence sentence, wrapped across PDF lines
    and pages, is one piece of one chunk."""
    check_no_chrome_and_evidence_whole(documents, questions, CHROME)


def test_kinds_verdicts_and_refusals(questions):
    check_company_questions(questions, {"yes": 6, "no": 9})


def test_split_by_document_into_a_tune_and_a_held_out_set(repo_root, questions):
    check_document_halves(repo_root, questions, "yunshan", NAME,
                          {"ys-tune": ("ys55-tune", False, {"1", "3", "5", "7"}),
                           "ys-held": ("ys55-held", True, {"2", "4", "6", "8"})})
