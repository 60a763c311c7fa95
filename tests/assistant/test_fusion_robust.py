"""Dense-led fusion: a keyword list misled by many same-topic passages does not push out the passage dense
retrieval ranks first, and an exact keyword match still keeps its place near the top (issue 9, branch h9f)."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.documents import Document

from assistant.fusion import keep_within, weighted_rrf
from assistant.retrieval import HybridRetriever, fuse_candidates

from store_builders import retriever_of, synced_store

# News-like corpus: one report answers the question in other words; eight reports on the same product repeat the
# question's words (星海科技 / 新款手机) without answering it, so BM25 ranks them all above the answer.
ANSWER = "星海的新一代旗舰机定于三月二十日上市，首批货品当天在线上商城开卖。"
SAME_TOPIC = [
    "星海科技新款手机发布会今天举行，星海科技展示了新款手机的外观设计和配色。",
    "星海科技新款手机的摄像头升级为五千万像素，星海科技称新款手机夜景拍摄更清晰。",
    "星海科技新款手机电池容量为五千毫安时，星海科技新款手机支持快速充电。",
    "业内人士评价星海科技新款手机性价比较高，星海科技新款手机的屏幕素质出色。",
    "星海科技新款手机采用自研芯片，星海科技表示新款手机的性能提升三成。",
    "星海科技新款手机有三种颜色，星海科技新款手机的包装也更加环保。",
    "星海科技新款手机的售后服务网点覆盖全国，星海科技承诺新款手机一年内免费维修。",
    "星海科技新款手机预装新版系统，星海科技新款手机的系统更新将持续三年。",
]
UNRELATED = ["城市地铁四号线将于年底通车，沿线设站十二座。", "今年小麦播种面积稳定，农业部门加强田间管理指导。"]
OLD_FUSION = {"dense_rrf_k": 60, "keyword_rrf_k": 60, "list_top_within": 0}  # equal RRF constants, no list-top rule


@pytest.fixture(scope="module")
def news_retriever(tmp_path_factory, make_settings, embeddings) -> HybridRetriever:
    root = tmp_path_factory.mktemp("news-kb")
    texts = {"news/answer.txt": ANSWER, **{f"news/topic{i}.txt": t for i, t in enumerate(SAME_TOPIC)},
             **{f"news/other{i}.txt": t for i, t in enumerate(UNRELATED)}}
    settings = make_settings(tmp_path_factory.mktemp("news-data"), knowledge_dir=root)
    store = synced_store(settings, embeddings, root, {name: text + "\n" for name, text in texts.items()})
    return retriever_of(settings, store, embeddings)


def _sources(retriever: HybridRetriever, question: str, **search: object) -> list[str]:
    return [h.doc.metadata["source"] for h in retriever.search(question, k=8, **search).hits]


def test_misleading_keyword_list_does_not_push_out_the_dense_answer(news_retriever: HybridRetriever):
    question = "星海科技新款手机什么时候开始发售？"
    dense = _sources(news_retriever, question, use_keyword=False)
    keyword = _sources(news_retriever, question, use_dense=False)
    assert dense[0] == "news/answer.txt"  # the model reads the paraphrase right
    assert "news/answer.txt" not in keyword[:5]  # BM25 is misled by the repeated words
    old = _sources(news_retriever.model_copy(update=OLD_FUSION), question)
    assert old.index("news/answer.txt") >= 3, old  # equal-weight RRF: every same-topic passage found by both wins
    now = _sources(news_retriever, question)
    assert now.index("news/answer.txt") < 3, now
    assert now.index("news/answer.txt") < old.index("news/answer.txt")


def test_question_worded_like_the_answer_still_ranks_it_first(news_retriever: HybridRetriever):
    hits = news_retriever.search("星海新手机哪天上市？", k=5).hits
    assert hits[0].doc.metadata["source"] == "news/answer.txt"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] <= 1.0


def _doc(i: int, text: str | None = None) -> Document:
    return Document(page_content=text or f"第{i}段 与问题相关的一般性说明文字，编号{i}。", id=f"d{i}",
                    metadata={"source": f"doc{i}.md", "version_key": f"v{i}", "chunk_index": 0})


def test_exact_keyword_match_keeps_a_top_3_place_when_dense_ranks_it_last():
    exact = _doc(99, "表单编号XS-2291的用印申请由法务部在两个工作日内审核。")
    dense = [(_doc(i), 0.9 - i * 0.001) for i in range(12)] + [(exact, 0.8)]
    keyword = [(exact, 12.0)] + [(_doc(i), 3.0 - i * 0.1) for i in range(8, 12)]
    ranked = [h.doc.id for h in fuse_candidates(dense, keyword)]
    assert ranked.index("d99") < 3, ranked
    assert ranked.index("d0") < 3, ranked  # and so does dense's first passage
    without = [h.doc.id for h in fuse_candidates(dense, keyword, list_top_within=0)]
    assert without.index("d99") >= 3, without  # the dense-led constants alone would push the exact match down
    hits = fuse_candidates(dense, keyword)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_weighted_rrf_per_list_constants_and_keep_within():
    # a sharper constant for the first list lets its rank 1 beat an item ranked 2nd by both lists
    sharp = weighted_rrf([["a", "b"], ["c", "b"]], [1.0, 1.0], k=[1, 60])
    assert sharp[0][0] == "a"
    flat = weighted_rrf([["a", "b"], ["c", "b"]], [1.0, 1.0], k=60)
    assert flat[0][0] == "b"
    with pytest.raises(ValueError, match="constants"):
        weighted_rrf([["a"], ["b"]], [1.0, 1.0], k=[20])
    items = list("abcdefg")
    assert keep_within(items, str, ["f"], 3) == list("abfcdeg")
    assert keep_within(items, str, ["b", "g"], 3) == list("abgcdef")  # b already in the head stays in it
    assert keep_within(items, str, ["f", "g"], 3) == list("afgbcde")
    assert keep_within(items, str, ["a", "zz"], 3) == items
    assert keep_within(items, str, ["g"], 0) == items
