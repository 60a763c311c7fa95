"""News forms on a real store with the bundled model: an attribute stated with another word of its meaning, an
episode number stated only in a rhetorical question, another actor's part beside the asked actor's.

Invented pages (no evaluation data), synced into Chroma on a temp dir and answered by the extractive ``Advisor``.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor

from store_builders import answer_first_line, corpus_advisor

NEWS = {
    "drone-qa.txt": (
        "记者就海滨机场无人机事件采访了航空专家。问：为什么市民会担心？答：因为这种事情很常见。"
        "市民经常会看到各式各样的无人机，或者用于其他用途的飞行器。当天，海滨市公安局接到报警后立即开展了调查。"
        "经核实，闯入海滨机场的无人机属海滨市气象局所有，用于台风路径观测。"
        "气象局对无人机因信号故障闯入机场净空区表示歉意。\n"),
    "drone-rules.txt": "海滨市民航部门表示，机场净空区内禁止放飞无人机，违者将被依法处罚。\n",
    "show-review.txt": (
        "本文来自微信公众号：乐评人老周。\n\n《歌手之夜》第8期，大家都看了没有啊？\n\n"
        "这一期堪称本季巅峰，林海在海边的舞台上演唱了《海边》。\n\n"
        "这首歌是他为故乡写的，编曲只用了一把吉他和一架手风琴，现场不少观众落泪。\n"),
    "show-backstage.txt": "近日，节目组公布了林海演唱《海边》的幕后花絮。为了还原海边的感觉，剧组在舞台上铺了三吨细沙。\n",
    "drama-review.txt": (
        "这些年她的演艺事业发展非常顺利，片约从未断过。\n\n在电视剧《远山》中，王芳再一次证明了自己的实力。"
        "她将李秀兰外柔内刚的性格，演绎得淋漓尽致。王芳出道二十年，一直以朴实的形象示人。\n\n二、陈刚扮演赵大海\n\n"
        "陈刚把村支书的朴实演得入木三分。\n"),
    "drama-cast.txt": "《远山》剧中，陈刚饰演村支书赵大海，朴实的表演打动了观众。\n",
}


@pytest.fixture(scope="module")
def advisor(tmp_path_factory: pytest.TempPathFactory, make_settings, embeddings) -> Advisor:
    return corpus_advisor(tmp_path_factory, make_settings, embeddings, NEWS, "news-forms")


def test_the_use_is_read_from_the_verb_not_the_echo(advisor: Advisor):
    line = answer_first_line(advisor, "闯入海滨机场的无人机的用途")
    assert "台风路径观测" in line, line


def test_the_episode_in_a_rhetorical_question_answers_which_episode(advisor: Advisor):
    line = answer_first_line(advisor, "林海在《歌手之夜》哪一期演唱了《海边》？")
    assert "第8期" in line, line


def test_another_actor_s_part_is_not_the_asked_actor_s(advisor: Advisor):
    line = answer_first_line(advisor, "王芳在《远山》中演的谁")
    assert "李秀兰" in line and "陈刚" not in line, line
