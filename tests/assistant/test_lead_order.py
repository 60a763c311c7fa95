"""Who leads the 结论 when the passage holding the fact is already retrieved (round 19, h9ja).

Three ordering causes found on the tune sets: a 几 the story tells (好几张, "several") typed the question as a count;
a code the story tells (B2) made every passage that never names it "off-topic"; a guidance sentence from a passage
retrieval ranked lower pushed out the clause that rules on the case. Made-up warehouse policy of another company (not
the shipped wording). The composer tests run the real extractive composer on hand-made passages; the store test uses
real Chroma on ``tmp_path`` and the bundled model.
"""

from __future__ import annotations

import pytest

from assistant.extractive import RULE_MARGIN, compose_extractive, rule_before_advice
from assistant.question_types import QType, classify
from assistant.types import Context
from evaluation.metrics import first_line

from store_builders import extractive_advisor, policy_files, synced_store


@pytest.mark.parametrize("question", [
    "我们发现配送部把一张出库单拆成了好几张分别登记，明显是在刷周转率，我们很不满，该怎么处理？",
    "仓储部这几天几乎每张单子都标加急，我们几个部门被拖得很累，怎么办？",
    "盘点差异十几天了还没人认，该怎么做？",
])
def test_a_ji_the_story_tells_is_not_a_count(question):
    assert classify(question) is QType.HOWTO


@pytest.mark.parametrize("question", ["库存盘点分几轮？", "退货入库至少要几个人签字？", "出库单最多能拆成几张？"])
def test_a_ji_that_asks_is_still_a_count(question):
    assert classify(question) is QType.NUMBER


def _context(i: int, doc_type: str, source: str, section: str, text: str) -> Context:
    return Context(rank=i, source=source, section=section, text=text, score=1.0 - i / 10, title=source,
                   doc_type=doc_type, clause="", chunk_id=f"c{i}")


REFUSED = "我们申请调看仓储部的库存周报，仓储部负责人直接点了拒绝，一句理由也没给，我们项目等着用，怎么办？"
_REFUSAL_PASSAGES = [
    ("policy", "policies/warehouse-data.md", "第三章 申请与审批 > 第十四条",
     "第十四条 审批人应在收到调阅申请后2个工作日内完成审批；逾期未审批的，申请人可提请运营部督办，审批人拒绝调阅的应书面说明理由。"),
    ("policy", "policies/warehouse-data.md", "第二章 数据分级 > 第六条", "第六条 库存数据分为公开、内部和受限三级，受限级数据仅限仓储部和财务部使用。"),
    ("policy", "policies/warehouse-data.md", "第三章 申请与审批 > 第十五条", "第十五条 调阅受限级数据的，须经财务部负责人会签。"),
    ("policy", "policies/warehouse-data.md", "第四章 使用与保管 > 第十八条", "第十八条 调阅所得数据仅限申请用途使用，不得转给其他部门。"),
    ("guidance", "guidance/talk.md", "作为管理者应该怎么做",
     "下属把分歧交到你这里时，建议按以下顺序处理：\n1. 先确认事实是否清楚。\n2. 与对方部门负责人直接沟通，寻找双方都能接受的方案。\n"
     "3. 把结论记下来，发给双方。"),
]


def _refusal_contexts(order: list[int] | None = None) -> list[Context]:
    rows = [_REFUSAL_PASSAGES[i] for i in (order or range(len(_REFUSAL_PASSAGES)))]
    return [_context(i, *row) for i, row in enumerate(rows, start=1)]


def test_the_better_ranked_rule_leads_over_a_guidance_sentence():
    line = first_line(compose_extractive(REFUSED, _refusal_contexts()))
    assert line.startswith("结论：第十四条") and "应书面说明理由" in line, line
    assert "与对方部门负责人直接沟通" in line  # the advice still follows within the 结论's length


def test_a_guidance_passage_ranked_above_the_rule_keeps_its_lead():
    contexts = _refusal_contexts([4, 0, 1, 2, 3])  # retrieval put the guidance first: no reason to overrule it
    assert first_line(compose_extractive(REFUSED, contexts)).startswith("结论：与对方部门负责人直接沟通")


