"""Public corpora: run the dataset's own ``to_eval.py``, then keep the passages the definition names.

Nothing is written into the repository: ``to_eval.py`` writes into ``WORK/corpora/NAME.raw`` and the
reduced corpus goes to ``WORK/corpora/NAME/corpus`` with to_eval's ``questions.jsonl`` beside it
(unchanged, so the question rows are the dataset's). ``suite_corpus.json`` records what the corpus was
built from; a corpus whose record matches is reused.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from evaluation.suite.definitions import CorpusDef, SuiteError

STAMP = "suite_corpus.json"
TO_EVAL = "to_eval.py"
RGB_FILE = "zh_refine.json"  # the RGB rows (positive / negative passages) that keep = "first" reads


def corpus_dir(work: Path, name: str) -> Path:
    return Path(work) / "corpora" / name


def first_passages(rows: list[dict], names: dict[str, str], span: tuple[int, int], positives: int, negatives: int) -> list[str]:
    """Per question row in ``span``: its first ``positives`` positive and first ``negatives`` negative passages.

    ``rows`` are the dataset's rows (``positive`` / ``negative`` lists of passage texts), ``names``
    maps a passage text to the file to_eval.py wrote it to. Returns file names without repeats, in
    order of first use.
    """
    keep: dict[str, None] = {}
    for r in rows[span[0]:span[1]]:
        for text in list(r["positive"][:positives]) + list(r["negative"][:negatives]):
            if text not in names:
                raise SuiteError("a passage of the dataset is not in to_eval.py's corpus — is to_eval.py from the same dataset?")
            keep.setdefault(names[text], None)
    return list(keep)


def gold_plus_random(questions: list[dict], all_names: list[str], span: tuple[int, int], others: int, seed: int) -> list[str]:
    """The gold passages (``expected_sources``) of question rows in ``span`` + ``others`` other passages.

    The others are ``random.Random(seed).sample(sorted(rest), others)``; the result is sorted.
    """
    gold = {src for q in questions[span[0]:span[1]] for src in q.get("expected_sources", [])}
    rest = sorted(set(all_names) - gold)
    if others > len(rest):
        raise SuiteError(f"{others} other passages asked, only {len(rest)} there")
    return sorted(gold | set(random.Random(seed).sample(rest, others)))


def _texts_by_name(folder: Path) -> dict[str, str]:
    """Passage text -> file name of a to_eval corpus folder (bytes decoded as written, no newline translation)."""
    return {p.read_bytes().decode("utf-8"): p.name for p in sorted(folder.iterdir()) if p.is_file()}


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def select(c: CorpusDef, raw: Path, dataset_dir: Path) -> list[str]:
    """File names of ``raw/corpus`` that make corpus ``c``."""
    names = sorted(p.name for p in (raw / "corpus").iterdir() if p.is_file())
    if c.keep == "all":
        return names
    questions = _read_jsonl(raw / "questions.jsonl")
    if c.questions[1] > len(questions):
        raise SuiteError(f"corpus {c.name}: to_eval.py wrote {len(questions)} questions, rows up to {c.questions[1]} needed")
    if c.keep == "gold+random":
        return gold_plus_random(questions, names, c.questions, c.others, c.seed)
    rows_file = dataset_dir / RGB_FILE
    if not rows_file.is_file():
        raise SuiteError(f"corpus {c.name}: keep = \"first\" reads {rows_file}, not found")
    rows = _read_jsonl(rows_file)
    return first_passages(rows, _texts_by_name(raw / "corpus"), c.questions, c.positives, c.negatives)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _record(c: CorpusDef, dataset_dir: Path) -> dict:
    return {"definition": c.stamp(), "to_eval_sha256": _sha(dataset_dir / TO_EVAL)}


def build_corpus(c: CorpusDef, datasets: Path, work: Path, echo: Callable[[str], None] = print) -> Path:
    """Make (or reuse) ``WORK/corpora/NAME`` with ``corpus/`` and ``questions.jsonl``; returns that folder."""
    dataset_dir = Path(datasets) / str(c.dataset)
    script = dataset_dir / TO_EVAL
    if not script.is_file():
        raise SuiteError(f"corpus {c.name}: {script} not found — pass --datasets DIR (the folder holding {c.dataset}/)")
    dest = corpus_dir(work, c.name)
    stamp = dest / STAMP
    record = _record(c, dataset_dir)
    if stamp.is_file():
        old = json.loads(stamp.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in record} == record:
            echo(f"corpus {c.name}: reused ({old.get('passages')} passages, {dest})")
            return dest
    raw = dest.with_name(c.name + ".raw")
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(dest, ignore_errors=True)
    cmd = [sys.executable, str(script), str(raw)] + (["--limit", str(c.limit)] if c.limit else [])
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SuiteError(f"corpus {c.name}: {' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    keep = select(c, raw, dataset_dir)
    (dest / "corpus").mkdir(parents=True)
    for name in keep:
        shutil.copyfile(raw / "corpus" / name, dest / "corpus" / name)
    shutil.copyfile(raw / "questions.jsonl", dest / "questions.jsonl")
    shutil.rmtree(raw)
    stamp.write_text(json.dumps({**record, "passages": len(keep), "command": cmd[1:]}, ensure_ascii=False, indent=2), encoding="utf-8")
    echo(f"corpus {c.name}: {len(keep)} passages ({done.stdout.strip()}; kept {c.keep}) -> {dest}")
    return dest
