"""The suite's one data file (``evaluation/suite_sets.toml``): corpora and named sets, validated."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SETS_FILE = REPO_ROOT / "evaluation" / "suite_sets.toml"
KEEP_KINDS = ("all", "first", "gold+random")
GROUPS = ("all", "tune", "held")


class SuiteError(ValueError):
    """A bad sets file or an unknown set name; the message says what to change."""


@dataclass(frozen=True)
class CorpusDef:
    """One corpus: a repository folder (``folder``) or a dataset reduced by ``keep``."""

    name: str
    folder: str | None = None
    dataset: str | None = None
    limit: int = 0
    questions: tuple[int, int] = (0, 0)
    keep: str = "all"
    positives: int = 0
    negatives: int = 0
    others: int = 0
    seed: int = 0

    @property
    def public(self) -> bool:
        return self.dataset is not None

    def stamp(self) -> dict:
        """What the generated corpus depends on (a changed definition rebuilds it)."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class SetDef:
    """One named question set: a slice of a questions file (by ids) or of a corpus's questions (by rows)."""

    name: str
    corpus: str
    label: str = ""
    file: str | None = None
    ids_file: str | None = None
    ids: tuple[str, ...] = ()
    rows: tuple[int, int] | None = None
    heldout: bool = False
    optional: bool = False


@dataclass
class Suite:
    corpora: dict[str, CorpusDef] = field(default_factory=dict)
    sets: dict[str, SetDef] = field(default_factory=dict)

    def select(self, names: list[str]) -> list[SetDef]:
        """The sets named (``all``, ``tune`` and ``held`` are groups), in the file's order, no repeats."""
        wanted: set[str] = set()
        for name in names or ["all"]:
            if name == "all":
                wanted |= set(self.sets)
            elif name == "tune":
                wanted |= {n for n, s in self.sets.items() if not s.heldout}
            elif name == "held":
                wanted |= {n for n, s in self.sets.items() if s.heldout}
            elif name in self.sets:
                wanted.add(name)
            else:
                raise SuiteError(f"unknown set {name!r} — known: {', '.join(list(self.sets) + list(GROUPS))}")
        return [s for n, s in self.sets.items() if n in wanted]


def _range(value: object, where: str) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value) and 0 <= value[0] < value[1]):
        raise SuiteError(f"{where}: expected [first, end) with 0 <= first < end, got {value!r}")
    return value[0], value[1]


def _corpus(name: str, raw: dict, where: str) -> CorpusDef:
    if ("folder" in raw) == ("dataset" in raw):
        raise SuiteError(f"{where}: give exactly one of folder = ... or dataset = ...")
    if "folder" in raw:
        return CorpusDef(name=name, folder=str(raw["folder"]))
    keep = raw.get("keep", "all")
    if keep not in KEEP_KINDS:
        raise SuiteError(f"{where}: keep = {keep!r}, expected one of {', '.join(KEEP_KINDS)}")
    corpus = CorpusDef(
        name=name, dataset=str(raw["dataset"]), limit=int(raw.get("limit", 0)),
        questions=_range(raw.get("questions"), f"{where}.questions"), keep=keep,
        positives=int(raw.get("positives", 0)), negatives=int(raw.get("negatives", 0)),
        others=int(raw.get("others", 0)), seed=int(raw.get("seed", 0)),
    )
    if corpus.limit and corpus.questions[1] > corpus.limit:
        raise SuiteError(f"{where}: questions end {corpus.questions[1]} is past limit {corpus.limit}")
    if keep == "first" and corpus.positives + corpus.negatives < 1:
        raise SuiteError(f"{where}: keep = \"first\" needs positives and/or negatives")
    return corpus


def _set(name: str, raw: dict, corpora: dict[str, CorpusDef], where: str) -> SetDef:
    corpus = corpora.get(raw.get("corpus", ""))
    if corpus is None:
        raise SuiteError(f"{where}: corpus = {raw.get('corpus')!r} is not one of {', '.join(corpora)}")
    rows = _range(raw["rows"], f"{where}.rows") if "rows" in raw else None
    s = SetDef(
        name=name, corpus=corpus.name, label=str(raw.get("label", "")), file=raw.get("file"),
        ids_file=raw.get("ids_file"), ids=tuple(raw.get("ids", ())), rows=rows,
        heldout=bool(raw.get("heldout", False)), optional=bool(raw.get("optional", False)),
    )
    if corpus.public:
        if s.file or s.ids_file or s.ids or rows is None:
            raise SuiteError(f"{where}: a set of public corpus {corpus.name} takes rows = [first, end) only")
        lo, hi = corpus.questions
        if rows[0] < lo or rows[1] > hi:
            raise SuiteError(f"{where}: rows {list(rows)} outside corpus {corpus.name}'s questions [{lo}, {hi})")
    else:
        if not s.file or rows is not None:
            raise SuiteError(f"{where}: a set of {corpus.name} takes file = ... (and ids_file or ids)")
        if s.ids_file and s.ids:
            raise SuiteError(f"{where}: give ids_file or ids, not both")
    return s


def load_suite(path: Path = DEFAULT_SETS_FILE) -> Suite:
    """Read and check the sets file; raises :class:`SuiteError` naming the table and the fault."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise SuiteError(f"{path}: {e}") from None
    suite = Suite()
    for name, raw in data.get("corpora", {}).items():
        suite.corpora[name] = _corpus(name, raw, f"{path.name} [corpora.{name}]")
    for name, raw in data.get("sets", {}).items():
        if name in GROUPS:
            raise SuiteError(f"{path.name} [sets.{name}]: {name!r} is reserved for a group of sets")
        suite.sets[name] = _set(name, raw, suite.corpora, f"{path.name} [sets.{name}]")
    if not suite.sets:
        raise SuiteError(f"{path}: no [sets.NAME] table")
    return suite
