"""Grounded answer composition: prompt a chat model (or extract), stream, then check the answer.

``make_composer(settings, backend)`` is the one factory. ``AnswerComposer.stream`` yields text
pieces as they arrive and then exactly one ``Composed``, whose ``text`` is authoritative (citations
may have been repaired, or the answer replaced by the extractive fallback, after pieces were
streamed). Model failures never raise: a timeout (first token or whole answer), an exception or an
empty reply switches to the extractive answer and says so in ``warnings`` and in one visible line.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from langchain_core.messages import BaseMessage

from assistant.extractive import compose_extractive
from assistant.lead_ranker import SentenceVectors
from assistant.evidence import select_evidence, steps_evidence
from assistant.grounding import check_citations, cited_markers, enforce_grounding, first_line, unsupported_numbers
from assistant.llm import DEFAULT_MAX_TOKENS, EXTRACTIVE, LOCAL, ChatBackend, make_backend, resolve_backend
from assistant.model_process import ModelUnavailable
from assistant.model_steps import drop_repeats, is_scenario_answer, keep_facts, keep_support, skeleton_evidence
from assistant.language import is_english
from assistant.prompts import MAX_PASSAGES, build_messages, system_prompt
from assistant.types import Context, EvidenceItem
from ingest.settings import Settings

log = logging.getLogger(__name__)

_SPECIAL_TOKENS = ("<|im_end|>", "<|im_start|>", "<|endoftext|>", "</s>")


@dataclass
class Composed:
    """The final answer of one composition."""

    text: str  # answer with [n] markers (n = 1-based index into the contexts given)
    llm: str  # backend that actually answered: "local", "openai:<model>", "extractive"
    cited: list[int] = field(default_factory=list)  # [n] that survived the citation check, in order of first use
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # generation_ms, first_token_ms, model_first_token_ms


class GenerationFailed(Exception):
    """The chat model failed; ``notice`` is the user-facing reason (Chinese)."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:80]}" if text else type(exc).__name__


