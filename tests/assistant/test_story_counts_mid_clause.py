"""A count bound in the middle of a clause, a count told in the quarrel's words, and "…后，" cases (branch h9dd).

A clause may set its counted case after its verb's preposition, not at its head: "院办每季度检查在建项目，对停滞超过
30个自然日的项目组提出终止建议" (``case_clauses.clause_cases`` reads "停滞超过30个自然日的项目组"). A story may tell its
count in the same piece as the quarrel ("两个多月前两个科室吵了一架之后就没人推了"): the count is what happened even
so (``case_clauses.case_query`` keeps it). A count told in months is not "2个" of a bound in days ("两个多月" against
"超过30个自然日", ``situation.contradicts``). And the scenario composer reads a clause's "…后，" / "…时，" case as the
case index does ("项目组解散后，…由承接科室负责"). The store is another company's (a hospital), invented here.
"""

from __future__ import annotations

import pytest

from types import SimpleNamespace

from assistant.case_clauses import MIN_SHARE, CaseClauses, case_query, clause_cases, missing_clauses
from assistant.extractive import Sentence, compose_extractive
from assistant.situation import contradicts, counted_bounds, described_share, digits
from assistant.story_case import case_first

from context_builders import document_passage
from store_builders import extractive_advisor, policy_files, synced_store

STALLED = "第十二条 院办每季度对在建项目进行检查，对停滞超过30个自然日的项目组提出终止或调整建议，报分管副院长决定。"

STALLED_STORY = ("我们有个跨科室的预约系统改造项目，两个多月前两个科室吵了一架之后就没人推了，项目经理也调走了，"
                 "就这么挂着。我是其中一个科室的主任，该怎么办？")


def test_a_count_bound_in_the_middle_of_a_clause_is_a_case():
    assert clause_cases(STALLED) == ["停滞超过30个自然日的项目组"]
    assert clause_cases("第十三条 院办对在建项目组进行检查。") == []  # no count bound: no case
    # a counted case already read whole is not read again cut short
    listed = "第九条 出现下列情形之一的，应召开协调会：涉及金额超过50万元的跨科室设备调配；同一议题两次未决。"
    assert clause_cases(listed) == ["涉及金额超过50万元的跨科室设备调配", "同一议题两次未决"]


def test_a_count_in_months_is_compared_with_a_bound_in_days():
    assert not contradicts(digits("两个多月没人推了"), "停滞超过30个自然日的项目组")
    assert contradicts(digits("停了二十天"), "停滞超过30个自然日的项目组")
    assert contradicts(digits("连续两个月低于目标"), "连续3个月低于目标")  # still a count that misses its bound
    assert described_share("这个项目两个多月没人推了", "停滞超过30个自然日的项目组") >= MIN_SHARE


def test_a_count_told_with_the_quarrel_is_what_happened():
    happened = case_query(STALLED_STORY)
    assert "两个多月" in happened
    assert "吵了一架" not in happened  # the quarrel itself stays out


def test_a_duration_alone_does_not_describe_a_case():
    # "一个月" meets "超过14个自然日", but nothing of 行动项 / 逾期 is told: the month is the story's frame
    frame = "检验科最近什么事都往上升级，一个月升了七八次"
    assert counted_bounds(frame, "行动项逾期超过14个自然日") == []
    assert described_share(frame, "行动项逾期超过14个自然日") < MIN_SHARE
    # a word of the case told (a part of one: "项目" of "项目组") lets the met duration count
    assert counted_bounds("项目两个多月没人推了", "停滞超过30个自然日的项目组") == ["超过30个自然日"]
    # an effort is specific enough alone (round 12: "估计要25个人日" / "预计投入超过20人日的信息化改造需求")
    assert counted_bounds("估计要25个人日", "预计投入超过20人日的信息化改造需求") == ["超过20人日"]


def test_a_clause_whose_bound_the_story_meets_is_missing_unless_a_met_one_is_present():
    stalled = SimpleNamespace(key="stalled", page_content=STALLED)
    shared = SimpleNamespace(key="shared", page_content="第十条 项目组成员的工作时间安排与所在科室发生冲突的，由项目经理协调。")
    other = SimpleNamespace(key="other", page_content="第十六条 协作事项停滞超过30个自然日的，由院办督办。")
    ranked = [(shared, 0.8, 0.6), (stalled, 0.75, 0.6), (other, 0.7, 0.5)]
    key = lambda d: d.key  # noqa: E731
    happened = case_query(STALLED_STORY)
    assert missing_clauses(ranked, ["shared"], key, keep=2) == []  # words alone: the present clause sets the bar
    assert [d.key for d, _ in missing_clauses(ranked, ["shared"], key, keep=2, happened=happened)] == ["stalled"]
    # with the met one present, a better word match is still offered as before; "other" (停滞超过30个自然日 too, but
    # none of 协作事项 told) is not a met case and stays below the bar
    assert [d.key for d, _ in missing_clauses(ranked, ["stalled"], key, keep=2, happened=happened)] == ["shared"]


