"""The base of every typed record: immutable, and a misspelt key fails loudly."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Base for every model: immutable, and a misspelt key fails loudly."""

    model_config = ConfigDict(frozen=True, extra="forbid")
