"""A clause's case written as a range ("1万元至10万元的，由营销副总批准") is met by a count told inside it (round 53).

Found on the hengtai corpus: "…赔偿金额是8万元。这个赔偿营销副总签个字就能定下来吗？" was led by the clause's opening
sentence (财务部审核), because the range's two ends read as two exact counts that 8万元 contradicts.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.situation import contradicts, met_bounds
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
