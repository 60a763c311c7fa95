"""A knowledge base's synonyms file: the words its readers say for the words its documents write.

A manager asks "资料泄出去了能辞退吗" where the policy says "泄露" and "解除劳动合同"; no bundled model bridges such
office paraphrase (issue 9). Like Elasticsearch's or Solr's ``synonyms.txt``, the people who own a knowledge base
write them down once, in ``synonyms.txt`` at the root of the knowledge folder (``Settings.synonyms_path``; the
folder's sync never ingests that file), one rule a line::

    # a comment; blank lines are ignored
    泄露, 泄出去, 外泄           # equivalent words: a question saying any one is also searched with the others
    扛责任, 背锅 => 第一责任人   # one way: a question saying a left word is also searched with the right ones

Words are separated by ``,``, ``，`` or ``、``; a word may be a phrase. A question says a word when the word
occurs in it, case-insensitive, starting or ending on a jieba word boundary (Chinese has no spaces; "作数",
inside both words of "协作数据", is not said by it, nor "假期" by "病假期间"; "留几年" is by "得留几年"). ``Synonyms`` is one parsed file; ``SynonymSource`` re-reads it when it changes, so an
edit takes effect on the next question without a restart. A malformed line raises ``SynonymsError`` naming the
file and the line; a missing or empty file is an empty table, which changes nothing.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

ONE_WAY = "=>"
_SEPARATOR = re.compile(r"[,，、]")
_COMMENT = re.compile(r"\s#.*$|^#.*$")


class SynonymsError(ValueError):
    """A malformed line of a synonyms file; the message names the file and the line."""


@dataclass(frozen=True)
class Rule:
    """One line: a question saying one of ``words`` is also searched with ``targets`` (``line``: 1-based)."""

    words: tuple[str, ...]
    targets: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Synonyms:
    """A parsed synonyms file: each word -> the words it is also searched with, in file order."""

    rules: tuple[Rule, ...] = ()
    _targets: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[str, list[str]] = {}
        for rule in self.rules:
            for word in rule.words:
                found = table.setdefault(word.lower(), [])
                found += [t for t in rule.targets if t.lower() != word.lower() and t not in found]
        object.__setattr__(self, "_targets", {w: tuple(ts) for w, ts in table.items()})

    def __bool__(self) -> bool:
        return bool(self._targets)

    def said(self, text: str) -> list[str]:
        """The table's words ``text`` says (longest first; a word inside a longer one said is left out)."""
        low = text.lower()
        candidates = [w for w in self._targets if w in low]
        if not candidates:
            return []
        bounds = _boundaries(text)
        found = sorted((w for w in candidates if _on_boundaries(low, w, bounds)), key=lambda w: (-len(w), w))
        out: list[str] = []
        for word in found:
            if not any(word in longer for longer in out):
                out.append(word)
        return out

    def expansions(self, text: str) -> list[str]:
        """The words ``text`` is also searched with: the targets of the words it says, without the ones it
        already says, without repeats."""
        low = text.lower()
        out: list[str] = []
        for word in self.said(text):
            out += [t for t in self._targets[word] if t.lower() not in low and t not in out]
        return out

    def expand(self, text: str) -> str:
        """``text`` followed by its ``expansions`` (``text`` itself when there are none)."""
        extra = self.expansions(text)
        return f"{text} {' '.join(extra)}" if extra else text

    def rewrite(self, text: str) -> str:
        """``text`` with each word it says replaced by its first target ("内部SLA从哪一天开始执行" -> "从哪一天开始执行"
        -> "从哪一天施行"): the question in the documents' words, for a search of its own."""
        for word in self.said(text):
            text = re.sub(re.escape(word), self._targets[word][0], text, flags=re.IGNORECASE) if self._targets[word] \
                else text
        return text

    def covered_wording(self, text: str, haystack: str) -> str:
        """``text`` with each word it says that ``haystack`` lacks replaced by its first target ``haystack``
        holds ("泄出去" -> "泄露" when the passages say 泄露): what the refusal's term coverage reads, so a
        word the passages say in the documents' own words counts as covered."""
        low_hay = haystack.lower()
        for word in self.said(text):
            if word in low_hay:
                continue
            target = next((t for t in self._targets[word] if t.lower() in low_hay), None)
            if target is not None:
                text = re.sub(re.escape(word), target, text, flags=re.IGNORECASE)
        return text


