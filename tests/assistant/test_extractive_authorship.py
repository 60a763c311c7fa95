"""Authors and bodies stated by a verb or a bare link: "是林远所著的小说", "明代陈诚（1320～1390）编。",
"设计师为北方青石设计事务所".

Sentences written for these tests (not taken from an evaluation set). No name tagger knows these
names; the writing verb or the link before them states the answer.
"""

from __future__ import annotations

from assistant.authorship import asks_author, author_spans
from assistant.statements import linked_spans
from context_builders import titled_first_line as _first_line


def _names(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in author_spans(sentence)]


def test_author_spans_before_writing_verbs():
    assert _names("《青河记》是林远所著的长篇小说。") == ["林远"]
    assert _names("明代陈诚（1320～1390）编。") == ["明代陈诚"]
    assert _names("此书由宋青编著，1931年出版。") == ["宋青"]
    assert _names("他在北京工作。") == [] and _names("两国合作的项目很多。") == []  # 作 inside a word
    assert _names("他写的书很多。") == []  # a pronoun is no author's name
    assert asks_author("作者") and asks_author("作家") and asks_author("编著") and not asks_author("导演")


def test_a_body_after_a_bare_link():
    sentence = "设计师为北方青石设计事务所，施工由第二建筑公司承担。"
    assert [sentence[a:b] for a, b in linked_spans(sentence, ["设计师"])] == ["北方青石设计事务所"]


def test_the_author_stated_by_a_writing_verb_answers():
    line = _first_line("《青河记》的作者是谁？", [
        ("青河记", "《青河记》是远山月所著的长篇小说。小说以清河镇为背景，讲述了三代人的故事。"
                   "小说于1998年获得青河文学奖，作者随后移居海外。"),
        ("白石记", "《白石记》是一部长篇小说，作者是陈远，1995年出版。"),
    ])
    assert "远山月" in line


def test_the_compiler_stated_after_life_years_answers():
    line = _first_line("《海东文选》是由谁编著的？", [
        ("海东文选", "《海东文选》是一部诗文总集，共一百卷。明代陈诚（1320～1390）编。"
                     "此书收录了唐宋两代的诗文，编著体例仿照前代总集。"),
    ])
    assert "陈诚" in line
