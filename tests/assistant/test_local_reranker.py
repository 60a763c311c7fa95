"""``ADVISOR_RERANKER=local``: the bundled model's query-likelihood scores (``POST /v1/score`` of its own process)
reorder the top fused passages; a model that does not answer leaves the fused order."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from assistant.rerank import (LOCAL_BATCH, LOCAL_CANDIDATES, LOCAL_STORY_CANDIDATES, LOCAL_STORY_RANK_WEIGHT,
                              LocalModelReranker, RerankerError, make_reranker)
from assistant.retrieval import HybridRetriever, chunk_key
from assistant.story_clause import CLAUSE_KEEP, FOUND_BY

QUESTION = "跨部门例会多久开一次？"
ANSWERING = "第十二条 跨部门协调例会每两周召开一次，由综合管理部组织，各部门负责人参加。"
OTHERS = ["第三条 员工报销差旅费用，须在出差结束后十个工作日内提交单据。",
          "内部客户是指在工作流程中接收你的工作成果的同事或部门。"]


@pytest.fixture(scope="module")
def model_url(local_settings) -> str:
    """The base URL of the bundled model's own process, started once."""
    from assistant.llm import local_model_process

    return local_model_process(local_settings).ensure_running()


@pytest.fixture(scope="module")
def counted_reranker(model_url) -> tuple[LocalModelReranker, list[int]]:
    """A local reranker on the running model that counts its requests."""
    asked: list[int] = []

    def urls() -> list[str]:
        asked.append(1)
        return [model_url]

    return LocalModelReranker(urls, timeout=300.0), asked


def _chat(model_url: str) -> str:
    body = {"model": "local", "messages": [{"role": "user", "content": "用一句话说明什么是内部客户。"}],
            "max_tokens": 24, "temperature": 0}
    reply = httpx.post(f"{model_url}/chat/completions", json=body, timeout=300)
    reply.raise_for_status()
    return reply.json()["choices"][0]["message"]["content"]


def test_the_passage_that_answers_scores_highest_and_scores_are_remembered(counted_reranker):
    reranker, asked = counted_reranker
    scores = reranker.score(QUESTION, [*OTHERS, ANSWERING])
    assert scores[2] == max(scores) and all(s < 0 for s in scores), scores
    before = len(asked)
    assert reranker.score(QUESTION, [ANSWERING, OTHERS[0]]) == [scores[2], scores[0]]
    assert len(asked) == before  # both remembered: no request


def test_scoring_leaves_the_next_chat_answer_as_it_was(model_url):
    first = _chat(model_url)
    reply = httpx.post(f"{model_url}/score", json={"question": "报销要在多久内提交？", "passages": OTHERS}, timeout=300)
    assert reply.status_code == 200 and len(reply.json()["scores"]) == 2
    assert _chat(model_url) == first


@pytest.mark.parametrize("body", [{"question": "", "passages": ["x"]}, {"question": "q", "passages": ["x"] * 65},
                                  {"passages": ["x"]}])
def test_the_score_route_rejects_bad_bodies(model_url, body):
    assert httpx.post(f"{model_url}/score", json=body, timeout=60).status_code == 422


def test_the_search_reorders_only_the_top_candidates_keeping_the_fused_scores(kb_settings, kb_store, embeddings,
                                                                               counted_reranker):
    reranker, _ = counted_reranker
    retriever = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings, reranker=reranker)
    question = "项目延期了谁来拍板？"
    fused = retriever.search(question, k=6, rerank=False).hits
    reranked = retriever.search(question, k=6)
    top = LOCAL_CANDIDATES
    key = lambda h: chunk_key(h.doc)  # noqa: E731
    assert sorted(map(key, reranked.hits[:top])) == sorted(map(key, fused[:top]))
    assert list(map(key, reranked.hits[top:])) == list(map(key, fused[top:]))
    assert [h.score for h in reranked.hits] == [h.score for h in fused]
    scores = reranker.score(question, [h.doc.page_content for h in fused[:top]])
    combined = [s - reranker.rank_weight * i for i, s in enumerate(scores)]
    assert key(reranked.hits[0]) == key(fused[combined.index(max(combined))])
    assert "rerank" in reranked.timings


