"""A 结论 sentence that announces a list quotes the list's first items (``assistant.announced``), on a section of the
shipped guidance read by the real extractive composer."""

from __future__ import annotations

from assistant.announced import announces_list, with_announced_items
from assistant.extractive import MAX_CONCLUSION_CHARS, Sentence, _ensure_period, candidate_sentences, compose_extractive

from conftest import section_context


def test_announcing_sentences_end_with_a_colon():
    assert announces_list("建议按以下顺序处理：") and announces_list("Steps:")
    assert not announces_list("先确认对方部门是否已经知情。")


def test_the_conclusion_quotes_the_items_after_an_announcing_sentence():
    guide = section_context(1, "guidance/escalation-path.md", "被升级方")
    answer = compose_extractive("下属把问题升级到我这里，我该按什么顺序处理？", [guide])
    first, *rest = answer.splitlines()
    assert "按以下顺序处理：先确认对方部门是否已经知情" in first, answer  # no "：。" and the first item follows
    assert "一天内补充" in first and first.count("[1]") == 1, answer  # both items (MAX_ITEMS), one quote, one citation
    assert len(first) <= len("结论：") + MAX_CONCLUSION_CHARS + len(" [1]"), answer
    assert not any("已经知情" in line or "一天内" in line for line in rest), answer  # not twice
    assert any("与对方部门负责人直接沟通" in line for line in rest), answer  # the later items stay steps


def test_an_item_the_conclusion_quotes_already_is_not_added_again():
    guide = section_context(1, "guidance/escalation-path.md", "被升级方")
    sentences = candidate_sentences([guide])
    intro = next(s for s in sentences if announces_list(s.quote))
    first_item = next(s for s in sentences if s.pos > intro.pos and s.is_step)
    out = with_announced_items([intro, first_item], lambda _n: sentences, MAX_CONCLUSION_CHARS, _ensure_period)
    assert out[1] == first_item and first_item.text not in out[0].quote, out[0].quote  # quoted once
    assert out[0].quote.startswith(intro.quote) and "一天内补充" in out[0].quote  # the next item instead
    assert isinstance(out[0], Sentence)
