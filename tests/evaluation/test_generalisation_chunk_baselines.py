"""The generalisation bench compares the hybrid's passage hits with plain dense and BM25 over the same chunks.

Whole-document baselines judge a long document holding every clause as a "passage" hit; the chunk baselines rank
the product's own chunks, so their passage figures are comparable with the hybrid's."""

from pathlib import Path

from bench.generalisation_bench import ChunkIndex, Corpus, EmbedCache, Variant, chunk_baselines

CLAUSES = {
    "协作办法.md": ["第{}条 协作需求单提交后，服务部门应在{}个工作日内答复。", "第{}条 需求部门对答复有异议的，可向{}申请协调。"],
    "会议制度.md": ["第{}条 跨部门例会每{}召开一次，由运营部主持。", "第{}条 会议纪要应在会后{}内发出。"],
}
FILLERS = ["2", "总经理办公室", "两周", "一个工作日"]


def _write_corpus(root: Path) -> list[Path]:
    files, fill = [], iter(FILLERS)
    for name, clauses in CLAUSES.items():
        body = [f"# {name[:-3]}", ""]
        for n, clause in enumerate(clauses, 1):
            body += [f"## 第{n}部分", "", clause.format(n, next(fill)) + "本条说明适用范围与例外情形。" * 12, ""]
        path = root / name
        path.write_text("\n".join(body), encoding="utf-8")
        files.append(path)
    return files


def test_chunk_baselines_rank_chunks_not_whole_documents(tmp_path, embeddings):
    root = tmp_path / "kb"
    root.mkdir()
    rows = [{"id": "q1", "question": "会议纪要应在会后多久发出？", "evidence_any": ["会后一个工作日内发出"]}]
    corpus = Corpus("tiny", root, _write_corpus(root), rows).load()
    cache = EmbedCache(embeddings, tmp_path / "cache.npz")
    index = ChunkIndex(corpus, Variant(300, prefix=True, whole_factor=0), cache)
    assert len(index.chunks) > len(corpus.docs), "the documents were not split: the test proves nothing"
    qvecs = cache.encode([r["question"] for r in rows], query=True)

    ranked = chunk_baselines(index, rows, qvecs)

    assert set(ranked) == {"dense chunks, plain cosine", "bm25 char-bigram, chunks"}
    whole = {d.source: "\n".join(b.text for b in d.blocks) for d in corpus.docs}
    for method, rankings in ranked.items():
        (ranking,) = rankings
        source, text = ranking[0]
        assert source == "会议制度.md", method
        assert "会后一个工作日内发出" in text, method
        assert len(text) < len(whole[source]), f"{method} returned a whole document"