def test_a_model_that_does_not_answer_leaves_the_fused_order(kb_settings, kb_store, embeddings, caplog):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    reranker = LocalModelReranker(lambda: [dead], timeout=5.0)
    retriever = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings, reranker=reranker)
    question = "协作需求单的响应时限是多久？"
    with caplog.at_level(logging.WARNING, logger="assistant.retrieval"):
        reranked = retriever.search(question, k=6)
    fused = retriever.search(question, k=6, rerank=False)
    assert [h.doc.page_content for h in reranked.hits] == [h.doc.page_content for h in fused.hits]
    assert any("reranking skipped" in r.getMessage() and dead in r.getMessage() for r in caplog.records)


def test_a_model_that_cannot_start_is_named_in_the_error(kb_settings, monkeypatch, tmp_path):
    def missing(model_dir):
        raise FileNotFoundError(f"no model in {model_dir}")

    monkeypatch.setattr("assistant.llm.ensure_model", missing)
    settings = kb_settings.model_copy(update={"reranker": "local", "data_dir": tmp_path})
    with pytest.raises(RerankerError, match="ADVISOR_RERANKER"):
        make_reranker(settings)


def test_make_reranker_shares_one_local_reranker_per_model(local_settings):
    settings = local_settings.model_copy(update={"reranker": "local"})
    reranker = make_reranker(settings)
    assert isinstance(reranker, LocalModelReranker) and make_reranker(settings) is reranker


STORY_ASKED = "市场部提出的需求改了三次，产品部说没收到正式变更单，研发已经按旧版本做了一半，现在双方都说不是自己的责任，我该找谁？"


def test_a_story_is_reranked_among_its_top_story_candidates(kb_settings, kb_store, embeddings, model_url):
    """A story (``story.is_story``) is reordered among its top ``story_candidates`` fused passages by the likelihood
    of the whole story less the story weight per rank; the model is asked ``LOCAL_BATCH`` passages at a time."""
    asked: list[int] = []
    reranker = LocalModelReranker(lambda: asked.append(1) or [model_url], timeout=300.0, story_candidates=6)
    retriever = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings, reranker=reranker)
    assert len(STORY_ASKED) > reranker.max_question_chars and reranker.plan(STORY_ASKED) == (6, LOCAL_STORY_RANK_WEIGHT)
    key = lambda h: chunk_key(h.doc)  # noqa: E731
    fused = retriever.search(STORY_ASKED, k=8, rerank=False).hits
    assert [key(h) for h in retriever.search(STORY_ASKED, k=8).hits] == [key(h) for h in fused]  # a derived text
    assert asked == []
    reranked = retriever.search(STORY_ASKED, k=8, asked=True)
    assert sorted(map(key, reranked.hits[:6])) == sorted(map(key, fused[:6]))
    assert list(map(key, reranked.hits[6:])) == list(map(key, fused[6:]))
    assert len(asked) == -(-6 // LOCAL_BATCH)  # 6 passages: two requests
    scores = reranker.score(STORY_ASKED, [h.doc.page_content for h in fused[:6]])
    combined = [s - LOCAL_STORY_RANK_WEIGHT * i for i, s in enumerate(scores)]
    assert [key(h) for h in reranked.hits[:6]] == [key(fused[i]) for i in sorted(range(6), key=lambda i: -combined[i])]


def test_a_story_keeps_the_fused_order_when_story_reranking_is_off(kb_settings, kb_store, embeddings):
    asked: list[str] = []
    reranker = LocalModelReranker(lambda: asked.append("url") or [], timeout=5.0, story_candidates=0)
    retriever = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings, reranker=reranker)
    reranked = retriever.search(STORY_ASKED, k=6, asked=True)
    assert [chunk_key(h.doc) for h in reranked.hits] == [chunk_key(h.doc) for h in retriever.search(STORY_ASKED, k=6, rerank=False).hits]
    assert asked == [] and "rerank" not in reranked.timings


