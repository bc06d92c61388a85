"""GET /docs and /redoc: the OpenAPI document drawn by Swagger UI and ReDoc, from the npm packages served
under /static/vendor/ (no CDN: the pages work with no network)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse

from peacegraph.api.deps import SettingsDep
from peacegraph.api.routes.page import vendor_dir

SWAGGER = "/static/vendor/swagger-ui-dist"
REDOC = "/static/vendor/redoc"
OPENAPI_URL = "/openapi.json"
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
TITLE = "peacegraph API"

# The pages may load only from this server: the browser refuses anything else (ReDoc's sidebar
# draws a logo from cdn.redoc.ly that no option turns off; it is refused, and the link text stays).
# Inline scripts: Swagger UI's start-up call; inline styles: both libraries'; blob: workers: ReDoc's search.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'self'"
)

router = APIRouter(include_in_schema=False)


def _local_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return page


def _missing(package: str) -> HTMLResponse:
    """A page saying what to install, instead of a blank page whose script is not there."""
    return HTMLResponse(
        f"<!doctype html><title>{TITLE}</title><p>The npm package <code>{package}</code> is not installed: "
        f"run <code>npm ci</code> in the source tree (or set PEACEGRAPH_NODE_MODULES). "
        f'The OpenAPI document itself is at <a href="{OPENAPI_URL}">{OPENAPI_URL}</a>.</p>',
        status_code=503,
    )


@router.get("/docs")
def swagger_ui(settings: SettingsDep) -> HTMLResponse:
    """Swagger UI: try the operations (Authorize takes the X-API-Key of write endpoints)."""
    if vendor_dir(settings, "swagger-ui-dist") is None:
        return _missing("swagger-ui-dist")
    return _local_only(
        get_swagger_ui_html(
            openapi_url=OPENAPI_URL,
            title=f"{TITLE} - Swagger UI",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
            oauth2_redirect_url=OAUTH2_REDIRECT_URL,
            # No badge asking validator.swagger.io about the document: nothing leaves this server.
            swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},
        )
    )


@router.get(OAUTH2_REDIRECT_URL)
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(settings: SettingsDep) -> HTMLResponse:
    """ReDoc: the same document as a three-column reference."""
    if vendor_dir(settings, "redoc") is None:
        return _missing("redoc")
    return _local_only(
        get_redoc_html(
            openapi_url=OPENAPI_URL,
            title=f"{TITLE} - ReDoc",
            redoc_js_url=f"{REDOC}/redoc.standalone.js",
            redoc_favicon_url=f"{SWAGGER}/favicon-32x32.png",
            with_google_fonts=False,
        )
    )
