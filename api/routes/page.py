"""GET / and /graph: the graph page, its static files and the npm libraries it (and /docs, /redoc) draws with."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from peacegraph.graph.settings import Settings

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
SOURCE_ROOT = Path(__file__).resolve().parents[2]

# npm package -> the folder of it served under /static/vendor/<package>/ (installed by `npm ci`):
# the graph page's drawing library, and the API documentation pages' (Swagger UI at /docs, ReDoc at /redoc).
VENDOR_PACKAGES = {"cytoscape": "dist", "swagger-ui-dist": ".", "redoc": "bundles"}

router = APIRouter(tags=["page"])


@router.get("/", include_in_schema=False)
@router.get("/graph", include_in_schema=False)
def graph_page() -> FileResponse:
    """The graph page (HTML; its script talks to this API)."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


def node_modules_dir(settings: Settings) -> Path:
    """Where ``npm ci`` put the page's libraries: the setting, else the source tree's, else ./node_modules."""
    if settings.node_modules is not None:
        return settings.node_modules
    beside_source = SOURCE_ROOT / "node_modules"
    return beside_source if beside_source.is_dir() else Path.cwd() / "node_modules"


def vendor_dir(settings: Settings, package: str) -> Path | None:
    """The installed folder of ``package`` that /static/vendor/<package>/ serves, or None if it is missing."""
    directory = node_modules_dir(settings) / package / VENDOR_PACKAGES[package]
    return directory if directory.is_dir() else None


def mount_static(app: FastAPI, settings: Settings) -> None:
    """Serve api/static/ under /static and each installed npm library under /static/vendor/<name>/.

    A library that is not installed is not mounted, so its URL answers 404 and the page
    says that the library is missing instead of the server failing.
    """
    for package in VENDOR_PACKAGES:
        directory = vendor_dir(settings, package)
        if directory is not None:
            app.mount(f"/static/vendor/{package}", StaticFiles(directory=directory), name=f"vendor-{package}")
        else:
            log.warning("%s not found in %s: run `npm ci`; the page that uses it cannot draw without it",
                        package, node_modules_dir(settings))  # fmt: skip
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