EMPTY = Synonyms()


def _boundaries(text: str) -> frozenset[int]:
    """The offsets where jieba's words of ``text`` start or end."""
    import jieba

    jieba.setLogLevel(60)
    return frozenset(x for _, start, end in jieba.tokenize(text) for x in (start, end))


def _on_boundaries(low: str, word: str, bounds: frozenset[int]) -> bool:
    """Whether ``word`` occurs in ``low`` starting or ending on a word boundary (not cut out of the middle of
    two words)."""
    start = low.find(word)
    while start >= 0:
        if start in bounds or start + len(word) in bounds:
            return True
        start = low.find(word, start + 1)
    return False


def parse_line(line: str, path: Path | str, number: int) -> Rule | None:
    """The rule of one line (None for a blank or comment line); raises ``SynonymsError`` naming
    ``path:number`` when the line is malformed."""
    text = _COMMENT.sub("", line).strip()
    if not text:
        return None

    def fail(why: str) -> SynonymsError:
        return SynonymsError(f"{path}:{number}: {why}: {line.strip()!r} — write \"a, b, c\" (equivalent words) "
                             f"or \"a, b => c\" (a and b are also searched as c)")

    sides = text.split(ONE_WAY)
    if len(sides) > 2:
        raise fail(f"more than one '{ONE_WAY}'")
    groups = []
    for side in sides:
        words = [w.strip() for w in _SEPARATOR.split(side)]
        if any(not w for w in words):
            raise fail("an empty word (two separators in a row, or one at an end)")
        groups.append(tuple(dict.fromkeys(words)))
    if len(groups) == 2:
        return Rule(groups[0], groups[1], number)
    if len(groups[0]) < 2:
        raise fail("a single word has nothing to be equivalent to")
    return Rule(groups[0], groups[0], number)


def parse(text: str, path: Path | str = "<synonyms>") -> Synonyms:
    """Parse the text of a synonyms file (``path`` names it in errors)."""
    rules = [rule for number, line in enumerate(text.splitlines(), start=1)
             if (rule := parse_line(line, path, number)) is not None]
    return Synonyms(tuple(rules))


def load(path: Path) -> Synonyms:
    """The synonyms file at ``path``; ``EMPTY`` when there is none. Raises ``SynonymsError`` for a malformed
    line or a file that is not UTF-8 text."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return EMPTY
    except UnicodeDecodeError as e:
        raise SynonymsError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}) — save it as UTF-8") from None
    return parse(text, path)


class SynonymSource:
    """The synonyms file at ``path``, re-read when it changes (size or modification time).

    The first read raises ``SynonymsError`` for a malformed file (so a service fails at start with the file and
    line); a later edit that breaks the file is logged and the last good table kept until it is fixed.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None | bool = False  # False: never read
        self._table: Synonyms = EMPTY

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def current(self) -> Synonyms:
        """The table of the file as it is now."""
        stamp = self._stamp()
        if stamp == self._seen:
            return self._table
        with self._lock:
            if stamp != self._seen:
                first = self._seen is False
                try:
                    self._table = load(self.path) if stamp is not None else EMPTY
                except SynonymsError:
                    if first:
                        raise
                    log.exception("synonyms file changed and is malformed; keeping the previous rules")
                self._seen = stamp
        return self._table


def current_synonyms(source: SynonymSource | None) -> Synonyms:
    """``source``'s table, or ``EMPTY`` for no source."""
    return source.current() if source is not None else EMPTY


__all__ = ["EMPTY", "ONE_WAY", "Rule", "SynonymSource", "Synonyms", "SynonymsError", "current_synonyms", "load",
           "parse", "parse_line"]
