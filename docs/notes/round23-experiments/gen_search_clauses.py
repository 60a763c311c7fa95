import time, sys, json, glob
from assistant import cpu_variant
lib = cpu_variant.llama_lib_dir()
v = cpu_variant.choose(lib, None, frozenset()); cpu_variant.load(v, lib)
from llama_cpp import Llama
m = Llama(model_path="/tmp/pytest-of-root/pytest-12/local-llm0/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", n_ctx=2048, n_threads=2, verbose=False)
SYS = "经理用大白话问了一个问题。写出公司制度里能回答这个问题的条款原文：一到两句，书面语，用制度文件的说法，写明适用情形和规定（期限、负责部门、处理方式）。只写条款，不要解释。"
EX_IN = "我上个月出差回来，发票在包里放了一个多月才想起来交，财务说不给报了，这钱真就没了吗？"
EX_OUT = "出差人员应在返回后10个工作日内提交报销单；逾期超过30日未提交的，财务部不予受理。"
sets = sys.argv[2].split(",")
out = open(sys.argv[1], "a")
t0 = time.time(); n = 0
for s in sets:
    for line in open(f"/tmp/suite/r22t/{s}/results.jsonl"):
        row = json.loads(line)
        q = row["question"]
        res = m.create_chat_completion(messages=[{"role":"system","content":SYS},{"role":"user","content":EX_IN},{"role":"assistant","content":EX_OUT},{"role":"user","content":q}], max_tokens=100, temperature=0.0, repeat_penalty=1.1)
        out.write(json.dumps({"set": s, "id": row["id"], "q": q, "hyp": res["choices"][0]["message"]["content"]}, ensure_ascii=False) + "\n"); out.flush()
        n += 1
        if n % 20 == 0: print(n, round(time.time() - t0), flush=True)
