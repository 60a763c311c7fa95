"""A story that turns (可 / 但 / 结果 …) and asks what to do gets the scenario answer (``story_turn``; branch h9gb).

"我们和设备科…已经提交到评审委员会了，可设备科负责人本身就是委员…这种情况怎么处理？" has no quarrel word, so the plain
composer answered it: the setting's words (评审委员会, 提交, 设备科, 负责人) won and the 结论 led with the clause on the
setting or the committee's make-up, not with the rule for what went wrong (…委员本人所在科室为争议当事方的，该委员应当
回避). The store is another company's (a hospital), invented here; real Chroma on a temp dir, bundled embedding model.
"""

from __future__ import annotations

import pytest

from assistant.question_types import QType, classify
from assistant.scenario import applies
from assistant.story_turn import story_turn, turned_story

from store_builders import answer_first_line, extractive_advisor, policy_files, synced_store

RECUSAL_STORY = ("我们和设备科为一台共用监护仪的管理归属已经提交到评审委员会了，可设备科负责人本身就是委员，"
                 "我们担心裁定不公。这种情况怎么处理？")

_CLAUSES = [
    "第三条 评审委员会由5名委员组成：院长任主任，委员包括医务科、护理部、财务科、设备科和信息科的负责人。",
    "第五条 评审委员会会议须有三分之二以上委员出席方为有效，裁定须经出席委员过半数同意；委员本人所在科室为争议当事方的，"
    "该委员应当回避。",
    "第七条 同一事项召开专题协调会后仍未解决的，不再重复召开协调会，由院办提交评审委员会裁定。",
    "第九条 评审委员会的裁定应以书面形式作出，写明争议事项、各方意见、裁定结果和执行期限，由主任签发。",
    "第十一条 共用设备由使用时长最多的科室负责日常管理，设备科负责维修和年检。",
]


def test_the_turn_of_a_story_is_what_went_wrong():
    assert story_turn(RECUSAL_STORY) == "可设备科负责人本身就是委员 我们担心裁定不公。"
    assert story_turn("共用设备由哪个科室管理？") == ""  # no story
    # a story that does not turn: the setting and the act, no contrast or outcome word
    assert story_turn("我们科室上个月借用了设备科的一台监护仪，已经用了两周了，日常管理该怎么安排？") == ""
    assert story_turn("设备科说这台监护仪可以先放在我们科室，我们已经同意了，这样可以吗？") == ""  # 可以 is no turn
    # a word of quoted speech is no turn ("结果" of "…结果该主办的负责”" is a noun said by someone)
    assert story_turn("展板晚了，宣传科说是我们的问题，我们科有人说“我们只是协办，结果该主办的负责”。我该怎么看这件事？") == ""


def test_only_a_turned_story_asking_what_to_do_gets_the_scenario_answer():
    assert classify(RECUSAL_STORY) in (QType.HOWTO, QType.OTHER)
    assert turned_story(RECUSAL_STORY, classify(RECUSAL_STORY))
    assert applies(RECUSAL_STORY, classify(RECUSAL_STORY))  # no quarrel word: the scenario composer through the turn
    yes_no = "我们和设备科的争议已经提交评审委员会了，可设备科负责人本身就是委员，他能参加裁定吗？"
    assert story_turn(yes_no) and not turned_story(yes_no, classify(yes_no))  # a yes/no ask: the plain composer
    assert not applies("共用设备由哪个科室管理？", classify("共用设备由哪个科室管理？"))


@pytest.fixture(scope="module")
def hospital(make_settings, embeddings, tmp_path_factory):
    root = tmp_path_factory.mktemp("hospital-committee")
    settings = make_settings(root / "data", knowledge_dir=root / "corpus")
    files = policy_files("院办", {"policies/committee.md": ("评审委员会工作规则", _CLAUSES)})
    store = synced_store(settings, embeddings, root / "corpus", files)
    return extractive_advisor(settings, store, embeddings)


def test_the_rule_for_what_went_wrong_leads_not_the_setting(hospital):
    first = answer_first_line(hospital, RECUSAL_STORY)
    assert "应当回避" in first, first
    assert first.index("第五条") < min(first.find(c) % 10_000 for c in ("第三条", "第七条", "第九条")), first
