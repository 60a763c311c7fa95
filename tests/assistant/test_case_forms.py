"""Cases as another company writes them (round 53, the hengtai corpus's tune documents).

A range ("1万元至10万元的，由营销副总批准") is met by a count told inside it: "…赔偿金额是8万元。这个赔偿营销副总签个字就能
定下来吗？" was led by the clause's opening sentence (财务部审核), the range's two ends read as two exact counts that 8万元
contradicts. Numbered items after any "下列…：" head ("下列订单的交期承诺，…还须经销售总监和生产副总共同签字确认：（一）单笔
订单金额超过50万元的；…") are the clause's cases, as those after "下列情形之一的，…：" are.
"""

from __future__ import annotations

from assistant.case_clauses import asked_case, clause_cases, meets_count
from assistant.extractive import compose_extractive
from assistant.situation import contradicts, met_bounds
from assistant.story_case import case_share
from assistant.types import Context

CLAIMS = ("第十五条 客户提出索赔的，由销售部负责与客户谈判，赔偿协议签订前须经财务部审核。赔偿金额按以下权限审批：1万元以下的，"
          "由销售总监批准；1万元至10万元的，由营销副总批准；超过10万元的，由总经理批准。")


def test_a_count_inside_a_range_meets_it_and_one_outside_contradicts_it():
    assert met_bounds("赔偿金额是8万元", "1万元至10万元") == ["1万元至10万元"]
    assert met_bounds("这次考核拿了85分", "80分至89分") == ["80分至89分"]
    assert met_bounds("赔偿金额是12万元", "1万元至10万元") == []
    assert met_bounds("拖了3天", "2天至5天") == []  # a duration is a story's frame, as for a bound under a duration
    assert not contradicts("赔偿金额是8万元", "1万元至10万元") and contradicts("赔偿金额是12万元", "1万元至10万元")
    assert contradicts("赔偿金额是8万元", "1万元以下")


def test_the_range_a_story_tells_leads_its_clause():
    contexts = [Context(rank=1, source="制度/客户投诉协同处理办法.md", section="第十五条", text=CLAIMS, score=0.9,
                        doc_type="policy", clause="第十五条")]
    story = "客户因为一批轴承座尺寸超差提出索赔，销售谈下来赔偿金额是8万元。这个赔偿营销副总签个字就能定下来吗？"
    first = compose_extractive(story, contexts).splitlines()[0]
    assert "1万元至10万元的，由营销副总批准" in first, first


ORDERS = ("第九条 下列订单的交期承诺，除完成常规评审外，还须经销售总监和生产副总共同签字确认：（一）单笔订单金额超过50万元的；"
          "（二）客户要求的交期比该产品标准交期缩短30%以上的。")
EARLY = "第十二条 长周期物料可提前下单；提前下单金额累计超过20万元的，还须经财务部审核。"


def test_numbered_items_after_a_list_head_are_the_clauses_cases():
    assert clause_cases(ORDERS) == ["单笔订单金额超过50万元的", "客户要求的交期比该产品标准交期缩短30%以上的"]


def test_a_story_describes_the_listed_case_its_amount_meets_best():
    happened = asked_case("有个新客户下了一张60万元的订单，交期也压得比较紧。销售经理说订单评审已经过了，可以直接回复客户交期。"
                          "除了评审，还需要谁签字？")
    assert meets_count(happened, ORDERS, specific_only=True) and meets_count(happened, EARLY)
    assert case_share(happened, ORDERS) > case_share(happened, EARLY)  # before: 第九条 stated no case (0)


PROMISE = ("第八条 订单评审结论确认前，销售人员不得以任何形式向客户承诺具体交期，包括口头、邮件、即时通讯工具等方式。"
           "客户催问交期的，销售人员只能告知预计的评审完成时间。")


def test_a_yes_no_lead_is_followed_by_its_clauses_next_sentence_not_by_the_next_advice():
    question = "订单评审还没出结果，销售能不能先跟客户口头说个交期？"
    for doc_type, followed in (("policy", True), ("guidance", False)):
        contexts = [Context(rank=1, source="制度/产销协同管理办法.md", section="第八条", text=PROMISE, score=0.9,
                            doc_type=doc_type, clause="第八条")]
        first = compose_extractive(question, contexts).splitlines()[0]
        assert "不得以任何形式向客户承诺具体交期" in first, first
        assert ("只能告知预计的评审完成时间" in first) == followed, (doc_type, first)


def test_a_count_told_with_duo_before_its_measure_word_meets_the_bound_it_passes():
    story = "片区里一家超市鸡蛋已经断了五十多个小时，到现在货还没来"
    assert met_bounds(story, "重点商品缺货超过48小时仍未到货的") == ["超过48小时"]
    assert met_bounds("断了四十多个小时", "重点商品缺货超过48小时仍未到货的") == []
