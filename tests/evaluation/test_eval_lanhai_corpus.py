"""``evals/corpora/lanhai/``: a third company's documents, with 80 blind questions (round 54).

Written by a helper that read none of ``knowledge/``, ``evals/corpora/hengtai/``, the code or the other evals (only
``evals/check_blind_set.py`` and four rows of the hengtai questions for the format): 澜海连锁商业, a retail chain, eight
documents flat in one folder ``文件/`` (no folder names a type) in eight structures: 第X章 chapters over plain 第X条 lines
(Markdown, plain text), "一、" sections with （一） or 1. items and no 第X条 (Markdown, plain text), bold ``**第X条**`` with a
table, plain 第X条 lines with items, a ``问：`` / ``答：`` guide, a handbook with dotted numbered headings. No synonyms
file. Questions ``evals/corpora/lanhai_blind_r54.jsonl``: nine per document and eight should-refuse, split by document
before any answer was read: documents 1, 3, 5, 7 are ``lh-tune``, 2, 4, 6, 8 ``lh-held`` (counted, never read).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from blind_fact_checks import check_company_questions, check_document_halves, checked_blind_set

from evaluation.dataset import EvalQuestion, load_questions
from evaluation.suite.definitions import load_suite
from ingest.chunking import chunk_document
from ingest.frontmatter import RULES_TITLE
from ingest.loaders import load_file
from ingest.settings import load_settings

CORPUS = "evals/corpora/lanhai"
NAME = "corpora/lanhai_blind_r54.jsonl"
CLAUSE_LINE = re.compile(r"^(?:\*\*)?(第[一二三四五六七八九十百]+条)", re.M)
SECTION_LINE = re.compile(r"^(?:#{2,3} )?((?:[一二三四五六七八九十]+、|问：|\d+(?:\.\d+)? )[^\n]+)$", re.M)
"""A section a rule without clauses, the guide or the handbook writes: "一、适用范围", "问：…？", "## 2. 事件分级与报告"."""


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load_questions(repo_root / "evals" / NAME)


def test_passes_the_blind_set_checker_against_its_own_corpus(repo_root):
    per_source = checked_blind_set(repo_root, NAME, CORPUS)
    documents = sorted(str(p.relative_to(repo_root / CORPUS)) for p in (repo_root / CORPUS).rglob("*") if p.is_file())
    assert sorted(per_source) == documents and set(per_source.values()) == {9}, per_source
    assert not (repo_root / CORPUS / "synonyms.txt").exists()  # a new company's store has no synonyms of ours


def test_every_structure_is_split_where_its_writer_split_it(repo_root):
    """A policy into its clauses, a rule without clauses into its 一、 sections, the guide into its 问： entries, the
    handbook into its numbered headings; each under its own title. Typed by its 第X条 clauses or its title (no folder
    says): five policies (four with clauses, the 规范 without), three guidance."""
    settings = load_settings()
    types = Counter()
    for path in sorted((repo_root / CORPUS / "文件").iterdir()):
        chunks = chunk_document(load_file(path, repo_root / CORPUS), settings)
        text = path.read_text(encoding="utf-8")
        written = CLAUSE_LINE.findall(text)
        assert {c.metadata["title"] for c in chunks} == {path.stem}, path.name
        rules = bool(written) or bool(RULES_TITLE.search(path.stem))  # 第X条 clauses, or a title naming a rules text
        assert {c.metadata["doc_type"] for c in chunks} == {"policy" if rules else "guidance"}, path.name
        types["policy" if rules else "guidance"] += 1
        if written:
            labelled = [c.metadata["clause"] for c in chunks if c.metadata.get("clause")]
            assert list(dict.fromkeys(labelled)) == written, path.name
            continue
        heads = {part for c in chunks for part in c.metadata["section"].split(" > ")}
        lines = {line for c in chunks for line in c.page_content.splitlines()}
        written = SECTION_LINE.findall(text)
        assert len(written) >= 5, path.name
        assert all(w in heads or w in lines for w in written), (path.name, sorted(set(written) - heads - lines))
    assert types == {"policy": 5, "guidance": 3}


def test_kinds_verdicts_and_refusals(questions):
    check_company_questions(questions, {"yes": 6, "no": 9})


def test_split_by_document_into_a_tune_and_a_held_out_set(repo_root, questions):
    assert load_suite().corpora["lanhai"].folder == CORPUS
    check_document_halves(repo_root, questions, "lanhai", NAME,
                          {"lh-tune": ("lh54-tune", False, {"1", "3", "5", "7"}),
                           "lh-held": ("lh54-held", True, {"2", "4", "6", "8"})})