def test_rule_before_advice_moves_only_a_close_better_ranked_rule():
    contexts = _refusal_contexts()
    from assistant.extractive import candidate_sentences

    guidance, rule, other = (next(s for s in candidate_sentences(contexts) if s.n == n) for n in (5, 1, 2))
    assert rule_before_advice([(0.6, guidance), (0.6 - RULE_MARGIN, rule)], contexts)[0][1] is rule
    assert rule_before_advice([(0.6, guidance), (0.6 - RULE_MARGIN - 0.05, rule)], contexts)[0][1] is guidance
    assert rule_before_advice([(0.6, other), (0.59, rule)], contexts)[0][1] is other  # a rule leads: unchanged


OWN_RULES = ("仓储部自己定了个作业细则，把退货入库时间写成了10个工作日，比规定的B2时限还长，我们几个部门都有意见，"
             "他们说这是部门自己的规定。该怎么办？")
"""The code B2 is part of the story; the asked part is 该怎么办."""
_OWN_RULES_PASSAGES = [
    ("policy", "policies/warehouse-service.md", "第六章 附则 > 第二十条",
     "第二十条 各部门可在本办法基础上制定本部门的作业细则，但作业时限不得长于本办法标准，细则须报运营部备案后执行。"),
    ("policy", "policies/warehouse-service.md", "第二章 作业等级 > 第八条",
     "第八条 B1级为加急作业，适用于影响发货的退货和调拨事项，要求4小时内完成。"),
    ("policy", "policies/warehouse-perf.md", "第三章 加分与扣分 > 第十六条",
     "第十六条 扣分事项由提供数据的部门在月度结束后5个工作日内提交人力资源部，并附相关证明材料。"),
    ("policy", "policies/warehouse-service.md", "第二章 作业等级 > 第九条",
     "第九条 B2级为一般作业，适用于退货入库和盘点调整等事项，要求5个工作日内完成。"),
]


def test_a_code_the_story_tells_does_not_put_the_first_passage_off_topic():
    contexts = [_context(i, *row) for i, row in enumerate(_OWN_RULES_PASSAGES, start=1)]
    line = first_line(compose_extractive(OWN_RULES, contexts))
    assert line.startswith("结论：第二十条") and "不得长于本办法标准" in line, line  # main: 第九条 (B2) led alone


SPLIT_STORY = "我们发现配送部把一张出库单拆成了好几张分别登记，明显是在刷周转率，我们业务部门很不满，该怎么处理？"
_SPLIT_CLAUSES = [
    ("第十二条", "配送部不得为提高周转率而拆分、合并或延迟登记出库单；经财务部抽查发现人为调整出库数据的，当月周转率按零计算。"),
    ("第十三条", "出库单涉及多个仓库的，由首个受理的仓库牵头处理，出库单转派次数不得超过两次。"),
    ("第二十一条", "无正当理由频繁发起投诉、虚报或隐瞒事实的，仓储协调小组可予以通报批评，并将有关情况反馈人力资源部。"),
    ("第十四条", "各仓库出库及时率目标为：A类不低于98%，B类不低于95%，C类不低于90%。"),
    ("第二十五条", "新增配送线路纳入考核前，应试运行1个月，试运行期间的出库数据不计入周转率考核。"),
]


@pytest.fixture(scope="module")
def split_advisor(make_settings, embeddings, tmp_path_factory):
    root = tmp_path_factory.mktemp("lead-order")
    settings = make_settings(root / "data")
    clauses = [f"**{clause}** {text}" for clause, text in _SPLIT_CLAUSES]
    clauses.insert(0, "**第一条** 为规范仓储和配送部门在出库登记上的协作，制定本办法。")
    files = policy_files("仓储部", {"policies/outbound.md": ("出库登记管理办法", clauses)})
    store = synced_store(settings, embeddings, root / "corpus", files)
    return extractive_advisor(settings, store, embeddings, refusals=root / "refusals.jsonl")


def test_a_story_with_several_tickets_is_answered_by_the_clause_on_splitting(split_advisor):
    """Real store: the story typed as what to do still gets the clause on splitting (a guard; main passes it too)."""
    answer = split_advisor.ask(SPLIT_STORY, k=5)
    assert not answer.refused
    line = first_line(answer.answer)
    assert "第十二条" in line and "按零计算" in line, answer.answer
