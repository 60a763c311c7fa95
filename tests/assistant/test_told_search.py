"""A story told without a quarrel word gets the keyword search of what happened (``told_search``): the clause written
for the case joins the passages when the whole story's search, led by its setting, missed it.

Made-up policy of another company (not the shipped wording); real Chroma on ``tmp_path`` and the bundled model.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.told_search import TOLD_KEEP, told_query

from store_builders import extractive_advisor, policy_files, synced_store

STORY = ("我们车间一个班组长直接在报修系统里给后勤保障部报了叉车维修的工单，后勤保障部说没有车间主任签字不受理，"
         "班组长觉得他们在找借口。到底谁对？")
"""Told calmly (no 推诿/扯皮/吵): not a scenario, so no situation search ran for it before."""

_CLAUSES = [
    "**第一条** 为规范车间叉车、行车等设备的报修、维修和验收，保障生产，制定本办法。",
    "**第二条** 后勤保障部负责车间叉车、行车的维修管理，报修系统由后勤保障部统一维护。",
    "**第三条** 车间发现叉车、行车故障的，班组长应通过报修系统提交维修工单。",
    "**第四条** 后勤保障部接到叉车维修工单后，应在2小时内派维修工到车间查看，叉车等急用设备优先维修。",
    "**第五条** 报修申请须经本车间主任签字确认；未经确认的，不予受理。",
    "**第六条** 叉车维修完成后，由班组长在报修系统中验收维修工单，验收不合格的退回后勤保障部重修。",
    "**第七条** 后勤保障部应每月在报修系统中统计各车间叉车维修工单的数量和平均维修时长。",
    "**第八条** 叉车维修费用超过5000元的，由后勤保障部报分管副总经理审批。",
    "**第九条** 叉车、行车的日常保养由班组长负责，后勤保障部每季度巡检一次。",
    "**第十条** 车间与后勤保障部对维修工单有异议的，由生产副总经理协调。",
    "**第十一条** 报修系统的维修工单应当写明叉车编号和故障现象，班组长对填写内容负责。",
    "**第十二条** 后勤保障部维修工应当在报修系统中记录叉车维修过程和更换的配件。",
]


@pytest.fixture(scope="module")
def store_advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    root = tmp_path_factory.mktemp("told")
    settings = make_settings(root / "data")
    files = policy_files("后勤保障部", {"policies/repair.md": ("车间设备维修管理办法", _CLAUSES)})
    files["guidance/talk.md"] = ("---\ntitle: 车间协作沟通指南\ntype: guidance\ndepartment: 后勤保障部\n---\n\n"
                                 "# 车间协作沟通指南\n\n## 报修不顺怎么办\n\n报修不顺时，班组长先打电话和后勤保障部值班维修工确认"
                                 "工单状态，再按办法处理。\n")
    store = synced_store(settings, embeddings, root / "corpus", files)
    return extractive_advisor(settings, store, embeddings)


def _clauses(advisor: Advisor, question: str, filters: dict | None = None) -> list[str]:
    return [str(h.doc.metadata.get("clause") or h.doc.metadata.get("section"))
            for h in advisor._search(question, None, filters, 3).hits]


def test_a_calm_story_is_searched_by_what_happened_without_the_parties_names():
    told = told_query(STORY)
    assert "车间主任签字不受理" in told and "后勤保障部" not in told


@pytest.mark.parametrize("question", [
    "报修申请需要谁签字？",  # a plain question tells no story
    "我们车间和后勤保障部为叉车维修的事互相推诿，吵了好几次，我该怎么办？",  # a scenario has its own situation search
    "Our team filed a repair ticket and the other department refused it without a signature. Who is right?",
])
def test_other_questions_get_no_told_search(question):
    assert told_query(question) == ""


def test_the_clause_for_what_happened_joins_a_calm_storys_passages(store_advisor, monkeypatch):
    # k = 3: the whole story's search is led by its setting (报修系统, 叉车, 维修工单), not by what happened
    found = _clauses(store_advisor, STORY)
    monkeypatch.setattr("assistant.advisor.told_query", lambda question: "")
    without = _clauses(store_advisor, STORY)
    assert "第五条" not in without and "第五条" in found, (without, found)
    assert found[:len(without)] == without and len(found) - len(without) <= TOLD_KEEP  # only added, at most one


def test_the_added_clause_reaches_the_answers_contexts(store_advisor):
    answer = store_advisor.ask(STORY, k=3)
    assert any("车间主任签字确认" in c.text for c in answer.contexts)


def test_no_told_search_when_policies_are_filtered_out(store_advisor):
    assert "第五条" not in _clauses(store_advisor, STORY, {"doc_type": ["guidance"]})
