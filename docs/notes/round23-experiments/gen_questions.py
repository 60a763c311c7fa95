import time, sys, json
from assistant import cpu_variant
lib = cpu_variant.llama_lib_dir()
v = cpu_variant.choose(lib, None, frozenset()); cpu_variant.load(v, lib)
from llama_cpp import Llama
m = Llama(model_path="/tmp/pytest-of-root/pytest-12/local-llm0/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", n_ctx=2048, n_threads=2, verbose=False)
rows = json.load(open("/tmp/d2q/chunks.json"))
SYS = "把公司文件里的一段话改写成部门经理平时会问的大白话问题，写4个，每行一个。经理不熟悉文件里的术语，会用口语，讲自己碰到的具体情况；问题要能由这段话回答。"
EX_IN = "《差旅费用报销办法》第九条 出差人员应在返回后10个工作日内提交报销单，逾期超过30日未提交的，财务部不予受理。"
EX_OUT = "出差回来多少天之内得把票交上去报账？\n我的发票放了一个多月才想起来交，财务还给报吗？\n出差的钱回来以后找哪个部门报？\n同事出差回来一直拖着不报销，会怎么样？"
out = open(sys.argv[1], "a")
done = set()
try:
    done = {json.loads(l)["id"] for l in open(sys.argv[1])}
except Exception: pass
t0=time.time()
for i, r in enumerate(rows):
    if r["id"] in done: continue
    meta = r["meta"]; head = "《%s》" % meta.get("title","")
    if meta.get("clause"): head += meta["clause"] + " "
    text = head + r["text"]
    res = m.create_chat_completion(messages=[{"role":"system","content":SYS},{"role":"user","content":EX_IN},{"role":"assistant","content":EX_OUT},{"role":"user","content":text[:600]}], max_tokens=160, temperature=0.0, repeat_penalty=1.15)
    qs = [q.strip(" -0123456789.、") for q in res["choices"][0]["message"]["content"].splitlines() if q.strip()]
    out.write(json.dumps({"id": r["id"], "hash": meta["chunk_hash"], "questions": qs}, ensure_ascii=False)+"\n"); out.flush()
    if i % 20 == 0: print(i, round(time.time()-t0), flush=True)
