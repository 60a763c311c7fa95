"""Multiple-choice lead: the bundled model reads the question and the numbered candidates and 'answers' a number;
its next-token distribution over the digits ranks the candidates."""
import os, sys, time
sys.path.insert(0, os.getcwd())
import numpy as np

def load_llama():
    from assistant import cpu_variant
    lib = cpu_variant.llama_lib_dir()
    v = cpu_variant.choose(lib, None, frozenset())
    cpu_variant.load(v, lib)
    import llama_cpp
    return llama_cpp.Llama(model_path="data/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
                           n_ctx=4096, n_threads=2, n_batch=512, verbose=False, logits_all=False)

PROMPT = ("<|im_start|>system\n你是企业制度助手。<|im_end|>\n<|im_start|>user\n问题：{q}\n\n候选句子：\n{c}\n\n"
          "哪一个候选句子直接回答了问题？只回答编号。<|im_end|>\n<|im_start|>assistant\n")

def mc_scores(llm, q, cands, chars=120):
    c = "\n".join(f"{i+1}. {t[:chars]}" for i, t in enumerate(cands))
    toks = llm.tokenize(PROMPT.format(q=q, c=c).encode(), add_bos=False, special=True)
    llm.reset()
    llm.eval(toks)
    logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)).astype(np.float64)
    ids = [llm.tokenize(str(i+1).encode(), add_bos=False, special=False)[0] for i in range(len(cands))]
    z = logits[ids]
    return (z - z.max()).tolist(), len(toks)

if __name__ == "__main__":
    llm = load_llama()
    tests = [("我八月中旬才调来接手这个部门，第三季度的协作绩效也算我头上吗？",
              ["以上节奏仅为建议，可以根据本企业的实际情况调整。", "第三季度：在部门绩效评价中试行协作维度。",
               "第二十一条 部门负责人任职不满一个季度的，当季协作绩效不单独考核，按部门得分记录；新设部门自成立后的第二个季度起纳入考核。",
               "第五条 协作绩效在部门负责人年度KPI中的权重为20%，在其他经理级管理人员年度KPI中的权重为10%，年度协作绩效得分取四个季度得分的平均值。",
               "第二十条 人力资源部应在每季度结束后的第一个月15日前发布上季度协作绩效考核结果，并以书面形式反馈各部门负责人。"]),
             ("我们和财务部的争议要上协调委员会了，可财务部负责人本身就是委员。他在会上能投票吗？另外，开会要到多少委员才算数？",
              ["第十四条 跨部门协调委员会由7名委员组成：总经理任主任，分管运营的副总裁任副主任，委员包括总经理办公室主任以及法务部、人力资源部、财务部和运营部的负责人。",
               "第十五条 协调委员会原则上每月召开一次例行会议，遇紧急事项可由主任随时召集；委员会秘书处设在法务部，负责受理三级升级、准备会议材料和跟踪裁决执行。",
               "第十六条 协调委员会会议须有三分之二以上委员出席方为有效，裁决须经出席委员过半数同意；委员本人所在部门为争议当事方的，该委员应当回避。",
               "第十七条 协调委员会可要求争议各方陈述意见、提供材料，必要时可邀请外部专家或相关部门人员列席，列席人员不参与表决。"])]
    for q, c in tests:
        t = time.time(); s, n = mc_scores(llm, q, c); print(n, "tokens", f"{time.time()-t:.1f}s", [round(x, 2) for x in s])
