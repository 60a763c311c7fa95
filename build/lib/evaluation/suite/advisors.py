"""The extractive advisor over each named suite set's store, for tools that learn from the sets' questions."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from evaluation.dataset import EvalQuestion

if TYPE_CHECKING:
    from assistant.advisor import Advisor


def set_advisors(names: list[str], work: Path, out_folder: str,
                 echo: Callable[[str], None]) -> Iterator[tuple[str, "Advisor", list[EvalQuestion]]]:
    """Per suite set of ``names`` (``evaluation/suite_sets.toml``): its name, the extractive advisor over its corpus's
    store (corpus prepared and store synced under ``work`` as ``python -m evaluation.suite`` does; refusals logged
    under ``work/out_folder/<set>``) and its questions."""
    from evaluation.corpus import ingest_corpus
    from evaluation.dataset import load_questions
    from evaluation.pipeline import load_advisor
    from evaluation.suite.definitions import load_suite
    from evaluation.suite.runner import SuiteOptions, prepare_corpus
    from evaluation.suite.sets import set_lines, write_set
    from ingest.settings import load_settings

    suite = load_suite()
    options = SuiteOptions(work=work, out=work / out_folder, progress=False)
    for s in suite.select(names):
        prepared = prepare_corpus(suite.corpora[s.corpus], options, echo)
        path = write_set(set_lines(s, options.repo_root, prepared.questions), work / "sets" / f"{s.name}.jsonl")
        main_settings = load_settings()
        settings, _ = ingest_corpus(main_settings, prepared.folder, prepared.store, False)
        out_dir = options.out / s.name
        out_dir.mkdir(parents=True, exist_ok=True)
        advisor, _ = load_advisor(settings, main_settings, "extractive", out_dir)
        yield s.name, advisor, load_questions(path)


def add_set_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every learning tool over suite sets takes: the set names and the suite's work folder."""
    parser.add_argument("sets", nargs="+", help="suite set names to learn from (evaluation/suite_sets.toml)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/advisor-suite"), help="the suite's work folder")
