"""Two everyday fact slots (``assistant.everyday``, round 41): whether an old rule still holds, and what silence counts as.

"以前那套老的付款规定，现在还能照着办吗？" is answered by the policy's closing clause ("原《…》同时废止", "此前…不一致的，以本
办法为准"), which the composer otherwise passes over as boilerplate; "对方一直不签字，最后怎么算？" by the clause that
deems it ("逾期未签署的，视为同意"), also in a follow-up whose previous answer quoted the first half of that clause.
Passages and questions are written for these tests (an invented purchasing company), not taken from an eval set.
"""

from __future__ import annotations

from assistant.everyday import DEEMED, SUPERSEDED, Asked, asked_slot, asks_superseded, fills, says_new_slot
from assistant.extractive import compose_extractive
from assistant.question_types import asked_parts
from assistant.types import Context


def _policy(rank: int, text: str, section: str) -> Context:
    return Context(rank=rank, source="policies/purchasing.md", section=section, text=text, score=1.0 / rank,
                   title="采购付款管理办法（示例）", doc_type="policy")


def _slot(question: str) -> Asked | None:
    part, qtype = asked_parts(question)[0]
    return asked_slot(part, qtype, question)


def _first(question: str, contexts: list[Context], said: str = "") -> str:
    return compose_extractive(question, contexts, said=said).splitlines()[0]


PAYMENT = [
    _policy(1, "第十二条 付款申请由采购部提交，财务部在收到完整单据后5个工作日内完成付款；"
               "超过5万元的付款须经财务总监审批。", "第三章 付款"),
    _policy(2, "第十五条 无故拖延付款的，每次扣减责任部门当季考核分2分；因拖延付款造成供应商投诉的，加倍扣分。",
            "第四章 考核"),
    _policy(3, "第四十条 本办法由财务部负责解释，自2025年7月1日起施行，原《付款审批暂行规定》同时废止；"
               "此前各部门自行制定的付款流程与本办法不一致的，以本办法为准。", "第六章 附则"),
]
ACCEPTANCE = [
    _policy(1, "第二十条 供应商交货后，使用部门应在5个工作日内签署验收单或提出书面异议；逾期未签署的，视为验收合格，"
               "采购部据此办理付款。", "第四章 验收"),
    _policy(2, "第十九条 验收单须由使用部门负责人签字，并注明到货数量、规格和质量情况。", "第四章 验收"),
    _policy(3, "第二十一条 验收不合格的，采购部应在2个工作日内通知供应商退换货。", "第四章 验收"),
]


def test_the_two_slots_are_read_from_the_question():
    assert _slot("以前那套老的付款规定，现在还能照着办吗？") == Asked(SUPERSEDED)
    assert _slot("我们部门原来自己定的付款流程，还能接着用吗？") == Asked(SUPERSEDED)
    assert _slot("使用部门一直不签字，最后怎么算？") == Asked(DEEMED)
    assert _slot("对方迟迟不回复，会怎么样？") == Asked(DEEMED)
    assert asks_superseded("旧的报销标准还算数吗？")
    assert not asks_superseded("付款还能走加急吗？")  # no old rule named: not a question about validity
    assert _slot("付款还能走加急吗？") is None or _slot("付款还能走加急吗？").slot is not SUPERSEDED
    assert _slot("验收单要谁签字？") is None or _slot("验收单要谁签字？").slot is not DEEMED


def test_the_slot_fillers():
    assert fills(Asked(SUPERSEDED), PAYMENT[2].text)
    assert fills(Asked(SUPERSEDED), "第三十条 此前发布的规定与本规定不一致的，以本规定为准。")
    assert not fills(Asked(SUPERSEDED), PAYMENT[0].text)
    assert fills(Asked(DEEMED), "逾期未签署的，视为验收合格，采购部据此办理付款。")
    assert not fills(Asked(DEEMED), "以视频方式参会的，视同现场出席。")  # deemed, but not for silence
    assert says_new_slot(Asked(DEEMED), ACCEPTANCE[0].text, "使用部门应在5个工作日内签署验收单或提出书面异议。")
    assert not says_new_slot(Asked(DEEMED), ACCEPTANCE[0].text, "逾期未签署的，视为验收合格。")
    assert not says_new_slot(None, ACCEPTANCE[0].text, "")


def test_an_old_rule_is_answered_by_the_closing_clause_not_by_a_rule_that_shares_words():
    line = _first("以前那套老的付款规定，现在还能照着办吗？", PAYMENT)
    assert "同时废止" in line or "以本办法为准" in line, line
    line = _first("我们部门原来自己定的付款流程跟新办法对不上，还能接着按老的来吗？", PAYMENT)
    assert "以本办法为准" in line, line


def test_a_closing_clause_stays_out_of_other_answers():
    line = _first("付款一般几天能到账？", PAYMENT)
    assert "5个工作日" in line and "废止" not in line, line


def test_silence_is_answered_by_the_clause_that_deems_it():
    line = _first("使用部门一直不签字，最后怎么算？", ACCEPTANCE)
    assert "视为验收合格" in line, line


def test_a_follow_up_gets_the_deemed_half_of_a_clause_it_was_already_told():
    said = "按《采购付款管理办法》第二十条，供应商交货后，使用部门应在5个工作日内签署验收单或提出书面异议。"
    line = _first("那他们要是一直不签字，这笔货最后会怎么样？", ACCEPTANCE, said=said)
    assert "视为验收合格" in line, line


def test_asking_whether_there_is_a_time_limit_asks_for_the_limit():  # round 41: "有没有个时间限制" is a time question
    from assistant.question_types import QType

    assert asked_parts("这种审批有没有个时间限制？")[0][1] is QType.TIME
    contexts = [
        _policy(1, "第十四条 超过5万元的付款须经财务总监审批。", "第三章 付款"),
        _policy(2, "第十六条 审批人应在收到付款申请后2个工作日内完成审批；逾期未审批的，申请人可提请财务部督办。",
                "第三章 付款"),
    ]
    line = _first("这笔付款的审批有没有个时间限制？", contexts)
    assert "2个工作日" in line, line