def test_the_clause_whose_bound_the_story_meets_leads_however_low_it_ranks():
    filler = [(1.0 - i / 100, Sentence(f"第{i}条 项目组成员的工作时间由项目经理安排，成员所在科室应予配合。", i, 0, False))
              for i in range(1, 12)]
    stalled = (0.2, Sentence(STALLED, 12, 0, False))
    contexts = [document_passage(i, "policies/projects.md", f"第{i}条", "x", "policy") for i in range(1, 13)]
    assert case_first(STALLED_STORY, [*filler, stalled], contexts)[0] == stalled


_CLAUSES = [
    "**第十条** 项目组成员的工作时间安排与所在科室发生冲突的，由项目经理与科室主任协商解决。",
    "**第十一条** 项目经理应在项目结束后30个自然日内提交结项报告。",
    f"**第十二条** {STALLED.split(' ', 1)[1]}",
    "**第十四条** 项目组解散后，项目形成的系统和后续运维工作，由项目章程中指定的承接科室负责。",
    "**第十五条** 跨科室项目组需要使用多个科室数据的，由项目经理统一提出共享申请，项目组解散后相关权限由信息科回收。",
]


@pytest.fixture(scope="module")
def hospital(make_settings, embeddings, tmp_path_factory):
    root = tmp_path_factory.mktemp("hospital-projects")
    settings = make_settings(root / "data", knowledge_dir=root / "corpus")
    files = policy_files("院办", {"policies/projects.md": ("跨科室项目管理办法", _CLAUSES)})
    store = synced_store(settings, embeddings, root / "corpus", files)
    return extractive_advisor(settings, store, embeddings)


def test_the_stalled_project_clause_is_found_for_the_story(hospital):
    doc, _score, share = CaseClauses(hospital.retriever).search(case_query(STALLED_STORY))[0]
    assert doc.metadata["clause"] == "第十二条" and share >= MIN_SHARE


def test_the_stalled_project_clause_leads_the_answer(hospital):
    first = hospital.ask(STALLED_STORY).answer.splitlines()[0]
    assert "停滞超过30个自然日" in first.split("[")[0], first


# --- the scenario composer reads "…后，" cases -----------------------------------------------------------------

def _clause(rank: int, text: str) -> object:
    return document_passage(rank, "policies/projects.md", text.split(" ", 1)[0], text, "policy", title="跨科室项目管理办法")


HANDOVER = [
    _clause(1, "第十五条 跨科室项目组需要使用多个科室数据的，由项目经理统一提出共享申请，项目组解散后相关权限由信息科回收。"),
    _clause(2, "第十条 项目组成员的工作时间安排与所在科室发生冲突的，由项目经理与科室主任协商解决。"),
    _clause(3, "第十四条 项目组解散后，项目形成的系统和后续运维工作，由项目章程中指定的承接科室负责。"),
]


def test_a_scenario_whose_story_is_an_after_case_quotes_that_clause_first():
    question = ("我们的排班系统项目上个月结项了，项目组解散成员都回原科室了，现在系统出问题没人管，"
                "信息科说不是他们的，项目经理也回门诊部了，两个科室互相推，怎么办？")
    first = compose_extractive(question, HANDOVER).splitlines()[0]
    assert "现在先做：第十四条" in first, first


# --- the scenario composer reads the act a clause forbids as its case ---------------------------------------------

SHARING = [
    _clause(1, "第二十条 科室共享数据的申请由使用科室提交，由信息科负责审批。"),
    _clause(2, "第二十一条 跨科室共享的数据，接收科室只能用于申请时说明的用途，不得转给其他科室或外部单位；确需转发的，须按原审批程序重新申请。"),
]


def test_a_scenario_telling_a_forbidden_act_quotes_the_clause_forbidding_it_first():
    question = "我们共享给财务科的门诊数据，被他们直接转给了采购科使用，两个科室为这事吵起来了，我该怎么处理？"
    first = compose_extractive(question, SHARING).splitlines()[0]
    assert "现在先做：第二十一条" in first, first
