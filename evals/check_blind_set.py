"""Check a blind scenario set: python evals/check_blind_set.py [--root FOLDER] evals/blind_scenarios4.jsonl

Every line valid JSON with exactly the expected fields (plus, optionally, a `history` of one user
and one assistant turn for a follow-up); every `evidence_any` and `answers`
string verbatim in the first `expected_sources` file, each answer inside a clause (policy
**第X条** paragraph, a line opening with 第X条, a numbered "一、" section, or a "问：" entry of a
question-and-answer guide) or section (heading) that holds one of the evidence strings;
answers 2-10 characters and not quoted in the question. Prints a count per first source.
Sources are paths under ``knowledge/``, or under ``--root`` for a set asked against another corpus
(``evals/corpora/``).
"""
import collections, json, re, sys
from pathlib import Path

FIELDS = {"id", "question", "expected_sources", "evidence_any", "answers",
          "answer_keywords", "reference_answer", "split", "tags"}
OPTIONAL = {"history", "expected_verdict", "should_refuse"}
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
CLAUSE_LINE = re.compile(r"(\*\*)?(第[一二三四五六七八九十百零〇]+[条章]|[一二三四五六七八九十]+、|问[：:])")


def units(text):
    """Split a document into clauses (policies) or heading sections (guidance)."""
    out, cur = [], []
    for line in text.splitlines():
        if line.startswith("#") or CLAUSE_LINE.match(line):
            out.append("\n".join(cur)); cur = []
        cur.append(line)
    out.append("\n".join(cur))
    return out


def check(path, root=KNOWLEDGE):
    errors, ids, per_source = [], set(), collections.Counter()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {n}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            errors.append(f"{where}: invalid JSON ({exc})"); continue
        where = f"line {n} {row.get('id')}"
        if not FIELDS <= set(row) <= FIELDS | OPTIONAL:
            errors.append(f"{where}: fields {sorted((set(row) - OPTIONAL) ^ FIELDS)}")
            continue
        if "history" in row and [t.get("role") for t in row["history"]] != ["user", "assistant"]:
            errors.append(f"{where}: history is one user and one assistant turn")
        if row["id"] in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(row["id"])
        if row.get("should_refuse"):  # asked of nothing the corpus holds: no evidence, answers or keywords
            continue
        if not (1 <= len(row["evidence_any"]) <= 2 and 1 <= len(row["answers"]) <= 2
                and 3 <= len(row["answer_keywords"]) <= 5):
            errors.append(f"{where}: list sizes")
        src = Path(root) / row["expected_sources"][0]
        for other in row["expected_sources"]:
            if not (Path(root) / other).is_file():
                errors.append(f"{where}: no file {other}")
        if not src.is_file():
            continue
        per_source[row["expected_sources"][0]] += 1
        doc = src.read_text(encoding="utf-8")
        for ev in row["evidence_any"]:
            if ev not in doc:
                errors.append(f"{where}: evidence not verbatim: {ev}")
        home = [u for u in units(doc) if any(ev in u for ev in row["evidence_any"])]
        for ans in row["answers"]:
            if not 2 <= len(ans) <= 10:
                errors.append(f"{where}: answer length {len(ans)}: {ans}")
            if not any(ans in u for u in home):
                errors.append(f"{where}: answer not in the evidence clause/section: {ans}")
            if ans in row["question"]:
                errors.append(f"{where}: question quotes its answer: {ans}")
        if not re.search(r"《[^》]+》", row["reference_answer"]):
            errors.append(f"{where}: reference answer cites no document title")
    return errors, per_source


if __name__ == "__main__":
    args = sys.argv[1:]
    root = KNOWLEDGE
    if args[:1] == ["--root"]:
        root, args = Path(args[1]), args[2:]
    errs, counts = check(args[0] if args else "evals/blind_scenarios4.jsonl", root)
    for source, count in sorted(counts.items()):
        print(f"{count:3d}  {source}")
    print("\n".join(errs) or "OK")
    sys.exit(1 if errs else 0)
