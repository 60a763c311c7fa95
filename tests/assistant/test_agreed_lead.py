"""A calm story's 结论 is led by the clause the search of what happened ranks first when the whole question's search
has it among its first ``AGREED_WITHIN`` passages (``agreed_lead``, ``agreed_passage``).

Made-up warehouse policy of another company (not the shipped wording). The composer tests run the real extractive
composer on hand-made passages; the Advisor tests use real Chroma on ``tmp_path`` and the bundled model.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.agreed_lead import AGREED_WITHIN, agreed_passage
from assistant.extractive import compose_extractive
from assistant.retrieval import Hit
from assistant.synonyms import current_synonyms
from assistant.told_search import told_query
from assistant.types import Context
from langchain_core.documents import Document
from evaluation.metrics import first_line

from store_builders import extractive_advisor, policy_files, synced_store

STORY = ("我们和采购部为货架费用分摊的事已经升到仓储协调小组了，可采购部主管本身就是小组成员，我们担心决定不公。"
         "这种情况怎么处理？")
"""Told calmly (no 推诿/扯皮/吵): its setting (升到仓储协调小组) is shared by the clause on submitting to the group."""

_CLAUSES = [
    ("第九条", "仓储协调小组会议须有过半数成员出席方为有效；成员本人所在部门为争议一方的，该成员应当回避。"),
    ("第十二条", "费用分摊事项经部门协商仍未解决的，由仓储部按本办法提交仓储协调小组处理。"),
    ("第八条", "仓储协调小组由5名成员组成，成员包括仓储部、采购部和财务部的主管。"),
    ("第十五条", "仓储协调小组的决定应以书面形式作出，由组长签发。"),
]


def _contexts() -> list[Context]:
    return [Context(rank=i, source="policies/warehouse.md", section=clause, text=f"{clause} {text}", score=1.0 - i / 10,
                    title="仓储协作管理办法", doc_type="policy", clause=clause, chunk_id=f"c{i}")
            for i, (clause, text) in enumerate(_CLAUSES, start=1)]


def test_the_agreed_passage_leads_and_the_former_lead_follows():
    before = first_line(compose_extractive(STORY, _contexts()))
    after = first_line(compose_extractive(STORY, _contexts(), agreed=1))
    assert "[1]" not in before  # the clause sharing the setting leads on the whole story's words
    assert after.startswith("结论：第九条") and "应当回避" in after, after
    lead = before.removeprefix("结论：").split(" [")[0]
    assert lead in after  # the sentence chosen before still follows within the 结论's length


@pytest.mark.parametrize("agreed", [None, 2])
def test_no_agreement_or_the_lead_already_from_it_changes_nothing(agreed):
    plain = compose_extractive(STORY, _contexts())
    if agreed is not None:  # the current lead's own passage
        agreed = int(first_line(plain).split("[")[1].split("]")[0])
    assert compose_extractive(STORY, _contexts(), agreed=agreed) == plain


@pytest.fixture(scope="module")
def store_advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    root = tmp_path_factory.mktemp("agreed")
    settings = make_settings(root / "data")
    clauses = [f"**{clause}** {text}" for clause, text in _CLAUSES]
    clauses += ["**第一条** 为规范仓储、采购和财务部门在货架、库位等仓储资源上的协作，制定本办法。",
                "**第二条** 仓储部负责货架和库位的日常管理，采购部负责货架采购。"]
    files = policy_files("仓储部", {"policies/warehouse.md": ("仓储协作管理办法", clauses)})
    files["guidance/talk.md"] = ("---\ntitle: 仓储协作沟通指南\ntype: guidance\ndepartment: 仓储部\n---\n\n"
                                 "# 仓储协作沟通指南\n\n## 协调小组开会前\n\n开会前先把费用分摊的依据和各方意见整理成一页纸。\n")
    store = synced_store(settings, embeddings, root / "corpus", files)
    return extractive_advisor(settings, store, embeddings)


def _told_first(advisor: Advisor) -> Hit:
    return advisor.retriever.search(told_query(STORY), filters={"doc_type": ["policy"]}, use_dense=False).hits[0]


def test_agreement_when_the_told_searchs_first_passage_is_the_first(store_advisor):
    result = store_advisor._search(STORY, None, None, 3)
    told_first = _told_first(store_advisor)
    assert result.told_first is not None and result.told_first.page_content == told_first.doc.page_content
    others = [c for c in result.contexts() if c.text != told_first.doc.page_content]
    first = told_first.to_context(1)
    assert agreed_passage([first, *others], result.told_first) == 1
    assert agreed_passage([*others[:1], first, *others[1:]], result.told_first) == 2  # among the first passages
    assert agreed_passage([*others, first], result.told_first, within=len(others)) is None  # too far down


def test_the_position_among_the_first_passages_of_a_policy_passage_only():
    contexts = _contexts()
    told = Document(page_content=contexts[2].text, metadata={"doc_type": "policy"}, id="elsewhere")
    assert agreed_passage(contexts, told) == 3  # matched by its text when the keyword path holds another id
    assert agreed_passage(contexts, told, within=2) is None
    assert agreed_passage([*[contexts[0]] * AGREED_WITHIN, contexts[2]], told) is None  # beyond AGREED_WITHIN
    guidance = [c if i != 2 else Context(**{**vars(c), "doc_type": "guidance"}) for i, c in enumerate(contexts)]
    assert agreed_passage(guidance, told) is None
    assert agreed_passage(contexts, None) is None


def test_a_passage_further_down_leads_when_agreed():
    plain = first_line(compose_extractive(STORY, _contexts()))
    assert "[1]" not in plain
    moved = [_contexts()[1], _contexts()[0], *_contexts()[2:]]  # the clause written for the case is passage 2 now
    moved = [Context(**{**vars(c), "rank": i}) for i, c in enumerate(moved, start=1)]
    after = first_line(compose_extractive(STORY, moved, agreed=2))
    assert after.startswith("结论：第九条") and "应当回避" in after and "[2]" in after, after


def test_the_answer_of_an_agreed_story_leads_with_passage_1(store_advisor, monkeypatch):
    plain = store_advisor.ask(STORY, k=3)
    monkeypatch.setattr("assistant.advisor.agreed_passage", lambda *args: 1)
    agreed = store_advisor.ask(STORY, k=3)
    assert [c.text for c in agreed.contexts] == [c.text for c in plain.contexts]  # the passages are not touched
    assert first_line(agreed.answer).split(" [")[1].startswith("1]"), agreed.answer


class _CountingIndex:
    """A keyword index that notes each query it is asked (the text BM25 scores), then searches as the real one."""

    def __init__(self, index, queries: list[str]) -> None:
        self._index, self._queries = index, queries

    def search(self, query, *args, **kwargs):
        self._queries.append(query)
        return self._index.search(query, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._index, name)


class _CountingSource:
    """The retriever's keyword source, handing out the real index wrapped in ``_CountingIndex``."""

    def __init__(self, source) -> None:
        self._source, self.queries = source, []

    def current(self):
        index, live = self._source.current()
        return (None if index is None else _CountingIndex(index, self.queries)), live


def test_a_calm_story_searches_what_happened_once(store_advisor, monkeypatch):
    told = current_synonyms(store_advisor.retriever.synonyms).expand(told_query(STORY))
    counting = _CountingSource(store_advisor.retriever.keyword)
    monkeypatch.setattr(store_advisor.retriever, "keyword", counting)
    answer = store_advisor.ask(STORY, k=3)
    assert not answer.refused and counting.queries  # the real keyword index answered
    assert counting.queries.count(told) == 1, counting.queries  # the passages' search and the agreement share it


@pytest.mark.parametrize("question", [
    "仓储协调小组成员需要回避吗？",  # a plain question tells no story
    "我们和采购部为货架费用分摊的事互相推诿，吵了好几次，我该怎么办？",  # a scenario has its own composer
])
def test_no_agreement_for_other_questions(store_advisor, question):
    result = store_advisor._search(question, None, None, 3)
    assert result.told_first is None and agreed_passage(result.contexts(), result.told_first) is None


def test_no_agreement_when_policies_are_filtered_out(store_advisor):
    result = store_advisor._search(STORY, None, {"doc_type": ["guidance"]}, 3)
    assert result.told_first is None and agreed_passage(result.contexts(), result.told_first) is None
