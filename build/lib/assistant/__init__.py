"""The assistant: retrieval, grounded advice with clause citations, follow-ups and refusal."""
