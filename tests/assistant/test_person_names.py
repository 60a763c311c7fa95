"""Person names jieba cuts apart or tags as places, and news bylines: what a 谁 question can be answered with.

Sentences written for these tests (invented people), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.entities import Kind, names, pos_tokens
from assistant.extractive import compose_extractive
from assistant.person_names import listed_people, surname_names
from assistant.question_types import QType, answer_spans
from assistant.types import Context


def _people(sentence: str) -> set[str]:
    return {sentence[a:b] for a, b in names(sentence, frozenset({Kind.PERSON}))}


def test_a_one_character_surname_joins_its_given_name():
    sentence = "航天员包括担任指令长的翟志刚以及王亚平和叶光富。"
    found = {sentence[a:b] for a, b in surname_names(pos_tokens(sentence), sentence)}
    assert "王亚平" in found
    assert "王亚平" in _people(sentence)


def test_no_name_from_a_surname_before_a_function_word_or_verb():
    for sentence in ("王在会上说明了情况。", "陈表示同意。"):
        assert surname_names(pos_tokens(sentence), sentence) == [], sentence


def test_members_of_a_list_of_people_are_people():
    sentence = "领衔主演陈晓、王晓晨、王耀庆、曾黎、赖艺、朱近桐。"  # jieba tags 曾黎 as a place
    tokens = pos_tokens(sentence)
    people = [(a, b) for a, b, flag in tokens if flag == "nr"]  # what jieba alone knows as people
    added = {sentence[a:b] for a, b in listed_people(tokens, people, sentence)}
    assert "曾黎" in added
    assert "领衔主演陈晓" not in added and "主演陈晓" not in added  # the first member trimmed to its name
    assert "曾黎" in _people(sentence)


def test_a_list_of_places_gives_no_people():
    sentence = "巡演经过上海、杭州、南京和苏州。"
    assert not _people(sentence)


def test_bylines_are_left_out_but_a_reporter_in_the_story_is_a_person():
    byline = "（记者赵雪彤、王春燕）本市今日发布新规。"
    assert not {"赵雪彤", "王春燕"} & _people(byline)
    photo = "新华社记者武巍 摄 2月12日，中国选手高亭宇在比赛中。"
    assert "高亭宇" in _people(photo) and "武巍" not in _people(photo)
    story = "美国认定俄罗斯不当拘留该报记者格什科维奇，敦促俄方立即释放。"
    assert answer_spans(story, QType.PERSON), story


def test_a_who_question_is_answered_with_the_name_jieba_cut_apart():
    texts = [
        "本次飞行任务由载人航天办公室组织实施，办公室负责人出席了发布会。",
        "本次飞行任务的指令长是陈芋汐，她曾两次执行任务。",  # jieba: 陈/nr 芋汐/n
    ]
    contexts = [Context(rank=i, source=f"p{i}.txt", section="", text=t, score=1.0 / i) for i, t in enumerate(texts, start=1)]
    line = compose_extractive("本次飞行任务的指令长是谁？", contexts).splitlines()[0]
    assert "陈芋汐" in line, line


def test_only_a_common_surname_starts_a_name_and_a_place_is_no_name():
    for sentence in ("室町时代的文化十分繁荣。", "他们搬进了杨箕村。"):  # 町/nr is no surname; 杨箕村 is a village
        assert surname_names(pos_tokens(sentence), sentence) == [], sentence


def test_a_name_after_a_role_noun_but_not_a_verb_phrase():
    sentence = "在日本选手山口茜以2比1战胜对手后，全场起立。"  # jieba: 山口/ns 茜/nr
    assert "山口茜" in _people(sentence)
    assert not _people("演员相继登场，台下掌声不断。")  # 相继/d: no name after the role noun
