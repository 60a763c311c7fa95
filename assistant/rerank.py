"""Optional passage reranking, off by default: ``ADVISOR_RERANKER`` names the reranker.

* ``local``: the bundled chat model scores how likely the question is after each of the top
  ``LOCAL_CANDIDATES`` fused passages (query likelihood, ``assistant.query_likelihood``, served by the
  model's own process as ``POST /v1/score``); the order is that score less ``LOCAL_RANK_WEIGHT`` per fused
  rank, so the fused order breaks near-ties. A question of at most ``LOCAL_MAX_QUESTION_CHARS`` characters
  reorders its top ``LOCAL_CANDIDATES``; a story (``story.is_story``), when ``ADVISOR_RERANK_STORY_PASSAGES`` is set
  (off by default; ``LOCAL_STORY_CANDIDATES`` measured), its top that many (the
  model reads the whole story after each: ~1 s a passage on 2 cores even when the passage was read before,
  ``assistant.prompt_states``). When the model cannot answer, the fused order stands (a warning is logged).
* a sentence-transformers ``CrossEncoder`` id (e.g. ``BAAI/bge-reranker-base``, needs a model hub or the
  HF cache) or a local folder holding one: its scores alone order the top ``DEFAULT_RERANK_CANDIDATES``.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from assistant.story import MIN_STORY_CHARS, is_story
from assistant.story_clause import CLAUSE_TOKENS, PROMPT, clean_clause
from ingest.settings import Settings


LOCAL = "local"
LOCAL_CANDIDATES = 4  # measured on the issue-9 tune questions: 4 and 6 rank alike, 3 a little worse
LOCAL_RANK_WEIGHT = 0.2  # log-likelihood given up per fused rank
LOCAL_MAX_QUESTION_CHARS = MIN_STORY_CHARS  # longer: a story, reranked as one (``LOCAL_STORY_CANDIDATES``)
LOCAL_STORY_CANDIDATES = 20  # a story's passages to rerank when on (``ADVISOR_RERANK_STORY_PASSAGES``; round 37, tune stories)
LOCAL_STORY_RANK_WEIGHT = 0.05  # a story's mean log-likelihood given up per fused rank (round 37, tune stories)
LOCAL_BATCH = 5  # passages scored per request, each request with its own timeout (a new story's 20 take ~30 s)
LOCAL_TIMEOUT_S = 30.0  # at most this long a request of LOCAL_BATCH passages waits (the model may be busy answering someone)
LOCAL_CACHED = 4096  # (question, passage) scores kept: an answer searches with its question several times
CLAUSES_CACHED = 512  # stories whose written clause is kept (``LocalModelReranker.write_clause``)


class RerankerError(RuntimeError):
    """The configured reranker cannot be loaded or did not answer."""


class CrossEncoderReranker:
    """Scores (question, passage) pairs jointly; loaded once, safe to share between threads."""

    def applies(self, query: str, asked: bool = True) -> bool:
        """Every query is reranked."""
        return True

    def __init__(self, model_name_or_path: str, max_length: int = 512, batch_size: int = 16) -> None:
        from sentence_transformers import CrossEncoder

        local = Path(model_name_or_path).expanduser()
        target = str(local) if local.exists() else model_name_or_path
        offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false", "False")
        try:
            self.model = CrossEncoder(target, max_length=max_length, device="cpu", local_files_only=offline or local.exists())
        except Exception as exc:  # noqa: BLE001 - any loading failure becomes one clear message
            raise RerankerError(
                f"reranker {model_name_or_path!r} could not be loaded ({type(exc).__name__}: {exc}) — "
                "set ADVISOR_RERANKER to a local CrossEncoder folder, or unset it to turn reranking off"
            ) from exc
        self.name = model_name_or_path
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """Relevance score of each text for ``query`` (higher is better)."""
        if not texts:
            return []
        with self._lock:  # torch on 2 cores: one batch at a time is fastest and avoids oversubscription
            scores = self.model.predict([(query, t) for t in texts], batch_size=self.batch_size,
                                        show_progress_bar=False)
        return [float(s) for s in scores]

    def rerank(self, query: str, docs: Sequence[Document], top_n: int | None = None) -> list[tuple[Document, float]]:
        """``docs`` re-ordered by cross-encoder score, best first (stable for ties)."""
        scores = self.score(query, [d.page_content for d in docs])
        order = sorted(range(len(docs)), key=lambda i: (-scores[i], i))
        ranked = [(docs[i], scores[i]) for i in order]
        return ranked[:top_n] if top_n is not None else ranked


class LocalModelReranker:
    """Query-likelihood scores from the bundled model's server (``POST <base>/score``), remembered per
    (question, passage); safe to share between threads."""

    name = LOCAL
    candidates = LOCAL_CANDIDATES
    rank_weight = LOCAL_RANK_WEIGHT

    def __init__(self, base_urls: Callable[[], list[str]], timeout: float, max_cached: int = LOCAL_CACHED,
                 max_question_chars: int = LOCAL_MAX_QUESTION_CHARS,
                 story_candidates: int = 0) -> None:
        self._base_urls = base_urls
        self.max_question_chars = max_question_chars
        self.story_candidates = story_candidates
        self.timeout = timeout
        self.max_cached = max_cached
        self._cache: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._clauses: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def fresh(self) -> "LocalModelReranker":
        """A reranker on the same servers that remembers no score yet (benchmarks of new questions)."""
        return LocalModelReranker(self._base_urls, self.timeout, self.max_cached, self.max_question_chars,
                                  self.story_candidates)

    def plan(self, query: str) -> tuple[int, float] | None:
        """How many fused passages ``query`` is reranked among and the score given up per fused rank: a story's
        (``story.is_story``; none when ``story_candidates`` is 0), a short question's, or None (a follow-up whose
        rewrite, context included, is longer than ``max_question_chars`` but is no story: not reranked)."""
        if is_story(query):
            return (self.story_candidates, LOCAL_STORY_RANK_WEIGHT) if self.story_candidates > 0 else None
        if len(query.strip()) <= self.max_question_chars:
            return self.candidates, self.rank_weight
        return None

    def applies(self, query: str, asked: bool = True) -> bool:
        """A short question is reranked (``plan``), a story only where it is the question as asked (``asked``; a text
        derived from a story, such as the story with the model's clause or with the documents' words, is not: each
        would cost the model another 20 readings of a long text)."""
        return self.plan(query) is not None and (asked or not is_story(query))

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        """The question's mean token log-probability after each text (higher is better); ``RerankerError`` when
        no server answered."""
        with self._lock:
            known = {t: self._cache[(query, t)] for t in texts if (query, t) in self._cache}
            for t in known:
                self._cache.move_to_end((query, t))
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            scored = [s for at in range(0, len(missing), LOCAL_BATCH) for s in self._ask(query, missing[at:at + LOCAL_BATCH])]
            fresh = dict(zip(missing, scored, strict=True))
            with self._lock:
                for t, value in fresh.items():
                    self._cache[(query, t)] = value
                while len(self._cache) > self.max_cached:
                    self._cache.popitem(last=False)
            known.update(fresh)
        return [known[t] for t in texts]

    def write_clause(self, story: str) -> str:
        """The policy clause the model expects to rule on ``story`` (``assistant.story_clause``: a search text, never
        shown), remembered per story; ``RerankerError`` when no server answered."""
        with self._lock:
            if story in self._clauses:
                self._clauses.move_to_end(story)
                return self._clauses[story]
        body = {"messages": [{"role": "user", "content": PROMPT.format(story=story)}], "max_tokens": CLAUSE_TOKENS,
                "temperature": 0.0}
        clause = self._post("chat/completions", body, "wrote a clause",
                            lambda reply: clean_clause(str(reply["choices"][0]["message"]["content"])))
        with self._lock:
            self._clauses[story] = clause
            while len(self._clauses) > CLAUSES_CACHED:
                self._clauses.popitem(last=False)
        return clause

    def _ask(self, query: str, texts: list[str]) -> list[float]:
        def scores(reply: dict) -> list[float]:
            values = [float(s) for s in reply["scores"]]
            if len(values) != len(texts):
                raise ValueError(f"{len(values)} scores for {len(texts)} passages")
            return values

        return self._post("score", {"question": query, "passages": texts}, "scored the passages", scores)

    def _post(self, path: str, body: dict, done: str, read: Callable[[dict], Any]) -> Any:
        """``read`` of the JSON reply of the first server that answers ``POST <base>/<path>`` with one it can read;
        ``RerankerError`` saying which servers failed to do ``done`` and why."""
        import httpx

        errors: list[str] = []
        try:
            urls = self._base_urls()
        except Exception as exc:  # noqa: BLE001 - the model could not be started: one clear message
            raise RerankerError(f"the local model is not available for reranking ({type(exc).__name__}: {exc})") from exc
        for base in urls:
            try:
                reply = httpx.post(f"{base.rstrip('/')}/{path}", json=body, timeout=self.timeout)
                reply.raise_for_status()
                return read(reply.json())
            except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
                errors.append(f"{base}: {type(exc).__name__}: {exc}")
        raise RerankerError(f"no model server {done} (" + "; ".join(errors or ["no server"]) + ")")


def local_model_reranker(settings: Settings) -> LocalModelReranker:
    """The ``local`` reranker: the servers of ``ADVISOR_LLM_BASE_URL`` when set, else the bundled model's own
    process (started on the first search that reranks)."""
    from assistant.llm import local_model_process, split_urls

    story = settings.rerank_story_passages
    timeout = min(settings.llm_timeout, LOCAL_TIMEOUT_S)
    urls = split_urls(settings.llm_base_url)
    if urls:
        return LocalModelReranker(lambda: urls, timeout, story_candidates=story)
    try:
        process = local_model_process(settings)
    except Exception as exc:  # noqa: BLE001 - e.g. the weights are not installed: one clear message
        raise RerankerError(f"ADVISOR_RERANKER=local needs the bundled model ({exc}) — install it, or unset "
                            "ADVISOR_RERANKER to turn reranking off") from exc
    return LocalModelReranker(lambda: [process.ensure_running()], timeout, story_candidates=story)


def lead_likelihood(retriever: Any) -> Callable[[str, Sequence[str]], list[float]] | None:
    """The bundled model's query-likelihood scorer when ``retriever`` reranks with it (the lead ranker reads it
    too: ``assistant.lead_ranker``), else ``None``."""
    reranker = getattr(retriever, "reranker", None)
    return reranker.score if isinstance(reranker, LocalModelReranker) else None


_CACHE: dict[str, CrossEncoderReranker | LocalModelReranker] = {}
_CACHE_LOCK = threading.Lock()


def make_reranker(settings: Settings) -> CrossEncoderReranker | LocalModelReranker | None:
    """The reranker named by ``settings.reranker`` (one instance per model per process), or None when off."""
    name = (settings.reranker or "").strip()
    if not name or name.lower() in ("none", "off", "false", "0"):
        return None
    key = (f"{LOCAL}\x00{settings.model_dir}\x00{settings.llm_base_url}\x00{settings.rerank_story_passages}"
           if name.lower() == LOCAL else name)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = local_model_reranker(settings) if name.lower() == LOCAL else CrossEncoderReranker(name)
        return _CACHE[key]
