"""A story's counts against a clause's count bounds (``situation.met_bounds``, branch h9cd).

A manager tells a count in everyday words ("每次都迟到二十多分钟", "估计要25个人日", "两个多月没人管"); the clause
written for it sets a bound in the rules' words ("迟到超过15分钟的", "预计投入超过20人日的需求", "停滞超过60个自然日").
A told count that meets the bound in the same measure (minutes, person-days, days: months and weeks are days)
is the case described; the clause's subject may itself be the counted case ("预计投入超过20人日的需求，须…").
The 结论 of such a story quotes that clause first (``story_case.case_first``). The store is another company's
(a hospital), invented here, not the shipped wording.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.case_clauses import MIN_SHARE, CaseClauses, case_query, clause_cases
from assistant.generation import make_composer
from assistant.retrieval import HybridRetriever
from assistant.extractive import compose_extractive
from assistant.situation import described_share, has_bound, met_bounds, told_counts
from assistant.story_case import case_first
from assistant.types import Context

from context_builders import document_passage

_MEETINGS = (
    "---\ntitle: 院务会议与协作管理规定\ntype: policy\ndepartment: 院办\n---\n\n# 院务会议与协作管理规定\n\n"
    "## 第二章 周会\n\n"
    "**第五条** 周会由院办组织，每周一上午召开，各科室主任参加。\n\n"
    "**第六条** 参会人员因故不能参会的，应提前一日向院办请假并指定代会人员。\n\n"
    "**第七条** 会议开始后迟到超过15分钟或无故缺席的，由院办在会议纪要中通报，并计入科室季度考评。\n\n"
    "**第八条** 会议纪要须在会后1个工作日内发布。\n\n"
    "## 第三章 协作需求\n\n"
    "**第九条** 预计投入超过20人日的信息化改造需求，须由双方科室主任会签后立项。\n\n"
    "**第十条** 科室之间对需求归属有争议的，报院办裁定。\n\n"
    "**第十一条** 协作事项停滞超过30个自然日的，由院办督办并通报分管副院长。\n"
)


def test_told_counts_are_in_one_measure():
    assert told_counts("每次都迟到二十多分钟") == [(20.5, "分钟")]
    assert told_counts("估计要25个人日") == [(25.0, "人日")]
    assert told_counts("两个多月没人管了") == [(75.0, "天")]
    assert told_counts("已经一个星期没还了") == [(7.0, "天")]
    assert told_counts("3月4日开的会") == []  # a date, not a duration
    assert told_counts("第二次开会") == []


def test_a_bound_is_met_only_by_a_count_of_its_measure_that_meets_it():
    assert met_bounds("每次都迟到二十多分钟", "会议开始后迟到超过15分钟或无故缺席") == ["超过15分钟"]
    assert met_bounds("每次都迟到五分钟", "会议开始后迟到超过15分钟或无故缺席") == []
    assert met_bounds("两个多月没人管了", "协作事项停滞超过30个自然日") == ["超过30个自然日"]
    assert met_bounds("拖了两个多小时", "协作事项停滞超过30个自然日") == []  # minutes are not days
    assert met_bounds("估计要25个人日", "预计投入超过20人日的信息化改造需求") == ["超过20人日"]
    assert met_bounds("估计要25个人日", "每次扣2分") == []  # no bound word: a count, not a case
    assert has_bound("预计投入超过20人日的信息化改造需求") and not has_bound("科室之间对需求归属有争议")


def test_a_met_bound_is_described():
    case = "会议开始后迟到超过15分钟"
    assert described_share("药剂科主任每次周会都迟到二十多分钟", case) >= MIN_SHARE
    assert described_share("药剂科主任每次周会都迟到五分钟", case) < MIN_SHARE


def test_a_counted_subject_is_a_case():
    cases = clause_cases("第九条 预计投入超过20人日的信息化改造需求，须由双方科室主任会签后立项。")
    assert cases == ["预计投入超过20人日的信息化改造需求"]
    assert clause_cases("第五条 周会由院办组织的，每周一上午召开。") == ["周会由院办组织"]
    assert clause_cases("第三条 本院各科室的主任，负责本科室的协作事项。") == []  # a subject with no count bound


@pytest.fixture(scope="module")
def hospital_advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    root = tmp_path_factory.mktemp("hospital")
    (root / "corpus" / "policies").mkdir(parents=True)
    (root / "corpus" / "policies" / "meetings.md").write_text(_MEETINGS, encoding="utf-8")
    settings = make_settings(root / "data")
    store = KnowledgeStore.open(settings, embeddings)
    report = Syncer(settings, store, embeddings).sync(root / "corpus", progress=False)
    assert not report.failed
    return Advisor(settings, HybridRetriever.from_settings(settings, store=store, embeddings=embeddings),
                   make_composer(settings, "extractive"))


def _best(advisor: Advisor, question: str) -> tuple[str, float]:
    """The clause of the case search's best match for what ``question`` says happened, with its described share."""
    doc, _score, share = CaseClauses(advisor.retriever).search(case_query(question))[0]
    return doc.metadata["clause"], share


def test_the_clause_whose_bound_the_story_meets_is_found_as_described(hospital_advisor):
    question = "药剂科主任每次周会都迟到二十多分钟，等他来了又要从头讲一遍，其他科室主任也有意见了，我该怎么管？"
    clause, share = _best(hospital_advisor, question)
    assert clause == "第七条" and share >= MIN_SHARE


def test_a_counted_subject_is_found_for_the_story_that_meets_it(hospital_advisor):
    question = "设备科要我们信息科改一个报修系统，我们估计要25个人日，设备科说提了需求就该直接做，我们该听谁的？"
    clause, share = _best(hospital_advisor, question)
    assert clause == "第九条" and share >= MIN_SHARE


# --- the 结论 of a story: the clause written for its case leads (``story_case.case_first``) -------------------

def _clause(rank: int, section: str, text: str) -> Context:
    return document_passage(rank, "policies/meetings.md", section, text, "policy", title="院务会议与协作管理规定")


SETTING_FIRST = [
    _clause(1, "第六条", "第六条 周会由院办组织，各科室主任应准时参加周会，因故不能参加周会的，应提前一日向院办请假。"),
    _clause(2, "第七条", "第七条 迟到超过15分钟或无故缺席的，由院办在会议纪要中通报，并计入科室季度考评。"),
    _clause(3, "第八条", "第八条 会议纪要须在会后1个工作日内发布。"),
]


def test_the_clause_for_the_told_case_leads_a_storys_conclusion():
    question = "药剂科主任每次参加周会都迟到二十多分钟，其他科室主任都有意见，我该怎么管？"
    first = compose_extractive(question, SETTING_FIRST).splitlines()[0]
    assert first.startswith("结论：第七条"), first


def test_a_count_that_misses_the_bound_leaves_the_conclusion_alone():
    question = "药剂科主任每次参加周会都迟到五分钟，其他科室主任都有意见，我该怎么管？"
    first = compose_extractive(question, SETTING_FIRST).splitlines()[0]
    assert first.startswith("结论：第六条"), first


def test_a_plain_question_is_not_a_story():
    ranked = [(1.0, "a"), (0.5, "b")]
    assert case_first("周会迟到怎么处理？", ranked, SETTING_FIRST) == ranked  # no case told
