"""A guidance section of what not to do ("不建议的做法", "常见误区") is no advice for how to do something.

Its heading says 做法 / 建议, which used to lift its sentences like any advice section: an answer on running online
meetings listed "只在出问题后开会" among its steps. An invented guidance page (not the shipped wording), given to the
composer as retrieved passages.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive

from context_builders import document_passage

DONT = ("会议中的误区\n"
        "1. 只在出了事故以后才召集各部门开会。这样会议很容易变成追责会。\n"
        "2. 每个分歧都交给上级拍板决定。短期省事，长期会让部门失去自行协商的能力。")
DO = ("远程会议的做法\n"
      "发言前先报部门和姓名；主持人在作决定前逐一点名确认各部门意见，不把沉默当成同意。\n"
      "会后24小时内发出纪要，写明决定事项和责任人。")


def _passages(dont_heading: str) -> list:
    return [document_passage(1, "guidance/meetings.md", "远程会议", DO, "guidance"),
            document_passage(2, "guidance/meetings.md", dont_heading, DONT, "guidance")]


def _steps(answer: str) -> list[str]:
    return [line for line in answer.splitlines()[1:] if line[:1].isdigit()]


def test_a_how_to_answer_does_not_recommend_what_the_guidance_warns_against():
    question = "我们几个部门的周会都在线上开，一到拍板就没人吭声，会后又说没同意。线上开会该怎么开？"
    answer = compose_extractive(question, _passages("不建议的做法"), query=question)
    said = "\n".join([answer.splitlines()[0], *_steps(answer)])
    assert "逐一点名" in said, answer
    assert "只在出了事故以后" not in said and "上级拍板" not in said, answer


def test_a_yes_no_question_about_the_practice_is_answered_from_the_warning():
    question = "我想以后每个分歧都交给上级拍板决定，省得扯皮。这招靠谱吗？"
    first = compose_extractive(question, _passages("不建议的做法"), query=question).splitlines()[0]
    assert "上级拍板" in first or "自行协商" in first, first
