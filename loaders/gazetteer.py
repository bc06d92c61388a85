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
from pydantic import BaseModel, ConfigDict, Field

from graph.model import Entity, EntityType

DATA_DIR = Path(__file__).parent / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer.yaml"


class GazetteerEntry(BaseModel):
    """One known entity and every way text names it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    descriptions: list[str] = Field(default_factory=list, description="role phrases naming this person")
    metonyms: list[str] = Field(default_factory=list, description="words that stand for this actor")
    demonyms: list[str] = Field(default_factory=list)
    role: str | None = None
    country: str | None = None
    wikidata: str | None = None
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    end_date: str | None = None
    place: str | None = None
    actions: list[str] = Field(
        default_factory=list,
        description='what an event is, as stance edges "source TYPE target" (an invasion: who attacks whom)',
    )

    def entity(self, aliases: list[str] | None = None) -> Entity:
        """The graph entity, with ``aliases`` as seen in a text (default: the known aliases)."""
        return Entity(
            id=self.id,
            type=self.type,
            name=self.name,
            aliases=sorted(set(self.aliases if aliases is None else aliases) - {self.name}),
            role=self.role,
            country=self.country,
            wikidata=self.wikidata,
            kind=self.kind,
            lat=self.lat,
            lon=self.lon,
            date=self.date,
            end_date=self.end_date,
            place=self.place,
        )


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

    def names(self) -> dict[str, list[str]]:
        """Surface form -> ids, for names and aliases (not descriptions or metonyms)."""
        forms: dict[str, list[str]] = {}
        for entry in self.entries.values():
            for form in {entry.name, *entry.aliases}:
                forms.setdefault(form, []).append(entry.id)
        return forms

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