def _clean(text: str) -> str:
    """Strip chat-template tokens and tidy the headers the small model likes to write."""
    for token in _SPECIAL_TOKENS:
        text = text.replace(token, "")
    text = re.sub(r"(?m)^\s*(?:编号步骤|建议步骤|步骤)\s*[：:]\s*", "建议步骤：\n", text)  # "步骤： [2] 先…" too
    text = re.sub(r"(?m)^\s*((?:\[\d{1,3}\])+)\s*(\S.*)$", r"\2 \1", text)  # "[2] 句子" -> "句子 [2]"
    # the model likes to copy the evidence label ("1. 《标题》第八条：…"): the [n] already says where from
    text = re.sub(r"(?m)^(\s*(?:\d{1,2}[.、)）]\s*)?)《[^》\n]{1,40}》(?:第[^：:\n]{1,12}[条章款节])?\s*[：:]\s*", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_CONCLUSION_WORDS = ("结论", "Conclusion")
_CONCLUSION_HEAD = re.compile(rf"^\s*(?:\*\*)?\s*(?:{'|'.join(_CONCLUSION_WORDS)})")


def may_repeat_conclusion(head: str) -> bool:
    """``head`` (the model's first characters) starts, or may still start, with a 结论 / Conclusion label."""
    text = head.lstrip()
    text = text[2:].lstrip() if text.startswith("**") else text
    if text in ("", "*"):
        return True
    low = text.lower()
    return any(word.lower().startswith(low) or low.startswith(word.lower()) for word in _CONCLUSION_WORDS)


def drop_repeated_conclusion(pieces: Iterator[str]) -> Iterator[str]:
    """The model's stream without a first line that repeats the (already shown) conclusion.

    Buffers only while the first characters may be a 结论 label, and a repeated 结论 until its line break: a
    first step ("1. …") streams from its first piece instead of after its whole line.
    """
    head = ""
    for piece in pieces:
        if head is None:
            yield piece
            continue
        head += piece
        if not may_repeat_conclusion(head):
            yield head
            head = None  # type: ignore[assignment]
            continue
        if "\n" not in head and len(head) < 400:
            continue
        line, _, rest = head.partition("\n")
        kept = rest if _CONCLUSION_HEAD.match(line) else head
        head = None  # type: ignore[assignment]
        if kept.strip():
            yield kept.lstrip("\n") if kept is rest else kept
    if head and not _CONCLUSION_HEAD.match(head):
        yield head


class AnswerComposer:
    """Composes grounded answers with one backend, falling back to extractive answers on failure."""

    def __init__(
        self,
        name: str,
        backend_factory: Callable[[], ChatBackend] | None = None,
        *,
        timeout: float = 60.0,
        first_token_timeout: float | None = None,
        max_passages: int = MAX_PASSAGES,
        extract_conclusion: bool = True,
    ) -> None:
        self.name = name
        self.extract_conclusion = extract_conclusion
        self.timeout = timeout
        self.first_token_timeout = first_token_timeout if first_token_timeout is not None else timeout
        self.max_passages = max_passages
        self._factory = backend_factory
        self._backend: ChatBackend | None = None
        self._backend_lock = threading.Lock()

    # -- public API -------------------------------------------------------------------------

    def stream(self, question: str, contexts: Sequence[Context], evidence: Sequence[EvidenceItem] | None = None,
               query: str | None = None, said: str = "",
               related: Mapping[str, Sequence[str]] | None = None,
               agreed: int | None = None, vectors: SentenceVectors | None = None,
               told: str | None = None) -> Iterator[str | Composed]:
        """Yield answer text pieces as they come, then exactly one ``Composed``.

        ``question`` is what the user asked (shown to the model, decides the answer type and
        language); ``query`` is the internal standalone/translated question used to pick sentences
        (default ``question``; ``related``: its words -> the documents' words, for yes/no verdicts; ``agreed``: the
        passage a calm story's two searches both ranked first, ``agreed_lead``; ``vectors``: the store's embedding model,
        for the learned lead ranker, ``lead_ranker``; ``told``: the Chinese terms of what an English story tells,
        ``english_answer.story_terms``). The query
        is never put into the answer. The model sees only ``evidence`` (default: ``select_evidence(question,
        contexts, query=query)``); when the 结论 is extracted, the 结论 plus ``steps_evidence`` (the next best
        sentences it does not quote).
        """
        start = time.perf_counter()
        if self.name == EXTRACTIVE or self._factory is None or not contexts:
            text = compose_extractive(question, contexts, query=query, said=said, related=related,
                                      agreed=agreed, vectors=vectors, told=told)
            first_ms = (time.perf_counter() - start) * 1000
            yield text
            yield self._finish(text, EXTRACTIVE, list(contexts), [], start, first_ms, question, query)
            return

        shown = list(contexts)
        pieces: list[str] = []
        first_ms: float | None = None
        model_first_ms: float | None = None
        notice: str | None = None
        extracted = compose_extractive(question, contexts, query=query, said=said, related=related,
                                      agreed=agreed, vectors=vectors, told=told)
        conclusion = self.conclusion(extracted)
        if conclusion:
            # the extracted 结论 is shown at once; the model writes the steps after it
            first_ms = (time.perf_counter() - start) * 1000
            yield conclusion + "\n"
        try:
            stream = self._generate(self.model_messages(question, shown, conclusion, evidence, query, extracted))
            for piece in drop_repeated_conclusion(stream) if conclusion else stream:
                if model_first_ms is None:
                    model_first_ms = (time.perf_counter() - start) * 1000
                    first_ms = first_ms if first_ms is not None else model_first_ms
                pieces.append(piece)
                yield piece
            if not _clean("".join(pieces)):
                raise GenerationFailed(f"{self._label()}没有生成内容")
        except GenerationFailed as exc:
            notice = exc.notice
        except Exception as exc:  # noqa: BLE001 - any backend failure must become a fallback, never a trace
            log.warning("%s failed", self.name, exc_info=True)
            notice = f"{self._label()}出错（{_short(exc)}）"

        if notice is None:
            final = self.settle("".join(pieces), question, shown, extracted, conclusion, start, first_ms, query)
            if model_first_ms is not None:
                final.timings["model_first_token_ms"] = round(model_first_ms, 1)
            yield final
            return

        warning = f"{notice}，已改用摘录式回答"
        visible = (
            f"(Note: the language model was unavailable, so this answer quotes the material directly. {notice})"
            if is_english(question)
            else f"（提示：{warning}。）"
        )
        final = self._finish(extracted, EXTRACTIVE, list(contexts), [warning], start, first_ms, question, query)
        final.text = f"{final.text}\n{visible}"  # the notice is ours: kept out of the citation and number checks
        yield ("\n\n" if pieces or conclusion else "") + final.text
        yield final

    def settle(self, text: str, question: str, shown: list[Context], extracted: str, conclusion: str | None,
               start: float, first_ms: float | None, query: str | None = None) -> Composed:
        """The checked answer from the model's whole ``text``: after an extracted ``conclusion`` its steps
        without repeats, with every extractive step whose facts the model dropped put back (``keep_facts``,
        for every answer shape), then the citation and grounding checks, then a refill of facts the checks
        removed; the extractive steps when no model step is left."""
        raw = _clean(text)
        if conclusion:
            steps = drop_repeats(raw, conclusion, question)
            if steps:  # every fact of the extractive steps stays, restored (quoted) where the model dropped it
                scenario = is_scenario_answer(extracted)
                steps = keep_facts(steps if scenario else keep_support(steps, extracted), extracted,
                                   english=is_english(question))
            raw = f"{conclusion}\n{steps}"
        final = self._finish(raw, self.name, shown, [], start, first_ms, question, query,
                             trusted_first_line=bool(conclusion))
        if conclusion and final.text.strip():
            final = self._refill(final, extracted, shown, start, first_ms, question, query)
        if conclusion and len([ln for ln in final.text.splitlines() if ln.strip()]) < 2:
            # every step the model wrote was unsupported or a repeat: the extractive steps take their place
            warnings = [*final.warnings, f"{self._label()}没有给出资料支持的新步骤，已改用资料原文"]
            final = self._finish(extracted, self.name, shown, warnings, start, first_ms, question, query,
                                 trusted_first_line=True)
        return final

    def _refill(self, final: Composed, extracted: str, shown: list[Context], start: float, first_ms: float | None,
                question: str, query: str | None) -> Composed:
        """``final`` with the extractive steps whose facts the grounding check removed from the model's steps
        (a model step kept a fact but also said something unsupported) put back, quoted; checked again."""
        head, _, steps = final.text.partition("\n")
        if not steps.strip():
            return final
        kept = keep_facts(steps, extracted, english=is_english(question))
        if kept == steps:
            return final
        again = self._finish(f"{head}\n{kept}", final.llm, shown, final.warnings, start, first_ms, question, query,
                             trusted_first_line=True)
        again.warnings = list(dict.fromkeys(again.warnings))
        return again

    def conclusion(self, extracted: str) -> str | None:
        """The 结论 line shown before the model runs (the extractive answer's first line), or None
        when the model writes its own (``ADVISOR_LLM_CONCLUSION=model``)."""
        return first_line(extracted) if self.extract_conclusion else None

    def model_messages(self, question: str, contexts: Sequence[Context], conclusion: str | None = None,
                       evidence: Sequence[EvidenceItem] | None = None, query: str | None = None,
                       extracted: str | None = None) -> list[BaseMessage]:
        """What the model is sent: after an extracted ``conclusion`` the steps prompt with the sentences
        the 结论 does not already quote (``steps_evidence``), or, when ``extracted`` is a scenario answer,
        its steps (``skeleton_evidence``: the model rephrases and connects them); otherwise the
        whole-answer prompt with ``evidence`` (default ``select_evidence``)."""
        if conclusion:
            skeleton = skeleton_evidence(extracted, list(contexts)) if extracted and is_scenario_answer(extracted) else []
            evidence = skeleton or steps_evidence(question, contexts, conclusion, query=query)
        elif evidence is None:
            evidence = select_evidence(question, contexts, query=query)
        return build_messages(question, contexts, self.max_passages, evidence=evidence, conclusion=conclusion)

    def compose(self, question: str, contexts: Sequence[Context], query: str | None = None) -> Composed:
        """Non-streaming convenience: the final ``Composed`` of ``stream``."""
        final: Composed | None = None
        for item in self.stream(question, contexts, query=query):
            if isinstance(item, Composed):
                final = item
        assert final is not None
        return final

    def warm_up(self) -> None:
        """Prepare the backend now (for ``local``: join the weights, start the model process and
        evaluate the system prompt once so its KV cache is reused) instead of on the first question."""
        self._get_backend().warm_up(system_prompt("跨部门协作", steps_only=self.extract_conclusion))

    @property
    def backend(self) -> ChatBackend | None:
        """The model backend once built (``None`` for extractive or before first use)."""
        return self._backend

    # -- internals --------------------------------------------------------------------------

    def _label(self) -> str:
        return "本地模型" if self.name == LOCAL else f"模型 {self.name} "

    def _get_backend(self) -> ChatBackend:
        with self._backend_lock:
            if self._backend is None:
                assert self._factory is not None
                self._backend = self._factory()
            return self._backend

    def _report_failure(self, error: BaseException | None) -> None:
        """Tell the backend (in the background: a health probe may take a moment)."""
        backend = self._backend
        if backend is not None:
            threading.Thread(target=backend.report_failure, args=(error,), name="advisor-llm-report", daemon=True).start()

    def _generate(self, messages: list[BaseMessage]) -> Iterator[str]:
        """Run the model's stream in a worker thread and enforce the first-token and total deadlines."""
        events: queue.Queue[tuple[str, object]] = queue.Queue()
        cancel = threading.Event()

        def work() -> None:
            try:
                model = self._get_backend().model()
                with contextlib.closing(model.stream(messages)) as chunks:
                    for chunk in chunks:
                        if cancel.is_set():
                            break
                        text = chunk.text if isinstance(chunk.text, str) else chunk.text()
                        if text:
                            events.put(("token", text))
                events.put(("end", None))
            except BaseException as exc:  # noqa: BLE001 - forwarded to the consumer
                events.put(("error", exc))

        started = time.monotonic()
        threading.Thread(target=work, name=f"advisor-llm-{self.name}", daemon=True).start()
        got_first = False
        try:
            while True:
                deadline = started + (self.timeout if got_first else min(self.first_token_timeout, self.timeout))
                remaining = deadline - time.monotonic()
                try:
                    if remaining <= 0:
                        raise queue.Empty
                    kind, value = events.get(timeout=remaining)
                except queue.Empty:
                    limit = self.timeout if got_first else min(self.first_token_timeout, self.timeout)
                    self._report_failure(None)
                    raise GenerationFailed(f"{self._label()}超时（{limit:g} 秒）") from None
                if kind == "token":
                    got_first = True
                    yield str(value)
                elif kind == "end":
                    return
                else:
                    exc = value if isinstance(value, BaseException) else RuntimeError(str(value))
                    log.warning("%s failed: %s", self.name, _short(exc))
                    if isinstance(exc, ModelUnavailable):
                        raise GenerationFailed(f"{self._label()}暂不可用（{exc}）")
                    self._report_failure(exc)
                    if got_first:
                        raise GenerationFailed(f"{self._label()}在回答中途中断（{_short(exc)}）")
                    raise GenerationFailed(f"{self._label()}调用失败（{_short(exc)}）")
        finally:
            cancel.set()

    def _finish(
        self,
        raw: str,
        llm: str,
        contexts: list[Context],
        warnings: list[str],
        start: float,
        first_ms: float | None,
        question: str = "",
        query: str | None = None,
        trusted_first_line: bool = False,
    ) -> Composed:
        check = check_citations(raw, contexts)
        warnings = list(warnings)
        if check.repaired:
            bad = "、".join(f"[{n}]" for n in check.repaired)
            warnings.append(f"回答中的引用 {bad} 不对应任何资料，已修正或删除")
        if check.dropped:
            warnings.append(f"回答中有 {len(check.dropped)} 个步骤在资料中找不到依据，已删除")
        model_first_line = llm != EXTRACTIVE and not trusted_first_line
        text, notes = enforce_grounding(question, check.text, contexts, query, model=model_first_line)
        warnings.extend(notes)
        check.text, check.cited = text, cited_markers(text)
        missing = unsupported_numbers(check.text, contexts)
        if missing:
            warnings.append(f"以下数字未在资料中找到：{'、'.join(missing)}")
        total_ms = (time.perf_counter() - start) * 1000
        return Composed(
            text=check.text,
            llm=llm,
            cited=check.cited,
            warnings=warnings,
            timings={"generation_ms": round(total_ms, 1), "first_token_ms": round(first_ms if first_ms is not None else total_ms, 1)},
        )


def make_composer(settings: Settings, backend: str | None = None, max_tokens: int = DEFAULT_MAX_TOKENS) -> AnswerComposer:
    """The one factory: ``backend`` or ``settings.llm``, else ``local`` when installed, else ``extractive``.

    Raises ``assistant.llm.BackendError`` for a backend that is unknown or not installed.
    """
    name = resolve_backend(settings, backend)
    factory = None if name == EXTRACTIVE else (lambda: make_backend(settings, name, max_tokens=max_tokens))
    return AnswerComposer(name, factory, timeout=settings.llm_timeout,
                          extract_conclusion=settings.llm_conclusion == "extract")


__all__ = ["AnswerComposer", "Composed", "make_composer", "resolve_backend"]
