"""Offline: can the bundled model pick, among the answer's own sentences, the one stating the asked fact?"""
import json, sys, re, glob, time, collections
sys.path.insert(0, "/work/main")
from evaluation.metrics import contains
from assistant import cpu_variant
lib = cpu_variant.llama_lib_dir(); v = cpu_variant.choose(lib, None, frozenset()); cpu_variant.load(v, lib)
from llama_cpp import Llama
m = Llama(model_path="/tmp/pytest-of-root/pytest-12/local-llm0/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", n_ctx=2048, n_threads=2, verbose=False)
ANS = {}
for f in glob.glob("/work/main/evals/*.jsonl"):
    for line in open(f):
        if line.strip():
            d = json.loads(line); ANS.setdefault(d["id"], d.get("answers") or [])
def has(items, text):
    return all(any(contains(text, o) for o in ([it] if isinstance(it, str) else it)) for it in items)
def sentences(answer):
    out = []
    for line in answer.splitlines():
        line = re.sub(r"^\s*(结论：|\d+\.\s*|建议步骤：|依据：|接着：)", "", line).strip()
        for s in re.split(r"(?<=[。！？])", line):
            s = re.sub(r"\s*\[\d+\]\s*", " ", s).strip()
            s = re.sub(r"^(现在先做：|依据：|仍解决不了时：|这是“[^”]+”问题。)", "", s).strip()
            if len(s) >= 6 and s not in out: out.append(s)
    return out[:8]
SYS = "你是公司制度问答助手。给你一个问题和几条候选句子，选出最直接回答问题的一句（给出问题所问的具体时限、负责人、数字、是否或做法）。只回答编号。"
tot = collections.Counter(); per = collections.defaultdict(collections.Counter)
out = open(sys.argv[2], "w")
t0 = time.time()
for s in sys.argv[1].split(","):
    for line in open(f"/tmp/suite/r22t/{s}/results.jsonl"):
        x = json.loads(line); items = ANS.get(x["id"]) or []
        if not items or x["refused"]: continue
        cands = sentences(x["answer"])
        if not cands: continue
        q = x["question"]
        prompt = "问题：" + q[:300] + "\n候选句子：\n" + "\n".join(f"{i}. {c[:140]}" for i, c in enumerate(cands, 1)) + "\n最直接回答问题的是第几句？只回答编号。"
        r = m.create_chat_completion(messages=[{"role": "system", "content": SYS}, {"role": "user", "content": prompt}], max_tokens=4, temperature=0.0)
        txt = r["choices"][0]["message"]["content"]; mm = re.search(r"\d+", txt)
        k = int(mm.group()) if mm else 1
        k = k if 1 <= k <= len(cands) else 1
        picked = cands[k - 1]
        fl = x["metrics"]["answer_in_first_line"]; lead = cands[0]
        row = {"set": s, "id": x["id"], "first": fl, "lead": has(items, lead), "picked": has(items, picked), "k": k,
               "any": x["metrics"]["answer_containment"], "n": len(cands)}
        out.write(json.dumps(row, ensure_ascii=False) + "\n"); out.flush()
        for key in ("all", s):
            c = per[key]; c["n"] += 1; c["first"] += fl; c["lead"] += row["lead"]; c["picked"] += row["picked"]; c["any"] += row["any"]
            c["up"] += row["picked"] and not fl; c["down"] += fl and not row["picked"]
    print(s, dict(per[s]), round(time.time() - t0), flush=True)
print("all", dict(per["all"]))
