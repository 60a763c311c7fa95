""""哪些…被称为X" gives the name and asks what bears it: the sentence "…，称为X" that describes it answers.

Sentences written for this test (an invented term), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import titled_first_line

from assistant.definitions import defines, question_subject
from assistant.question_types import QType, classify

TERM = ("青殇", "青殇，或称冤殇、屈殇。指不是因年老生病而寿终正寝，而是溺水、山崩、兵祸、意外等，含冤而身亡的，称为青殇。"
                "如《青川记》：「那些人都是那六十四处山寨，七十二处水寨，众头目的鬼魂，尽是青殇的冤业，无收无管，不得超生，"
                "都是孤寒饿鬼。」民间信仰中，因为善行而青殇（如为救人而死），会立刻升天，因恶行而青殇，会立即打入地狱。")


def test_what_is_so_called_is_answered_by_the_describing_sentence():
    line = titled_first_line("哪些类型的死亡可以被称为青殇？", [TERM])
    assert line.startswith("结论：指不是因年老生病而寿终正寝"), line


def test_a_given_name_is_a_definition_question_and_an_asked_name_is_a_name_question():
    assert classify("哪些类型的死亡可以被称为青殇？") is QType.OTHER
    assert question_subject("哪些类型的死亡可以被称为青殇？") == "青殇"
    assert question_subject("什么样的人被称为雅客？") == "雅客"
    assert classify("青殇又被称为什么？") is QType.NAME
    assert classify("惜墨塔在客家地区被称为什么？") is QType.NAME


def test_a_sentence_ending_with_the_name_defines_it():
    assert defines("含冤而身亡的，称为青殇。", "青殇")
    assert not defines("尽是青殇的冤业，无收无管。", "青殇")
