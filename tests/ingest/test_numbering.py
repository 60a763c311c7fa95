"""The one clause-number pattern shared by the loader and the assistant."""

import re

from ingest.numbering import CLAUSE_LEAD, CLAUSE_NUMBER, CLAUSE_RE, ordinal


def test_a_clause_number_in_chinese_or_arabic_numerals() -> None:
    for text in ("第十二条", "第一百零五条", "第两千条", "第3条", "第〇条"):
        assert re.fullmatch(CLAUSE_NUMBER, text)
    assert not re.fullmatch(CLAUSE_NUMBER, "第三款") and not re.fullmatch(CLAUSE_NUMBER, "第条")


def test_the_lead_is_stripped_only_at_the_head() -> None:
    assert CLAUSE_LEAD.sub("", "第八条 逾期未确认的，视为验收通过。") == "逾期未确认的，视为验收通过。"
    assert CLAUSE_LEAD.sub("", "依第八条处理。") == "依第八条处理。"


def test_ordinal_reads_the_named_kinds_only() -> None:
    heading = re.compile(rf"^{ordinal('章节')}")
    assert heading.match("第三章 协作") and heading.match("第2节") and not heading.match("第三条")


def test_the_loader_reads_spaced_clause_numbers_but_not_items() -> None:
    assert CLAUSE_RE.match("第 十二 条 内容").group(1) == "第 十二 条"
    assert not CLAUSE_RE.match("第十二条款")
