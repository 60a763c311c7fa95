"""A guidance chunk holds several subsections; the one whose heading the question echoes holds the answer.

An invented playbook chunk (not the shipped wording) with three subsections, given to the composer as the first
retrieved passage: a question about remote meetings is led by "远程会议的注意事项"'s sentence, not by a preparation
sentence of the next passage that shares more of the question's everyday words (拍板, 会后, 主持人, 意见).
"""

from __future__ import annotations

from assistant.extractive import compose_extractive

from context_builders import document_passage

CHUNK = ("守时与聚焦\n"
         "主持人按时开会，不等迟到的人；每个议题到点就要形成结论，或者说清楚会后由谁在什么时候给出方案。\n"
         "处理分歧\n"
         "出现分歧时，主持人先请各方说明关注点，再引导大家回到共同目标比较方案。\n"
         "远程会议的注意事项\n"
         "请参会人打开摄像头，发言前先报部门和姓名；主持人在作决定前逐一点名确认意见，不把沉默当成同意。")

PREPARATION = "主持人应提前一天发出议程，每个议题写明需要拍板的事项和建议方案，会后由主持人确认各部门意见。"


def test_the_subsection_whose_heading_the_question_echoes_answers_it():
    question = "我们好几个部门的周会都改成远程会议了，每次拍板的时候都没人说话，会后又有人说没同意。这种会该怎么开？"
    contexts = [document_passage(1, "guidance/meetings.md", "会中控制", CHUNK, "guidance"),
                document_passage(2, "guidance/meetings.md", "会议准备", PREPARATION, "guidance")]
    first = compose_extractive(question, contexts, query=question).splitlines()[0]
    assert first.startswith("结论：请参会人打开摄像头") and "逐一点名" in first, first
