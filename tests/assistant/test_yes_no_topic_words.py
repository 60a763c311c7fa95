"""A yes/no question's clause is found by its topic, not by the common verb beside 能 (round 47).

"产品宣传稿没经过市场部看，能先发出去吗？": the words next to 能 ("先发出去") were the question's focus and counted
double, so "纪要发出后…" (a guidance note on minutes) led over the clause requiring 市场部's review. A yes/no
question's focus is now none: all its words weigh alike. Passages and questions are written for this test (an
invented company), not taken from an eval set.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.types import Context


def _context(rank: int, source: str, section: str, title: str, text: str, doc_type: str) -> Context:
    return Context(rank=rank, source=source, section=section, text=text, score=1.0 / rank, title=title, doc_type=doc_type)


REVIEW = _context(1, "policies/publicity.md", "第二章 对外发布", "对外宣传管理规定（示例）",
                  "第九条 宣传册、新闻稿对外发布前须经市场部审核；未经审核的材料不得以公司名义对外发布。"
                  "第十条 涉及产品参数的，还须经研发中心确认。", "policy")
MINUTES = _context(2, "guidance/meeting-notes.md", "会后跟进", "会议记录手册（示例）",
                   "建议记录人在会后一天内发出纪要。纪要发出后，参会人可以在两天内先提出异议，逾期视为确认。"
                   "下次会议先回顾上次的行动项。", "guidance")
AGAIN = _context(1, "policies/meetings.md", "第四章 专题会", "会议管理规定（示例）",
                 "第十五条 委员会每月召开一次例会，遇急事可由主任随时召集。"
                 "第二十五条 同一事项开过专题会后仍未解决的，不再重复召开专题会，由办公室提交委员会处理。", "policy")


def test_the_clause_on_the_asked_topic_leads_over_a_sentence_sharing_the_verb():
    line = compose_extractive("宣传册没经过市场部看，能先发出去吗？", [REVIEW, MINUTES]).splitlines()[0]
    assert "市场部审核" in line, line
    assert "纪要" not in line, line


def test_the_clause_naming_the_asked_meeting_leads_over_one_sharing_how_often():
    line = compose_extractive("专题会开过一次没解决，能再开一次吗？", [AGAIN]).splitlines()[0]
    assert "不再重复召开" in line.split("[")[0], line
