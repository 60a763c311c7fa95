"""The Advisor API: follow-up rewriting -> hybrid retrieval -> refusal decision -> grounded answer.

One ``Advisor`` serves many concurrent users: the models, the store and the keyword index are
loaded once; everything per request (user, filters, history) is passed as arguments.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from langchain_core.documents import Document

from assistant.calibration import ThresholdSource
from assistant.conflicts import conflict_notice, policy_conflicts
from assistant.pointed import pointed_hits, pointed_question
from assistant.case_clauses import (
    CASE_KEEP, CaseClauses, asked_case, case_query, clause_cases, is_policy_clause, missing_clauses,
)
from assistant.per_generation import PerGeneration
from assistant.store_glossary import GlossarySource, StoreGlossary
from assistant.story import is_story
from assistant.synonyms import Synonyms, current_synonyms
from assistant.agreed_lead import agreed_passage
from assistant.told_search import TOLD_DOC_TYPE, TOLD_KEEP, told_query
from assistant.wording import Wording, question_wording
from assistant.followup import FollowupRewriter, remove_query_leak
from assistant.english_answer import story_terms
from assistant.english_lexicon import EnglishLexicon, lexicon_for
from assistant.glossary import translate_query
from assistant.language import is_english
from assistant.situation import told_counts
from assistant.scenario import (
    is_scenario, merge_rankings, next_clause_docs, scenario_neighbour_docs, scenario_searches,
)
from assistant.generation import AnswerComposer, Composed, make_composer
from assistant.lead_ranker import SentenceVectors
from assistant.rerank import LocalModelReranker, RerankerError, lead_likelihood
from assistant.story_clause import CLAUSE_KEEP, clause_query, written_last
from assistant.refusal import (
    RefusalDecision,
    RefusalLog,
    RefusalThresholds,
    decide,
    evidence_for,
    refusal_message,
    unless_setting,
)
from assistant.evidence import select_evidence
from assistant.enumeration import is_enumeration, sibling_docs
from assistant.followon import asks_next_step, previous_answer, said_docs
from assistant.multipart import PART_FETCH, merge_contexts, widen_for_parts
from assistant.retrieval import DOC_TYPES, Hit, HybridRetriever, RetrievalResult, chunk_key
from assistant.types import Answer, Citation, Context, Evidence, EvidenceItem, User
from ingest.settings import Settings

log = logging.getLogger(__name__)

REFUSED_LLM = "none"
"""``Answer.llm`` of a refused question: no model was called."""
EVIDENCE_PASSAGES = 3
"""How many top passages the refusal's term-coverage check reads."""
REGISTER_EXTRA = 2
"""New passages the search in the documents' own words (``wording.question_wording``) may add."""
SCENARIO_EXTRA_PASSAGES = 3
"""Passages added to ``k`` for a scenario question (its searches are interleaved, so each brings fewer)."""


class EmptyKnowledgeBase(RuntimeError):
    """The store has no documents yet."""


def citation_section(ctx: Context) -> str:
    """The clause (``第十二条``) when the passage has one, else its heading path."""
    return ctx.clause or ctx.section


def build_citations(cited: Sequence[int], contexts: Sequence[Context]) -> list[Citation]:
    """One ``Citation`` per cited ``[n]`` (1-based into ``contexts``), in citation order."""
    out: list[Citation] = []
    for n in cited:
        if 1 <= n <= len(contexts):
            ctx = contexts[n - 1]
            out.append(Citation(n=n, source=ctx.source, title=ctx.title, section=citation_section(ctx), text=ctx.text))
    return out



def _wanted_doc_types(filters: Mapping[str, Any] | None) -> set[str]:
    """The document types a search may return under ``filters`` (all of ``DOC_TYPES`` when none is set)."""
    raw = (filters or {}).get("doc_type") or DOC_TYPES
    return {raw} if isinstance(raw, str) else set(raw)