def test_which_questions_are_reranked_among_how_many_passages():
    assert LocalModelReranker(lambda: [], timeout=5.0).plan(STORY_ASKED) is None  # off by default
    reranker = LocalModelReranker(lambda: [], timeout=5.0, story_candidates=LOCAL_STORY_CANDIDATES)
    assert reranker.plan(QUESTION) == (LOCAL_CANDIDATES, reranker.rank_weight)
    assert reranker.plan(STORY_ASKED) == (LOCAL_STORY_CANDIDATES, LOCAL_STORY_RANK_WEIGHT)
    followup = "关于研发部、协作、需求、按规定、跨部门、管理、办法、响应：那如果他们超时一直不响应呢？"  # a rewrite, no story
    assert len(followup) > reranker.max_question_chars and reranker.plan(followup) is None
    assert not reranker.applies(followup)
    assert reranker.applies(STORY_ASKED) and not reranker.applies(STORY_ASKED, asked=False)  # a text derived from it


def test_the_story_passages_setting_reaches_the_local_reranker(local_settings):
    on = make_reranker(local_settings.model_copy(update={"reranker": "local", "rerank_story_passages": 20}))
    default = make_reranker(local_settings.model_copy(update={"reranker": "local"}))
    assert on.story_candidates == 20 and default.story_candidates == 0 and on is not default


def _advisor(kb_settings, kb_store, embeddings, reranker, tmp_path):
    from assistant.advisor import Advisor
    from assistant.generation import make_composer
    from assistant.refusal import RefusalLog

    retriever = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings, reranker=reranker)
    return Advisor(kb_settings, retriever, make_composer(kb_settings, "extractive"),
                   refusal_log=RefusalLog(tmp_path / "app.sqlite3"))


def test_the_lead_ranker_reads_the_models_likelihood_of_each_candidate(kb_settings, kb_store, embeddings,
                                                                      counted_reranker, tmp_path):
    """bp3-proj-subproject-lead (a tune question): the embedding model's features lead with the kick-off meeting
    clause; the model finds the question likely after the clause on sub-project leads, which now leads."""
    from evaluation.metrics import first_line

    reranker, _ = counted_reranker
    advisor = _advisor(kb_settings, kb_store, embeddings, reranker, tmp_path)
    assert advisor._lead_vectors.likelihood == reranker.score
    question = "大项目拆成几个小组以后，每个小组的头由谁来定？"
    assert "指定子项目负责人" in first_line(advisor.ask(question).answer)
    advisor._lead_vectors.likelihood = None  # the plain lead ranker, same reranked passages
    assert "指定子项目负责人" not in first_line(advisor.ask(question).answer)


STORY = ("分管副总裁给我们和仓储部的库位争议出了协调决定，书面通知昨天就发到两边了。仓储部却说要等下周部门会研究完"
         "再定执行不执行，能这么拖吗？")
"""bs3-decision-wait, a tune story: the rules lead with the appeal clause (第二十一条), which does not answer it."""


def test_a_story_leads_with_the_sentence_the_model_finds_most_likely(kb_settings, kb_store, embeddings,
                                                                   counted_reranker, tmp_path):
    """The model finds the story most likely after 第二十条 (a decision binds from its delivery): it leads the 结论,
    which the rules alone do not quote (``likely_lead``)."""
    from evaluation.metrics import first_line

    reranker, _ = counted_reranker
    advisor = _advisor(kb_settings, kb_store, embeddings, reranker, tmp_path)
    led = first_line(advisor.ask(STORY).answer)
    assert "自送达之日起生效" in led.split("[")[0]  # the first sentence quoted
    advisor._lead_vectors.likelihood = None
    assert "自送达之日起生效" not in first_line(advisor.ask(STORY).answer)


