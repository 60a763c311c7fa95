"""A "哪个国家" question is answered by a sentence naming a country, not by one naming many other places.

Sentences written for this test (an invented county and minister), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import passage

from assistant.countries import asks_country, country_spans

COUNTY = [
    passage(1, "如看待成名誉郡，它名义上包含多1个单一管理区，占地2,713平方公里。青川郡是非都市郡，实际管辖6个非都市区："
               "塔姆沃思、利奇菲尔德、坎诺克、斯塔福德、东岭、石浦。", source="qc.txt"),
    passage(2, "青川郡（英文简称：QC），英国英格兰北部的郡。以人口计算，石浦是第1大镇。", source="qc.txt"),
]


def _line(question: str, contexts: list) -> str:
    from assistant.extractive import compose_extractive

    return compose_extractive(question, contexts).splitlines()[0]


def test_the_sentence_naming_the_country_beats_the_one_listing_districts():
    line = _line("青川郡是哪个国家的郡？", COUNTY)
    assert "英国" in line, line


def test_a_document_naming_no_listed_country_keeps_its_states():
    contexts = [
        passage(1, "青山，满洲正黄旗人。为后金开国五大臣之首。青山早年随军征战，屡立战功。", source="qs.txt"),
        passage(2, "东京是日本的首都，人口约1400万。", source="tokyo.txt"),
    ]
    line = _line("青山是哪个国家的开国大臣？", contexts)
    assert "后金" in line, line


def test_which_country_is_asked_and_which_spans_name_one():
    assert asks_country("青川郡是哪个国家的郡？")
    assert asks_country("青山是哪国人？")
    assert not asks_country("青川郡位于哪里？")
    assert not asks_country("青川有哪些国内航线？")
    text = "青川郡，英国英格兰北部的郡，与扶余国及塔姆沃思相邻。"
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("英国英格兰", "扶余国", "塔姆沃思")]
    assert [text[a:b] for a, b in country_spans(text, spans)] == ["英国英格兰", "扶余国"]


def test_a_transliterated_name_that_starts_like_a_country_is_not_that_country():
    text = "实际管辖3个非都市区：石浦、巴西特劳（Bassetlaw）、东岭。英国广播"
    at = text.index("巴西特劳")
    assert country_spans(text, [(at, at + 2)]) == []  # 巴西 of 巴西特劳 (jieba cuts 巴西|特劳)
    plain = "巴西（Brazil）是南美洲最大的国家。"
    assert country_spans(plain, [(0, 2)]) == [(0, 2)]


def test_a_district_list_with_a_country_like_transliteration_does_not_answer_which_country():
    contexts = [
        passage(1, "青川郡是非都市郡，实际管辖4个非都市区：拉什克利夫（Rushcliffe）、东岭（Dongling）、石浦（Shipu）、"
                   "巴西特劳（Bassetlaw）。", source="qc.txt"),
        passage(2, "青川郡（英文简称：QC），英国英格兰北部的郡。以人口计算，石浦是第1大镇。", source="qc.txt"),
    ]
    line = _line("青川郡隶属于哪个国家？", contexts)
    assert line.startswith("结论：青川郡（英文简称：QC），英国英格兰北部的郡。"), line


def test_every_un_member_is_a_country_name():
    """The list is complete, not the countries of a few examples: an African capital's country is a country."""
    from assistant.entities import COUNTRIES

    assert len(set(COUNTRIES)) >= 193
    assert country_spans("阿贝歇是乍得第四大城市。", [(4, 6)]) == [(4, 6)]


def test_a_place_whose_name_starts_with_a_country_name_is_not_that_country():
    """马里 of 马里兰州 is no country: the sentence naming the county's country leads (invented county)."""
    contexts = [
        passage(1, "青松县位于马里兰州东部，县治设在石桥镇，是该州人口最少的县。", source="qs.txt"),
        passage(2, "青松县是美国的一个县，人口约三万。", source="qs.txt"),
    ]
    line = _line("青松县位于哪个国家？", contexts)
    assert line.startswith("结论：青松县是美国的一个县"), line


def test_country_names_inside_longer_names_are_not_countries():
    from assistant.countries import country_at, names_country

    assert not names_country("歌手汤加丽与阿曼达·塞弗里德在多哥伦布市合唱，唱的是古巴比伦的传说。")
    text = "主唱查斯特·贝宁顿出生于凤凰城。"
    at = text.index("贝宁")
    assert country_spans(text, [(at, at + 3)]) == []
    assert not country_at("位于马里兰州东部", 2, 4)
    for text, name in [("他是多哥人。", "多哥"), ("贝宁的首都是波多诺伏。", "贝宁"), ("贝宁总统访问了加纳。", "贝宁"),
                       ("位于马里的东部。", "马里"), ("马里共和国位于西非。", "马里"), ("美国作家马克·吐温。", "美国"),
                       ("他出生于阿曼。", "阿曼")]:
        at = text.index(name)
        assert country_at(text, at, at + len(name)), text
        assert names_country(text), text
