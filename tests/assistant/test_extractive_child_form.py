"""A short whole sentence of a biography ("白石之子。") is a candidate, and a child's form names the father.

Biographies leave their subject unsaid and state a parent as "X之子" or "X第四子" in a sentence that may be
five characters long. Sentences written for this test (invented people), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import titled_first_line

from assistant.extractive import split_sentences
from assistant.kinship import kin_places

SCHOLAR = ("青岩", "青岩（），字子文，祖籍范阳（河北涿州）。洛阳人。白石之子。生于嘉佑二年（1057年），少与名士交游。"
                   "青岩反对变法，对变法极尽诋毁，所言多出自于《青岩闻见录》，又说变法之害甚于水旱。"
                   "后人认为《辨变法论》乃青岩伪作。")


def test_the_father_stated_by_a_child_form_answers_who_the_father_is():
    line = titled_first_line("青岩的父亲名字叫什么？", [SCHOLAR])
    assert line.startswith("结论：白石之子。"), line


def test_short_whole_sentences_are_kept_and_fragments_are_not():
    texts = [text for text, _item, _heading in split_sentences("洛阳人。白石之子。好。是的；青岩，字子文。")]
    assert "洛阳人。" in texts and "白石之子。" in texts
    assert "好。" not in texts and "是的；" not in texts


def test_a_child_form_states_the_father():
    for sentence, form in [("白石之子。", "之子"), ("青松（），明穆宗第四子，生母李氏。", "第四子"), ("白石之长女，", "之长女")]:
        assert [sentence[a:b] for a, b in kin_places(sentence, "父亲")] == [form], sentence
    for sentence in ("女子，年十五。", "他是孔子，", "青岩有三子：青溥、青博。"):
        assert kin_places(sentence, "父亲") == [], sentence