def _plain_and_failing(kb_settings, kb_store, embeddings, tmp_path):
    """An advisor without a reranker and one whose local reranker's server does not answer (a closed port)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    return (_advisor(kb_settings, kb_store, embeddings, None, tmp_path),
            _advisor(kb_settings, kb_store, embeddings, LocalModelReranker(lambda: [dead], timeout=5.0), tmp_path))


def test_a_model_that_fails_to_score_leaves_the_lead_to_the_plain_ranker(kb_settings, kb_store, embeddings, tmp_path,
                                                                          caplog):
    from evaluation.metrics import first_line

    plain, failing = _plain_and_failing(kb_settings, kb_store, embeddings, tmp_path)
    question = "大项目拆成几个小组以后，每个小组的头由谁来定？"
    with caplog.at_level(logging.WARNING):
        answer = failing.ask(question).answer
    assert first_line(answer) == first_line(plain.ask(question).answer)
    assert any("without the model's likelihood" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        story_answer = failing.ask(STORY).answer
    assert first_line(story_answer) == first_line(plain.ask(STORY).answer)
    assert any("story lead without the model's likelihood" in r.getMessage() for r in caplog.records)


TICKET_STORY = "我在工单系统里提了个开通报表权限的单子，一天半了都没人联系我。这种单子多久该有人回？最晚多久得办好？"
"""bs3-permission-ticket, a tune story."""
RULING_STORY = "协调委员会一个月前就裁了，让采购部把供应商资料开放给我们，到现在他们还拖着不动。这种死扛着不执行的，最后能把他们怎么样？"
"""bs8-24, a tune story: in the suite's run (round 32) its clause (第二十二条, 追究部门负责人的管理责任) came only from the
search on the clause the model wrote (``story_clause``); here only the placement is asserted (the written clause
varies with the model server's cache state)."""


def test_the_model_writes_a_clause_for_a_story_once(counted_reranker):
    reranker, asked = counted_reranker
    clause = reranker.write_clause(TICKET_STORY)
    assert clause and "*" not in clause and len(clause) <= 200
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in clause) > len(clause) / 2, clause  # written in Chinese
    before = len(asked)
    assert reranker.write_clause(TICKET_STORY) == clause and len(asked) == before  # remembered: no request


def test_a_story_is_searched_with_the_clause_the_model_writes(kb_settings, kb_store, embeddings, model_url, tmp_path):
    reranker = LocalModelReranker(lambda: [model_url], timeout=300.0, story_candidates=0)  # the story's order kept
    plain_advisor = _advisor(kb_settings, kb_store, embeddings, None, tmp_path)
    plain = [c.chunk_id for c in plain_advisor.ask(RULING_STORY).contexts]
    _, result, _ = plain_advisor._retrieve(RULING_STORY, None, None, None, None)  # the story's own searches
    searched = {str(h.doc.id or chunk_key(h.doc)) for h in result.hits}
    answer = _advisor(kb_settings, kb_store, embeddings, reranker, tmp_path).ask(RULING_STORY)
    written = [c.chunk_id for c in answer.contexts if c.found_by == FOUND_BY]
    # CLAUSE_KEEP passages the story's own searches did not find (a later step, such as the search in the documents'
    # words, may still bring the same clause to the plain answer: it is then not added twice)
    assert len(written) == CLAUSE_KEEP and not set(written) & searched, (written, sorted(searched))
    found = [c.chunk_id for c in answer.contexts]
    assert [c for c in found if c in searched] == [c for c in plain if c in searched]  # the search's, in order
    assert set(found) == set(plain) | set(written) and len(found) == len(set(found))  # nothing lost or twice
    assert reranker.write_clause(RULING_STORY) not in answer.answer  # the written clause is a query, never quoted


def test_a_model_that_cannot_write_the_clause_leaves_the_story_its_passages(kb_settings, kb_store, embeddings, tmp_path,
                                                                           caplog):
    plain, failing = _plain_and_failing(kb_settings, kb_store, embeddings, tmp_path)
    with caplog.at_level(logging.WARNING):
        contexts = failing.ask(TICKET_STORY).contexts
    assert [c.chunk_id for c in contexts] == [c.chunk_id for c in plain.ask(TICKET_STORY).contexts]
    assert any("story searched without the model's clause" in r.getMessage() and "wrote a clause" in r.getMessage()
               for r in caplog.records)
