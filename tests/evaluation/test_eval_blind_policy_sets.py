"""``evals/blind_policies3/4/5/6/7.jsonl``: report-only sets of manager fact questions in everyday words, written blind
(rounds 18, 19, 20, 21, 22) from ``knowledge/`` only. Each set gets every check of ``blind_fact_checks`` (ids unique across
``evals/*.jsonl``, split and tags, facts verbatim in the governing clause, should-refuse fields and topics, kept out of
tuning data, mix, seeded shuffle, questions in the asker's words, facts no earlier ``evals/`` file asks).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from blind_fact_checks import (
    check_facts_verbatim, check_ids_split_and_tags, check_in_askers_words, check_kept_out_of_tuning_data, check_mix,
    check_not_asked_elsewhere, check_refused_topics_not_in_knowledge, check_shuffled, check_should_refuse_fields, load,
)


@dataclass(frozen=True)
class BlindSet:
    name: str
    prefix: str
    split: str
    refused_topics: dict[str, tuple[str, ...]]
    """Should-refuse ids -> words knowledge/ never writes."""
    later: frozenset[str]
    """Files written after this set by writers who never saw it (or, for ``everyday_words_h9kd``, a later tune file
    written from knowledge/ alone): a fact they share cannot leak tuning into it, so they are not "other files"."""


SETS = [
    BlindSet("blind_policies3.jsonl", "bp3-", "blind_policies3", {  # overtime pay, hotels, maternity leave, options
        "bp3-refuse-overtime-pay": ("加班费", "调休"),
        "bp3-refuse-travel-hotel": ("差旅", "酒店", "住宿"),
        "bp3-refuse-maternity-leave": ("产假", "生育"),
        "bp3-refuse-stock-options": ("期权", "股票"),
    }, frozenset({"blind_scenarios9.jsonl", "blind_policies4.jsonl", "blind_scenarios10.jsonl",
                  "blind_policies5.jsonl", "everyday_words_h9kd.jsonl", "blind_scenarios11.jsonl",
                  "blind_policies6.jsonl", "blind_scenarios12.jsonl", "blind_policies7.jsonl",
                  "blind_scenarios13.jsonl"})),
    BlindSet("blind_policies4.jsonl", "bp4-", "blind_policies4", {  # admin, finance, R&D and legal questions
        "bp4-refuse-meeting-room": ("会议室", "预订"),
        "bp4-refuse-supplier-payment": ("发票", "付款", "账期"),
        "bp4-refuse-patent-bonus": ("专利",),
        "bp4-refuse-company-seal": ("公章", "用印", "印章"),
    }, frozenset({"blind_scenarios10.jsonl", "blind_policies5.jsonl", "everyday_words_h9kd.jsonl",
                  "blind_scenarios11.jsonl", "blind_policies6.jsonl", "blind_scenarios12.jsonl",
                  "blind_policies7.jsonl"})),
    BlindSet("blind_policies5.jsonl", "bp5-", "blind_policies5", {  # everyday admin questions
        "bp5-refuse-office-supplies": ("办公用品", "领用", "文具"),
        "bp5-refuse-company-car": ("用车", "派车", "车辆"),
        "bp5-refuse-lost-badge": ("工牌", "门禁"),
        "bp5-refuse-annual-party": ("年会", "节目"),
    }, frozenset({"everyday_words_h9kd.jsonl", "blind_scenarios11.jsonl", "blind_policies6.jsonl",
                  "blind_scenarios12.jsonl", "blind_policies7.jsonl",
                  "blind_scenarios13.jsonl"})),
    BlindSet("blind_policies6.jsonl", "bp6-", "blind_policies6", {  # dress, study, birthdays, business cards
        "bp6-refuse-dress-code": ("着装", "正装", "工装"),
        "bp6-refuse-tuition": ("学费", "进修", "学历"),
        "bp6-refuse-birthday": ("生日", "蛋糕", "礼品"),
        "bp6-refuse-business-cards": ("名片",),
    }, frozenset({"blind_scenarios12.jsonl", "blind_policies7.jsonl",
                  "blind_scenarios13.jsonl"})),
    BlindSet("blind_policies7.jsonl", "bp7-", "blind_policies7", {  # library, smoking, seats, parcels
        "bp7-17": ("工位", "座位"),
        "bp7-18": ("图书", "借阅", "书籍"),
        "bp7-34": ("吸烟", "抽烟"),
        "bp7-37": ("快递", "寄件", "邮寄"),
    }, frozenset({"blind_scenarios13.jsonl"})),  # round 52's stories, written blind
]


@pytest.fixture(scope="module", params=SETS, ids=lambda s: s.split)
def blind(request, repo_root):
    s: BlindSet = request.param
    return s, load(repo_root, s.name)


def test_ids_split_and_tags(repo_root, blind):
    s, questions = blind
    check_ids_split_and_tags(repo_root, questions, s.name, s.prefix, s.split)


def test_should_refuse_fields(blind):
    s, questions = blind
    check_should_refuse_fields(questions, s.name)


def test_should_refuse_topics_are_not_in_knowledge(repo_root, blind):
    s, questions = blind
    check_refused_topics_not_in_knowledge(repo_root, questions, s.name, s.refused_topics)


def test_facts_are_verbatim_in_the_governing_passage(repo_root, blind):
    s, questions = blind
    check_facts_verbatim(repo_root, questions, s.name)


def test_kept_out_of_tuning_data(repo_root, blind):
    _s, questions = blind
    check_kept_out_of_tuning_data(repo_root, questions)


def test_mix(blind):
    s, questions = blind
    check_mix(questions, s.name)


def test_shuffled_so_a_limit_gives_a_mix(blind):
    s, questions = blind
    check_shuffled(questions, s.name)


def test_questions_are_in_the_askers_words(blind):
    s, questions = blind
    check_in_askers_words(questions, s.name)


def test_facts_are_not_asked_by_other_question_files(repo_root, blind):
    s, questions = blind
    check_not_asked_elsewhere(repo_root, questions, s.name, s.later)
