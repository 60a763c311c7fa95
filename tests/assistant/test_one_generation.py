"""A question reads the store's generation once: its searches and caches see the store state it began with.

The shipped knowledge base in a real Chroma store and the bundled embedding model; the manifest's ``generation`` is
wrapped only to count its reads (``tests/ingest/test_store_one_generation.py``: what the block keeps while a writer commits).
"""

from __future__ import annotations


def _counting(manifest) -> list[int]:
    """Wrap ``manifest.generation`` so that each database read is counted (returned list: one item per read)."""
    reads: list[int] = []
    read = manifest.generation

    def counted() -> int:
        reads.append(1)
        return read()

    manifest.generation = counted
    return reads


def test_a_question_reads_the_generation_once_not_once_per_search(advisor):
    reads = _counting(advisor.store.manifest)
    try:
        for question in ("协作需求单多久内要响应？", "我们部门和财务部吵起来了，报销单据谁来审核，我该怎么办？",
                         "The vendor bill is late and finance refuses to pay. Who has to approve it?"):
            reads.clear()
            answer = advisor.ask(question)
            assert answer.contexts and not answer.refused, question
            assert len(reads) == 1, (question, len(reads))  # the block's read, nothing per search
    finally:
        del advisor.store.manifest.generation  # the instance attribute: the class's method again