class Advisor:
    """Answers collaboration questions from the knowledge base, citing document and clause."""

    def __init__(self, settings: Settings, retriever: HybridRetriever, composer: AnswerComposer,
                 rewriter: FollowupRewriter | None = None, refusal_log: RefusalLog | None = None,
                 thresholds: RefusalThresholds | None = None) -> None:
        """``thresholds`` fixes the refusal limits; by default they are the ones calibrated for the
        store and its embedding model (``assistant.calibration``), measured once and saved with it."""
        self.settings = settings
        self.retriever = retriever
        self.composer = composer
        self.rewriter = rewriter or FollowupRewriter()
        self.refusal_log = refusal_log or RefusalLog.from_settings(settings)
        self.thresholds = thresholds
        self._calibrated = ThresholdSource(retriever)
        self._glossary = GlossarySource(retriever)
        self._lexicon: PerGeneration[EnglishLexicon | None] = PerGeneration(  # English words -> the store's terms
            lambda: retriever.store, lambda store: _lexicon_of(store, self._glossary.current()))
        self._cases = CaseClauses(retriever)
        self._lead_vectors = SentenceVectors(retriever.embeddings, embed_query=retriever.embed_query,
                                             likelihood=lead_likelihood(retriever))  # the lead ranker's signals

    def refusal_thresholds(self) -> RefusalThresholds:
        """The limits in force: the fixed ones, else the store's calibration (re-measured when stale)."""
        return self.thresholds if self.thresholds is not None else self._calibrated.current()

    @classmethod
    def from_settings(cls, settings: Settings, llm: str | None = None) -> "Advisor":
        """Open the store of ``settings`` and pick the answer backend (``llm`` overrides ``settings.llm``).

        Raises ``assistant.llm.BackendError`` for an unknown or missing backend and the store's
        ``EmbeddingMismatchError`` when the store was built with another embedding model.
        """
        composer = make_composer(settings, llm)
        retriever = HybridRetriever.from_settings(settings)
        return cls(settings, retriever, composer)

    @property
    def store(self) -> Any:
        return self.retriever.store

    @property
    def llm(self) -> str:
        """The configured answer backend (``local``, ``openai:<model>`` or ``extractive``)."""
        return self.composer.name

    def ensure_ready(self) -> None:
        """Raise ``EmptyKnowledgeBase`` when there is nothing to answer from."""
        if self.store.count() == 0:
            raise EmptyKnowledgeBase(
                f"the knowledge base in {self.settings.data_dir} is empty — run `advisor ingest sync` "
                "(or `advisor ingest sync DIR` for another folder) first"
            )
        self._synonyms()  # a malformed synonyms file fails here, naming its line, not on the first question

    def warm_up(self, model: bool = False) -> None:
        """Load the embedding model, jieba and the keyword index now (and the chat model when ``model``)
        instead of on the first question (the web server calls this at start-up)."""
        self.retriever.search("跨部门协作", k=1)
        self._synonyms()  # the knowledge base's synonyms file: a malformed line stops the start with its line
        self.refusal_thresholds()  # calibrates now when the store has no (current) calibration
        self._glossary.current()  # the store's glossary: loaded, or built once for these documents
        self._lexicon.get()  # English words -> its terms: loaded from <data_dir>/english/, or read from the dictionary
        self._cases.index()  # the policy clauses' cases; their vectors loaded from <data_dir>/cases/ or embedded once
        self.rewriter.rewrite("那具体怎么做？", [{"role": "user", "content": "跨部门协作"}])
        if model and self.composer.name != "extractive":
            self.composer.warm_up()

    def retrieve(self, question: str, user: User | None = None, filters: Mapping[str, Any] | None = None,
                 k: int | None = None) -> list[Context]:
        """The passages ``user`` may read that best match ``question``, best first."""
        return self.retriever.search(question, k=k, user=user, filters=filters, asked=True).contexts()

    def ask(self, question: str, history: list[dict] | None = None, user: User | None = None,
            filters: dict | None = None, k: int | None = None) -> Answer:
        """Answer one question (non-streaming)."""
        final: Answer | None = None
        for item in self.stream(question, history, user, filters, k):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(self, question: str, history: list[dict] | None = None, user: User | None = None,
               filters: dict | None = None, k: int | None = None) -> Iterator[str | Evidence | Answer]:
        """Yield one ``Evidence`` (the sentences the answer will rest on; not for refusals) as soon as
        retrieval is done, then answer text pieces as they come, then exactly one final ``Answer``."""
        question = (question or "").strip()
        if not question:
            raise ValueError("question is empty — ask something, e.g. “跨部门会议纪要多久内发出？”")
        start = time.perf_counter()
        with self.store.one_generation():  # one store state for every search of the question (no yield inside)
            standalone, result, decision = self._retrieve(question, history, user, filters, k)
            retrieval_ms = (time.perf_counter() - start) * 1000
            passages = None if decision.refused else self._answer_passages(question, standalone, result, history, user,
                                                                           filters)
            told = story_terms(question, self._lexicon.get()) if passages is not None and is_english(question) else None
        contexts = result.contexts()
        if passages is None:
            text = refusal_message(question)
            yield text
            self._record_refusal(question, user, decision.best_score)
            total = (time.perf_counter() - start) * 1000
            yield Answer(
                question=question, answer=text, refused=True, llm=REFUSED_LLM, citations=[], contexts=contexts,
                latency_ms=_latency(retrieval_ms, 0.0, total, total),
                standalone_question=standalone if standalone != question else None,
                best_score=_round(result.best_dense),
            )
            return

        answer_query, contexts, wording, said, evidence = passages
        yield Evidence(items=evidence)
        composed: Composed | None = None
        first_token: float | None = None
        gen_start = time.perf_counter()
        extra_args: dict[str, Any] = {"vectors": self._lead_vectors, **({"said": said} if said else {})}
        if wording.related:  # the asked action in the documents' words, for the yes/no verdict
            extra_args["related"] = wording.related
        agreed = agreed_passage(contexts, result.told_first)  # the told search ran in ``_search``: not again
        if agreed is not None:  # a calm story whose two searches put the same clause first: it leads the 结论
            extra_args["agreed"] = agreed
        if told is not None:  # what an English story tells, in the store's terms too (``english_lexicon``)
            extra_args["told"] = told
        for item in self.composer.stream(question, contexts, evidence=evidence, query=answer_query, **extra_args):
            if isinstance(item, Composed):
                composed = item
            else:
                if first_token is None:
                    first_token = (time.perf_counter() - start) * 1000
                yield item
        assert composed is not None, "composer ended without a Composed"
        generation_ms = (time.perf_counter() - gen_start) * 1000
        total = (time.perf_counter() - start) * 1000
        answer_text = remove_query_leak(composed.text, question, standalone)
        cited = list(composed.cited)
        conflicts = policy_conflicts(answer_text, contexts)
        if conflicts:  # shipped guidance says one figure, the company's policy another: the policy's is named
            notice = conflict_notice(conflicts, english=is_english(question))
            yield f"\n{notice}"
            answer_text = f"{answer_text}\n{notice}"
            cited += [c.policy_n for c in conflicts if c.policy_n not in cited]
        yield Answer(
            question=question, answer=answer_text, refused=False, llm=composed.llm,
            citations=build_citations(cited, contexts), contexts=contexts,
            latency_ms=_latency(retrieval_ms, generation_ms, total, first_token if first_token is not None else total),
            standalone_question=standalone if standalone != question else None,
            warnings=list(composed.warnings), best_score=_round(result.best_dense), evidence=evidence,
        )

    def _answer_passages(self, question: str, standalone: str, result: RetrievalResult, history: list[dict] | None,
                         user: User | None, filters: Mapping[str, Any] | None
                         ) -> tuple[str, list[Context], Wording, str, list[EvidenceItem]]:
        """What the answer is composed from, after retrieval: the query its sentences are matched against, the
        passages widened for later asked parts, the documents' wording and the sibling or next clauses, the
        previous turn's 结论 (``said``) and the evidence sentences."""
        contexts = result.contexts()
        answer_query = self._answer_query(standalone)
        contexts = widen_for_parts(  # a later asked part whose clause the plain search missed
            standalone, contexts,
            lambda q: self.retriever.search(self._answer_query(q), k=PART_FETCH, user=user, filters=filters).contexts())
        wording = question_wording(question, self._glossary.current(), standalone, self._synonyms())
        if wording.search_terms:  # "报销" is "核销" in the documents: one more search in their words
            if wording.formal:  # the failure phrase's policy words (不服 -> 异议) are matched in sentences too
                answer_query = f"{answer_query} {' '.join(wording.formal)}"
            found = self.retriever.search(f"{answer_query} {' '.join(wording.store_terms)}".strip(), k=PART_FETCH,
                                          user=user, filters=filters).contexts()
            contexts = merge_contexts(contexts, [found], per_part=REGISTER_EXTRA, max_extra=REGISTER_EXTRA)
        said = previous_answer(history)  # the 结论 does not repeat what the last turn already said
        extra: list = []
        if is_enumeration(standalone):  # 每一级的时限: the sibling clauses of the chapter state the other levels
            extra = sibling_docs([h.doc for h in result.hits], lambda key: self.store.get_chunks([key]))
        elif said and asks_next_step(question):  # "…谈不拢呢？": the clause after the one the last turn quoted
            extra = next_clause_docs(said_docs([h.doc for h in result.hits], said),
                                     lambda key: self.store.get_chunks([key]))
        have = {c.chunk_id for c in contexts}
        extra = [d for d in extra if str(d.id or chunk_key(d)) not in have]
        if extra:
            contexts = [*contexts, *(Hit(doc=d, score=0.0).to_context(len(contexts) + i)
                                     for i, d in enumerate(extra, start=1))]
        evidence = select_evidence(question, contexts, query=answer_query, vectors=self._lead_vectors)
        return answer_query, contexts, wording, said, evidence

    def search(self, question: str, user: User | None = None, filters: Mapping[str, Any] | None = None,
               k: int | None = None) -> RetrievalResult:
        """Retrieval with its signals (scores, timings), for the evaluation and benchmarks."""
        return self.retriever.search(question, k=k, user=user, filters=filters, asked=True)

    def _retrieve(self, question: str, history: list[dict] | None, user: User | None,
                  filters: Mapping[str, Any] | None, k: int | None) -> tuple[str, RetrievalResult, RefusalDecision]:
        """Rewrite, retrieve and judge the evidence.

        A question with history that did not look like a follow-up ("道理我懂了，这周我能先做点什么？")
        is also tried once with the conversation's key terms; the retry is kept when the question
        alone is refused, or when the retry matches clearly better: by more than the gap between the
        store's calibrated ``hard`` and ``soft`` limits (so the margin follows the embedding model).
        """
        standalone = self.rewriter.rewrite(question, history)
        result = self._search(standalone, user, filters, k)
        decision = self._judge(standalone, result, user, filters)
        if history and standalone == question:
            retry = self.rewriter.rewrite(question, history, force=True)
            if retry != question:
                retry_result = self._search(retry, user, filters, k)
                retry_decision = self._judge(retry, retry_result, user, filters)
                if not retry_decision.refused and (decision.refused or self._clearly_better(retry_result, result)):
                    return retry, retry_result, retry_decision
        if not history and not decision.refused:  # a story's lead may come from the clause the model expects, last
            result = self._with_written(standalone, result, user, filters, k)
        return standalone, result, decision

    def _clearly_better(self, retry: RetrievalResult, alone: RetrievalResult) -> bool:
        th = self.refusal_thresholds()
        margin = max(1e-3, float(getattr(th, "soft", 0.0)) - float(getattr(th, "hard", 0.0)))
        return (retry.best_dense or 0.0) > (alone.best_dense or 0.0) + margin

    def _search(self, query: str, user: User | None, filters: Mapping[str, Any] | None, k: int | None) -> RetrievalResult:
        """The plain search, widened for two kinds of question.

        English: a second search with the query's Chinese glossary terms (the documents are
        Chinese), ranked first. Scenario ("two departments fight over X, what do I do"): searches
        restricted to policies and to guidance, interleaved with the plain one, so both the advice
        and the clauses that apply are among the passages. A question saying everyday words of the
        knowledge base's synonyms file: a search of the question in the documents' words
        (``Synonyms.rewrite``: 扛责任 -> 第一责任人), interleaved right after the plain one. The refusal
        evidence (``best_dense``) stays that of the plain search.
        """
        embed = self.retriever.embed_query  # remembers its vectors: one a text (the question, what happened) an answer
        result = self.retriever.search(query, k=k, user=user, filters=filters, query_embedding=embed(query), asked=True)
        rankings: list[list] = []
        base = query
        if is_english(query):
            zh = translate_query(query, self._lexicon.get())
            if zh:
                base = f"{zh} {query}"
                rankings.append(self.retriever.search(base, k=k, user=user, filters=filters,
                                                      query_embedding=embed(base), rerank=False).hits)
        worded = self._synonyms().rewrite(base)  # the question in the documents' words (synonyms.txt: 泄出去 -> 泄露)
        worded_hits = self.retriever.search(worded, k=k, user=user, filters=filters, query_embedding=embed(worded),
                                            rerank=False).hits if worded != base else None
        always: list = []  # the best passages of searches that keep theirs whatever the merge leaves
        if is_scenario(query):
            wanted = _wanted_doc_types(filters)
            for search in scenario_searches(base):
                if search.doc_type in wanted:
                    flt = {**(filters or {}), "doc_type": [search.doc_type]}
                    found = self.retriever.search(search.text, k=k, user=user, filters=flt,
                                                  query_embedding=embed(search.text), use_keyword=search.keyword,
                                                  rerank=False).hits
                    if search.merged:
                        rankings.append(found)
                    kept = {chunk_key(h.doc) for h in always}
                    always += [h for h in found if chunk_key(h.doc) not in kept
                               and (not search.cases_only or (is_policy_clause(h.doc) and clause_cases(h.doc.page_content)))
                               ][:search.keep]
        if not rankings and worded_hits is None:  # the clause written for the case the question tells, when missed
            extra = self._case_hits(base, [h.doc for h in result.hits], user, filters, embed, base != query)
            extra += self._pointed_hits(query, [*result.hits, *extra], user, filters, k)
            told, told_first = self._told_hits(query, [*result.hits, *extra], user, filters)
            return _with(result, [*extra, *told], told_first)
        ordered = [*rankings[:1], result.hits, *rankings[1:]] if base != query else [result.hits, *rankings]
        if worded_hits is not None:  # right after the plain search's ranking
            ordered.insert(2 if base != query else 1, worded_hits)
        want = k or self.retriever.k
        if len(rankings) > 1:
            want += SCENARIO_EXTRA_PASSAGES  # a scenario needs the advice, the clause and the escalation rule
        hits = merge_rankings(ordered, want, key=lambda h: chunk_key(h.doc))
        have = {chunk_key(h.doc) for h in hits}  # the clauses written for what happened, whatever the round-robin left
        for h in always:
            if chunk_key(h.doc) not in have:
                hits.append(h)
                have.add(chunk_key(h.doc))
        # the clause written for the case, when missed
        hits += self._case_hits(base, [h.doc for h in hits], user, filters, embed, base != query)
        hits += self._pointed_hits(query, hits, user, filters, k)  # what the story's last question asks, when missed
        told, told_first = self._told_hits(query, hits, user, filters)  # what a story without a quarrel word says happened
        hits += told
        if len(rankings) > 1:  # the clauses after and before retrieved ones: what happens next, the rule enforced
            extra = scenario_neighbour_docs([h.doc for h in hits], lambda key: self.store.get_chunks([key]))
            hits += [Hit(doc=d, score=hits[-1].score) for d in extra]
        return RetrievalResult(hits=hits, best_dense=result.best_dense, best_keyword=result.best_keyword,
                               timings=result.timings, told_first=told_first)

    def _case_hits(self, query: str, present: Sequence[Any], user: User | None,
                   filters: Mapping[str, Any] | None, embed: Callable[[str], Sequence[float]],
                   english: bool = False) -> list[Hit]:
        """The policy clauses whose case ("…的，") is what the question says happened, searched over the whole
        store, that match it better than every clause of ``present`` (the searches' passages): at most
        ``CASE_KEEP``; [] when the question tells no case or policies are filtered out (``case_clauses``).
        ``embed``: the query vectors of this question's searches (what happened is the text of a scenario's
        situation search, already embedded). A Chinese story asking something else than what to do ("…80万元…需要单独开个
        会吗？", ``english`` False) gets the clauses whose case bound its count meets in a specific measure
        (``case_clauses.missing_clauses``'s ``counted_only``)."""
        happened = case_query(query)
        counted_only = not happened  # a Chinese story asking something else ("…80万元…需要单独开个会吗？"): its met count
        if counted_only:
            happened = "" if english else asked_case(query)
        if not happened or "policy" not in _wanted_doc_types(filters) or counted_only and not told_counts(happened):
            return []
        ranked = self._cases.search(happened, self.retriever.permits(user, filters), embed)
        return [Hit(doc=d, score=s) for d, s in missing_clauses(ranked, map(chunk_key, present), chunk_key, CASE_KEEP,
                                                                 happened, counted_only)]

    def _pointed_hits(self, query: str, present: Sequence[Hit], user: User | None,
                      filters: Mapping[str, Any] | None, k: int | None) -> list[Hit]:
        """The best ``POINTED_KEEP`` passages, not among ``present``, of a search on what the pointed question a
        story ends in asks ("…还能申诉吗？向谁申诉？" searched as "申诉", ``pointed.pointed_question``); [] for none."""
        pointed = pointed_question(query)
        if pointed is None:
            return []
        have = {chunk_key(h.doc) for h in present}
        found = self.retriever.search(" ".join(pointed.words), k=k, user=user, filters=filters, rerank=False).hits
        found = [h for h in found if chunk_key(h.doc) not in have]
        return pointed_hits(pointed, found, lambda h: h.doc.page_content)

    def _with_written(self, query: str, result: RetrievalResult, user: User | None,
                      filters: Mapping[str, Any] | None, k: int | None) -> RetrievalResult:
        """``result`` with the best ``CLAUSE_KEEP`` passages, not among its own, of a search on the clause the bundled
        model writes for a story (``story_clause``), last (``story_clause.written_last``); ``result`` itself for a short
        question (its words are the policy's often enough), without the ``local`` reranker, or when the model fails (a
        warning is logged: the story keeps its passages). Only a first turn's story: a follow-up's 结论 is the rules'
        (``likely_lead``)."""
        reranker = getattr(self.retriever, "reranker", None)
        if not isinstance(reranker, LocalModelReranker) or not result.hits or not is_story(query):
            return result
        try:
            clause = reranker.write_clause(query)
        except RerankerError as e:
            log.warning("story searched without the model's clause: %s", e)
            return result
        if not clause:
            return result
        have = {chunk_key(h.doc) for h in result.hits}
        found = self.retriever.search(clause_query(query, clause), k=len(have) + CLAUSE_KEEP, user=user, filters=filters,
                                      rerank=False).hits  # deep enough to hold CLAUSE_KEEP passages not yet retrieved
        written = [h for h in found if chunk_key(h.doc) not in have][:CLAUSE_KEEP]
        return replace(result, hits=written_last(result.hits, written)) if written else result

    def _told_hits(self, query: str, present: Sequence[Hit], user: User | None,
                   filters: Mapping[str, Any] | None) -> tuple[list[Hit], Document | None]:
        """The best ``TOLD_KEEP`` passages of a keyword search of what a story told without a quarrel word says
        happened (``told_search.told_query``) within the policies, those not among ``present``, scored as its last
        passage, and that search's first passage whether among ``present`` or not (``agreed_lead.agreed_passage``
        compares it with the passages' first); ([], None) for any other question or when policies are filtered out."""
        told = told_query(query)
        if not told or not present or TOLD_DOC_TYPE not in _wanted_doc_types(filters):
            return [], None
        flt = {**(filters or {}), "doc_type": [TOLD_DOC_TYPE]}
        found = self.retriever.search(told, user=user, filters=flt, use_dense=False, rerank=False).hits[:TOLD_KEEP]
        have = {chunk_key(h.doc) for h in present}
        return ([Hit(doc=h.doc, score=present[-1].score) for h in found if chunk_key(h.doc) not in have],
                found[0].doc if found else None)

    def _answer_query(self, standalone: str) -> str:
        """What the answer's sentences are matched against: the standalone question, plus its
        Chinese glossary terms when it is English."""
        if is_english(standalone):
            zh = translate_query(standalone, self._lexicon.get())
            return f"{zh} {standalone}" if zh else standalone
        return standalone

    def _judge(self, query: str, result: RetrievalResult, user: User | None = None,
               filters: Mapping[str, Any] | None = None) -> RefusalDecision:
        passages = [h.doc.page_content for h in result.hits[:EVIDENCE_PASSAGES]]
        titles = [str(h.doc.metadata.get("title", "")) for h in result.hits[:EVIDENCE_PASSAGES]]
        covered = self._synonyms().covered_wording(query, "".join(passages))  # 泄出去 covered by 泄露
        th = self.refusal_thresholds()
        decision = decide(evidence_for(query, result.best_dense, passages, titles[0] if titles else "", covered,
                                       titles), th)
        # an owned topic (预算, 服务器) that only sets a story's scene: the rest of the story, judged alone, decides
        return unless_setting(decision, query, lambda rest: self._judge(
            rest, self.retriever.search(rest, user=user, filters=filters), user, filters), th, passages)

    def _synonyms(self) -> Synonyms:
        """The knowledge base's synonyms file as it is now (``assistant/synonyms.py``)."""
        return current_synonyms(getattr(self.retriever, "synonyms", None))

    def _record_refusal(self, question: str, user: User | None, best_score: float | None) -> None:
        try:
            self.refusal_log.record(question, user.name if user else None, best_score)
        except Exception:  # noqa: BLE001 - a full disk must not turn a refusal into an error page
            log.exception("could not record the refused question in %s", self.refusal_log.path)


def _with(result: RetrievalResult, extra: Sequence[Hit], told_first: Document | None = None) -> RetrievalResult:
    """``result`` with the ``extra`` hits it does not hold yet appended and ``told_first`` (the told search's first
    passage, ``RetrievalResult.told_first``); refusal evidence unchanged."""
    if not extra and told_first is None:
        return result
    have = {chunk_key(h.doc) for h in result.hits}
    hits = [*result.hits, *(h for h in extra if chunk_key(h.doc) not in have)]
    return RetrievalResult(hits=hits, best_dense=result.best_dense, best_keyword=result.best_keyword,
                           timings=result.timings, told_first=told_first)


def _lexicon_of(store: Any, glossary: StoreGlossary | None) -> EnglishLexicon | None:
    """The English index of the store's vocabulary, saved with it (None for an empty store or without the
    dictionary)."""
    return lexicon_for(store, glossary.terms) if glossary is not None else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _latency(retrieval: float, generation: float, total: float, first_token: float) -> dict[str, float]:
    return {"retrieval": round(retrieval, 1), "generation": round(generation, 1), "total": round(total, 1),
            "first_token": round(first_token, 1)}
