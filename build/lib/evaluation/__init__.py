"""``advisor eval``: batch question answering with retrieval, answer, grounding and latency metrics."""
