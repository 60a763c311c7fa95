"""``likely_lead``: a story's 结论 leads with the candidate the model's likelihood puts first, within the 结论's
length; short questions, a 结论 that quotes it already and a failing model leave the rules' 结论.

The scorer here is a stand-in that prefers one text (the real model's choice is tested in
``test_local_reranker.py``); what is tested is what the 结论 does with its choice."""

from __future__ import annotations

import logging

from assistant.extractive import Sentence, rank_sentences
from assistant.likely_lead import likely_first, most_likely
from assistant.story import MIN_STORY_CHARS, is_story
from assistant.types import Context

STORY = ("分管副总裁给我们和仓储部的库位争议出了协调决定，书面通知昨天就发到两边了。仓储部却说要等下周部门会研究完"
         "再定执行不执行，能这么拖吗？")
CONTEXTS = [
    Context(rank=1, source="policies/escalation.md", section="第二十一条", doc_type="policy", score=0.9,
            title="问题升级与争议解决办法",
            text="第二十一条 当事部门对协调委员会裁决有异议的，可在收到裁决后10日内向总经理书面申请复议一次。"),
    Context(rank=2, source="policies/escalation.md", section="第二十条", doc_type="policy", score=0.8,
            title="问题升级与争议解决办法",
            text="第二十条 各级升级形成的协调决定和协调委员会的裁决，自送达之日起生效，相关部门必须执行。"),
]


def _prefers(word: str, asked: list[tuple[str, list[str]]] | None = None):
    """A scorer that finds the question most likely after texts containing ``word`` (and records its calls)."""
    def score(question: str, texts):
        if asked is not None:
            asked.append((question, list(texts)))
        return [-1.0 if word in t else -3.0 for t in texts]
    return score


def _failing(question: str, texts):
    raise RuntimeError("model server gone")


def _ranked():
    return rank_sentences(STORY, CONTEXTS)


def _sentence(n: int) -> Sentence:
    return next(s for _score, s in _ranked() if s.n == n)


def test_a_story_is_longer_than_a_question():
    assert is_story(STORY) and len(STORY) > MIN_STORY_CHARS
    assert not is_story("协调决定什么时候生效？")


def test_the_model_reads_title_section_and_sentence_of_each_candidate():
    asked: list = []
    best = most_likely(STORY, _ranked(), CONTEXTS, _prefers("送达", asked))
    assert best.n == 2
    question, texts = asked[0]
    assert question == STORY
    assert "问题升级与争议解决办法 第二十条：第二十条 各级升级形成的协调决定" in texts[0] + texts[1]


def test_the_most_likely_sentence_leads_and_the_rules_choice_follows():
    chosen = [_sentence(1)]
    out = likely_first(STORY, chosen, _ranked(), CONTEXTS, _prefers("送达"), 240)
    assert [s.n for s in out] == [2, 1]


def test_a_conclusion_that_quotes_it_already_is_left_alone():
    chosen = [_sentence(1), _sentence(2)]
    assert likely_first(STORY, chosen, _ranked(), CONTEXTS, _prefers("送达"), 240) == chosen


def test_the_rules_sentences_that_no_longer_fit_are_dropped():
    chosen = [_sentence(1)]
    budget = len(_sentence(2).quote) + 5  # room for the model's pick only
    assert [s.n for s in likely_first(STORY, chosen, _ranked(), CONTEXTS, _prefers("送达"), budget)] == [2]


def test_short_questions_and_no_model_leave_the_conclusion():
    chosen = [_sentence(1)]
    asked: list = []
    assert likely_first("协调决定什么时候生效？", chosen, _ranked(), CONTEXTS, _prefers("送达", asked), 240) == chosen
    assert likely_first(STORY, chosen, _ranked(), CONTEXTS, None, 240) == chosen
    assert asked == []  # a short question never asks the model


def test_a_failing_model_leaves_the_rules_conclusion_with_a_warning(caplog):
    chosen = [_sentence(1)]
    with caplog.at_level(logging.WARNING):
        assert likely_first(STORY, chosen, _ranked(), CONTEXTS, _failing, 240) == chosen
    assert any("story lead without the model's likelihood" in r.getMessage() for r in caplog.records)


FILLER = Context(rank=3, source="policies/meetings.md", section="第五条", doc_type="policy", score=0.5,
                 title="跨部门会议管理规定",
                 text="".join(f"第{i}项 例会议题须在会前{i}个工作日提交，由总经理办公室汇总后发给各参会部门。" for i in range(1, 11)))
"""A passage of ten distinct sentences: with it the composer's best ``TOP`` (8) are all taken before a later one."""


def _with_written(text: str, found_by: str) -> list[Context]:
    """``CONTEXTS``, ``FILLER`` and, after them, a passage (found by ``found_by``) whose only sentence is ``text``."""
    last = Context(rank=4, source="policies/escalation.md", section="第九条", doc_type="policy", score=0.1,
                   title="问题升级与争议解决办法", text=text, found_by=found_by)
    return [*CONTEXTS, FILLER, last]


def test_the_passages_found_by_the_written_clause_are_candidates_too():
    from assistant.lead_ranker import TOP
    from assistant.story_clause import FOUND_BY

    text = "第九条 影响客户交付、生产安全或公司声誉的紧急事项，可越级直接发起二级升级，各级处理时限减半执行。"
    written = _with_written(text, FOUND_BY)
    ranked = [item for item in rank_sentences(STORY, written) if item[1].n != 4]  # the rules rank it …
    ranked += [item for item in rank_sentences(STORY, written) if item[1].n == 4]  # … last, below the best TOP
    assert len({s.quote for _score, s in ranked[:-1]}) > TOP
    asked: list = []
    best = most_likely(STORY, ranked, written, _prefers("越级", asked))
    assert best.n == 4 and best.quote == text
    assert sum(len(texts) for _q, texts in asked) == TOP + 1  # the best TOP and the written sentence, each once
    plain = _with_written(text, "")  # the same passage found by the question's own searches: only the best TOP count
    assert most_likely(STORY, ranked, plain, _prefers("越级")).n != 4


def test_a_written_passage_offers_its_first_long_sentences_only():
    from assistant.story_clause import FOUND_BY, LEAD_SENTENCES, MIN_LEAD_CHARS, lead_candidates

    text = ("第九条 紧急事项的升级。" + "短句一。" + "".join(f"第{i}款规定的事项，各级处理时限减半执行并书面报告分管领导。"
                                                     for i in range(1, 5)))
    contexts = _with_written(text, FOUND_BY)
    picked = lead_candidates(rank_sentences(STORY, contexts), contexts)
    assert len(picked) == LEAD_SENTENCES and all(s.n == 4 and len(s.quote) >= MIN_LEAD_CHARS for s in picked)
    assert [s.pos for s in picked] == sorted(s.pos for s in picked)  # in reading order
    assert "第1款" in picked[0].quote
    assert lead_candidates(rank_sentences(STORY, CONTEXTS), CONTEXTS) == []  # no passage of the written clause
