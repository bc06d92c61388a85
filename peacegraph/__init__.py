"""peacegraph: news about the Russia-Ukraine peace talks as a knowledge graph, from Python.

    import peacegraph

    pg = peacegraph.connect()  # the embedded server of ./data (started if needed), or a Neo4j URI
    pg.matrix("plan:us-28-point-plan")  # actors x points: how many stances, a pandas DataFrame
    pg.stances("person:vladimir-putin")  # every stance with its evidence sentence, article and date
    pg.timeline(actor="country:russia")  # dated events and stances, in date order
    pg.positions("plan:us-28-point-plan", 7)  # who supports, rejects, demands ... point 7
    pg.to_networkx()  # the whole graph as a networkx MultiDiGraph
    pg.ingest(["seeds/"])  # read, extract and store articles (files, folders, URLs, feeds)

``connect`` and ``PeaceGraph`` live in ``peacegraph.client``; they are imported when first used, so
``import peacegraph`` stays light (the command line imports this package too). An unknown id raises
``NotFoundError``; every error peacegraph raises on purpose is a ``PeacegraphError``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peacegraph.client import PeaceGraph, connect
    from peacegraph.graph.errors import NotFoundError, PeacegraphError

__all__ = ["NotFoundError", "PeaceGraph", "PeacegraphError", "connect"]


def __getattr__(name: str) -> Any:
    if name in ("NotFoundError", "PeacegraphError"):
        from peacegraph.graph import errors

        return getattr(errors, name)
    if name in __all__:
        from peacegraph import client

        return getattr(client, name)
    raise AttributeError(f"module 'peacegraph' has no attribute {name!r}")
