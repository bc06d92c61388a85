"""The relation model: per relation type, a logistic regression over the features of ``peacegraph.loaders.pairs``.

The weights are plain JSON (``loaders/data/relation_model.json``, written by ``peacegraph train`` from
the development corpus, see ``peacegraph.loaders.training``), so scoring needs no machine-learning library: a sum
of the weights of a pair's features, through the logistic function. A pair gets every type whose score
passes that type's threshold and whose target is of a kind the type allows.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from peacegraph.graph.errors import PeacegraphError
from peacegraph.graph.model import STANCE_TARGETS, StanceType
from peacegraph.loaders.pairs import Candidate

MODEL_FILE = Path(__file__).parent / "data" / "relation_model.json"


class TypeWeights(BaseModel):
    """One relation type's classifier."""

    model_config = ConfigDict(extra="forbid")

    bias: float
    threshold: float = Field(ge=0.0, le=1.0)
    weights: dict[str, float]


class RelationModel(BaseModel):
    """Weights of every relation type, with what they were trained on."""

    model_config = ConfigDict(extra="forbid")

    trained_on: list[str] = Field(description="the article files the weights were fitted to")
    types: dict[StanceType, TypeWeights]

    _index: dict[str, list[tuple[StanceType, float]]] | None = PrivateAttr(default=None)

    def score(self, candidate: Candidate) -> list[tuple[StanceType, float]]:
        """The types ``candidate`` is read as, with their probability, most probable first."""
        totals = {t: m.bias for t, m in self.types.items() if candidate.target_type in STANCE_TARGETS[t]}
        if not totals:
            return []
        index = self._weights_by_feature()
        for name, value in candidate.features.items():
            for rel_type, weight in index.get(name, ()):
                if rel_type in totals:
                    totals[rel_type] += weight * value
        found = []
        for rel_type, total in totals.items():
            probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
            if probability >= self.types[rel_type].threshold:
                found.append((rel_type, probability))
        return sorted(found, key=lambda pair: -pair[1])

    def _weights_by_feature(self) -> dict[str, list[tuple[StanceType, float]]]:
        """Feature -> the types that weigh it, with the weight (built once: a pair has a few dozen features,
        the model thousands of weights)."""
        if self._index is None:
            index: dict[str, list[tuple[StanceType, float]]] = {}
            for rel_type, model in self.types.items():
                for name, weight in model.weights.items():
                    index.setdefault(name, []).append((rel_type, weight))
            self._index = index
        return self._index

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(self.model_dump(mode="json"), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_model(path: Path) -> RelationModel:
    try:
        return RelationModel.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PeacegraphError(f"cannot read the relation model {path}: {error}") from error


@lru_cache(maxsize=1)
def default_model() -> RelationModel | None:
    """The bundled model; None when it has not been trained yet (then the rules alone extract)."""
    return load_model(MODEL_FILE) if MODEL_FILE.exists() else None
