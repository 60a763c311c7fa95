"""A native-place question (籍贯, 祖籍, 哪里人) is answered by "<place>人" / "祖籍<place>", not by the lead or
another place of the biography.

Biographies written for this test (invented people and villages), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import titled_first_line

from assistant.native_place import asks_native_place, native_spans

BIOGRAPHY = ("青禾", "青禾（1880年—1950年），清末民初实业家、教育家。曾创办江南第一所女子学堂。江苏省青浦县石门村人。"
                     "1905年，青禾在上海创办青浦学堂。1930年，青禾在南京主持实业会议。1950年逝世于南京。")


def test_the_native_place_sentence_answers_the_native_place_question():
    line = titled_first_line("青禾的籍贯是哪里？", [BIOGRAPHY])
    assert line.startswith("结论：江苏省青浦县石门村人。"), line


def test_where_someone_is_from_is_asked_in_several_ways():
    line = titled_first_line("青禾是哪里人？", [BIOGRAPHY])
    assert "石门村" in line.split("[1]")[0], line


def test_a_biography_that_states_no_native_place_keeps_its_places():
    bio = ("白川", "白川（1901年—1977年），画家。1925年，白川在杭州西湖边开设画室。1977年逝世于杭州。")
    line = titled_first_line("白川的籍贯是哪里？", [bio])
    assert "杭州" in line, line


def test_native_place_questions_and_spans():
    assert asks_native_place("青禾的籍贯是哪里？")
    assert asks_native_place("青禾的祖籍在哪？")
    assert asks_native_place("青禾是哪里人？")
    assert not asks_native_place("青禾是哪国人？")  # a country (``countries``)
    assert not asks_native_place("青浦县哪里人口最多？")
    for sentence, place in [("江苏省青浦县石门村人。", "江苏省青浦县石门村"), ("青禾（），苏州吴江人，字子木。", "苏州吴江"),
                            ("1953年生于南京，祖籍江苏徐州。", "江苏徐州"), ("他是浙江人，", "浙江")]:
        assert [sentence[a:b] for a, b in native_spans(sentence)] == [place], sentence
    for sentence in ("青禾，清末诗人。", "他是著名制作人，", "同行共三人，"):
        assert native_spans(sentence) == [], sentence
