"""``evals/corpora/hengtai/``: a second company's documents, with 80 blind questions (round 53).

Written by a helper that read none of ``knowledge/``, the code or the other evals (only ``evals/check_blind_set.py`` and
one row of two blind files for the format): 恒泰精密制造's six policies in three formats (bold ``**第X条**`` paragraphs,
plain-text ``第X条`` lines under a title and an edition note, ``### 第X条`` headings) and two guides; no synonyms file.
Questions ``evals/corpora/hengtai_blind_r53.jsonl``: nine per document (who, how long, how many, yes/no, three stories,
a follow-up, an English question) and eight should-refuse. Split by document before any answer was read: documents 1,
3, 5, 7 are ``ht-tune``, documents 2, 4, 6, 8 ``ht-held`` (counted, never read).
"""

from __future__ import annotations

import re

import pytest
from blind_fact_checks import check_company_questions, check_document_halves, checked_blind_set

from evaluation.dataset import EvalQuestion, load_questions
from evaluation.suite.definitions import load_suite
from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.settings import load_settings

CORPUS = "evals/corpora/hengtai"
QUESTIONS = "evals/corpora/hengtai_blind_r53.jsonl"
CLAUSE_LINE = re.compile(r"^(?:\*\*|### )?(第[一二三四五六七八九十百]+条)", re.M)


@pytest.fixture(scope="module")
def questions(repo_root) -> list[EvalQuestion]:
    return load_questions(repo_root / QUESTIONS)


def test_passes_the_blind_set_checker_against_its_own_corpus(repo_root):
    per_source = checked_blind_set(repo_root, QUESTIONS.removeprefix("evals/"), CORPUS)
    documents = sorted(str(p.relative_to(repo_root / CORPUS)) for p in (repo_root / CORPUS).rglob("*") if p.is_file())
    assert sorted(per_source) == documents and set(per_source.values()) == {9}, per_source
    assert not (repo_root / CORPUS / "synonyms.txt").exists()  # a new company's store has no synonyms of ours


def test_every_policy_format_is_split_into_its_clauses_under_its_own_title(repo_root):
    settings = load_settings()
    for path in sorted((repo_root / CORPUS / "制度").iterdir()):
        chunks = chunk_document(load_file(path, repo_root / CORPUS), settings)
        written = CLAUSE_LINE.findall(path.read_text(encoding="utf-8"))
        labelled = [c.metadata["clause"] for c in chunks if c.metadata.get("clause")]
        assert list(dict.fromkeys(labelled)) == written, path.name  # a clause with a table may take two chunks
        title = chunks[0].metadata["title"]
        assert title.startswith("恒泰精密制造有限公司") and title.endswith(path.stem), path.name
        assert all(c.metadata["header"].startswith(title) for c in chunks), path.name


def test_kinds_verdicts_and_refusals(questions):
    check_company_questions(questions, {"yes": 7, "no": 9})


def test_split_by_document_into_a_tune_and_a_held_out_set(repo_root, questions):
    assert load_suite().corpora["hengtai"].folder == CORPUS
    check_document_halves(repo_root, questions, "hengtai", QUESTIONS.removeprefix("evals/"),
                          {"ht-tune": ("ht53-tune", False, {"1", "3", "5", "7"}),
                           "ht-held": ("ht53-heldout", True, {"2", "4", "6", "8"})})


ENGLISH_STORIES = "evals/corpora/hengtai_english_stories_r60.jsonl"
"""Round 60: 32 English manager stories on the same documents, written blind by a helper who read only them (four per
document, the 01 and 03 of each the tune half ``hte-tune``, 02 and 04 held out ``hte-held``)."""


def test_english_stories_pass_the_checker_and_split_into_halves_asking_every_document(repo_root):
    per_source = checked_blind_set(repo_root, ENGLISH_STORIES.removeprefix("evals/"), CORPUS)
    assert set(per_source.values()) == {4} and len(per_source) == 8, per_source
    stories = load_questions(repo_root / ENGLISH_STORIES)
    assert all("english" in q.tags and len(re.findall(r"[A-Za-z]+", q.question)) >= 20 for q in stories)
    assert all(not any(a in q.question for a in q.answers) for q in stories)  # the fact asked for is not told
    every = {str(n) for n in range(1, 9)}
    check_document_halves(repo_root, stories, "hengtai", ENGLISH_STORIES.removeprefix("evals/"),
                          {"hte-tune": ("hte60-tune", False, every), "hte-held": ("hte60-held", True, every)})
