"""The gazetteer: known actors, places and events of the conflict, with their surface forms.

Data lives in ``loaders/data/gazetteer.yaml``; each entry names an entity
(id, type, canonical name, aliases, Wikidata id, role/country, kind/country,
coordinates, event dates) and the other ways text refers to it: role
descriptions ("the Russian president"), metonyms ("the Kremlin" speaking for
Russia) and demonyms ("Russian").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import Field

from peacegraph.graph.model import Entity

DATA_DIR = Path(__file__).parent / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer.yaml"


class GazetteerEntry(Entity):
    """One known entity (the graph entity's fields) and every other way text names it."""

    descriptions: list[str] = Field(default_factory=list, description="role phrases naming this person")
    metonyms: list[str] = Field(default_factory=list, description="words that stand for this actor")
    demonyms: list[str] = Field(default_factory=list)
    actions: list[str] = Field(
        default_factory=list,
        description='what an event is, as stance edges "source TYPE target" (an invasion: who attacks whom)',
    )

    def entity(self, aliases: list[str] | None = None) -> Entity:
        """The graph entity, with ``aliases`` as seen in a text (default: the known aliases)."""
        fields = self.model_dump(include=set(Entity.model_fields), exclude={"aliases"})
        return Entity(**fields, aliases=sorted(set(self.aliases if aliases is None else aliases) - {self.name}))


class Gazetteer:
    """Entries by id, and lookups from surface form to entry."""

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        for entry in entries:
            if entry.id in self.entries:
                raise ValueError(f"duplicate gazetteer id {entry.id}")
            self.entries[entry.id] = entry

    @classmethod
    def load(cls, path: Path = GAZETTEER_FILE) -> Gazetteer:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls([GazetteerEntry.model_validate(item) for item in data.get("entities", [])])

    def get(self, entity_id: str) -> GazetteerEntry | None:
        return self.entries.get(entity_id)

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
