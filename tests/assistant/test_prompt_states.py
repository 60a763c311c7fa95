"""The model's state after a scored passage's prompt is kept and put back (``assistant.prompt_states``): the same
scores as reading the passage again, and never more memory than its bound. Real model processes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from assistant.llm import local_model_process

SHORT = ["第十二条 跨部门协调例会每两周召开一次，由综合管理部组织，各部门负责人参加。",
         "第三条 员工报销差旅费用，须在出差结束后十个工作日内提交单据。",
         "内部客户是指在工作流程中接收你的工作成果的同事或部门，服务部门应当像对待外部客户一样对待他们。"]
LONG = [p * 8 for p in SHORT[:2]]  # the model reads 300 characters: about 6 MB of state each, an 8 MB bound holds one
QUESTIONS = ["跨部门例会多久开一次？", "差旅费多久内要报销？", "我们部门和研发部为了一个客户需求吵了两周，谁也不肯牵头，现在该找谁？"]
BOUND_MB = 8


@pytest.fixture(scope="module")
def servers(local_settings) -> Iterator[tuple[str, str]]:
    """A model process that keeps no state (0 MB) and one that keeps ``BOUND_MB``; both stopped afterwards."""
    procs = [local_model_process(local_settings.model_copy(update={"llm_score_states_mb": mb})) for mb in (0, BOUND_MB)]
    yield procs[0].ensure_running(), procs[1].ensure_running()
    for proc in procs:
        proc.stop()


def _scores(url: str, question: str, passages: list[str]) -> list[float]:
    reply = httpx.post(f"{url}/score", json={"question": question, "passages": passages}, timeout=300)
    reply.raise_for_status()
    return reply.json()["scores"]


def _states(url: str) -> dict:
    return httpx.get(url.removesuffix("/v1") + "/health", timeout=30).json()["score_states"]


def test_a_kept_passage_state_gives_the_same_scores_as_reading_it_again(servers):
    plain, kept = servers
    before = _states(kept)
    for question in QUESTIONS:  # each passage scored for three questions, another passage read in between
        assert _scores(kept, question, SHORT) == _scores(plain, question, SHORT), question
    after = _states(kept)
    assert after["misses"] - before["misses"] == len(SHORT), after  # read once each
    assert after["hits"] - before["hits"] == (len(QUESTIONS) - 1) * len(SHORT), after  # then put back
    assert after["kept"] >= len(SHORT) and after["mb"] <= BOUND_MB
    assert _states(plain) == {"kept": 0, "mb": 0.0, "max_mb": 0.0, "hits": 0, "misses": _states(plain)["misses"]}


def test_the_kept_states_stay_within_their_bound(servers):
    plain, kept = servers
    before = _states(kept)
    for passage in (LONG[0], LONG[1], LONG[0]):  # the second drops the first: it is read again
        assert _scores(kept, QUESTIONS[2], [passage]) == _scores(plain, QUESTIONS[2], [passage])
        assert _states(kept)["mb"] <= BOUND_MB
    after = _states(kept)
    assert after["misses"] - before["misses"] == 3 and after["hits"] == before["hits"], after
    assert after["kept"] == 1 and after["mb"] > BOUND_MB / 2, after
