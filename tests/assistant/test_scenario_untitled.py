"""A dispute story's lead clause is chosen on the clauses' own words, not on their document's title (``untitled``).

Made-up policies of another company (not the shipped wording): the story's everyday "出了事故" meets the title of the
incident-reporting policy, which lifted every clause of that policy; its generic first-level clause then led
instead of the clause written for orders given by word of mouth.
"""

from __future__ import annotations

import pytest

from assistant.extractive import compose_extractive
from assistant.scenario import DO_NOW, compose_scenario
from assistant.untitled import without_titles

from context_builders import document_passage

STORY = "物流部老是口头让我们发货，出了事故就说是我们的错，两边互相推诿，我该怎么办？"
WAREHOUSE = "仓储作业管理规定"
SPOKEN = "第九条 以口头方式下达的出库指令，需求部门应在当日补开出库单，否则不计入考核。"


def _contexts(reporting_title: str) -> list:
    def clause(rank: int, title: str, section: str, text: str):
        return document_passage(rank, f"policies/{title}.md", section, text, title=title, clause=section.rsplit(" > ", 1)[-1])

    return [
        clause(1, WAREHOUSE, "第二章 出库 > 第八条", "第八条 仓储部应按出库单备货，出库单须由需求部门主管签字。"),
        clause(2, reporting_title, "第二章 上报层级 > 第五条", "第五条 一级上报由双方部门主管商议解决，双方应在上报后2个工作日内形成结论。"),
        clause(3, reporting_title, "第二章 上报层级 > 第六条", "第六条 一级上报未能解决的，可提交分管总监裁决，分管总监应在3个工作日内作出决定。"),
        clause(4, WAREHOUSE, "第二章 出库 > 第九条", SPOKEN),
    ]


@pytest.mark.parametrize("reporting_title", ["事故上报与争议处理办法", "部门事故上报与处理办法", "事故与争议上报办法"])
def test_a_title_sharing_the_story_s_words_does_not_pick_the_lead(reporting_title):
    first = compose_extractive(STORY, _contexts(reporting_title), query=STORY).splitlines()[0]
    assert f"{DO_NOW}第九条" in first, first


def test_the_lead_is_the_same_whatever_the_documents_are_called():
    """Renaming the documents changes nothing: only the clauses' words decide."""
    leads = {compose_scenario(STORY, _contexts(title), STORY).splitlines()[0]
             for title in ("事故上报与争议处理办法", "上报办法", "")}
    assert len(leads) == 1


def test_without_titles_blanks_only_the_titles():
    contexts = _contexts("事故上报与争议处理办法")
    untitled = without_titles(contexts)
    assert [c.title for c in untitled] == [""] * len(contexts)
    assert [(c.rank, c.source, c.section, c.text, c.doc_type, c.clause) for c in untitled] == \
        [(c.rank, c.source, c.section, c.text, c.doc_type, c.clause) for c in contexts]
    assert contexts[0].title == WAREHOUSE  # the given passages are not changed
