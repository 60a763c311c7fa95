"""Ingestion: load, chunk, embed and keep the Chroma store in step with a folder."""
