"""The base of every rules.yaml model: unknown keys are mistakes, loaded config never changes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
