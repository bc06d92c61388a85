"""/docs (Swagger UI) and /redoc in a real headless Chromium that cannot reach anything but this machine.

Chromium resolves no host name but 127.0.0.1 (``--host-resolver-rules``), and every request
the pages make is recorded: the pages must draw every operation from this server alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.test_browser import CHROMIUM_ARGS, VIEWPORT, Console, launched, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OFFLINE_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="module")
def offline_browser() -> Iterator[Browser]:
    with launched(OFFLINE_ARGS) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def base_url(store: GraphStore, server_settings: Settings) -> Iterator[str]:
    with serve(create_app(server_settings)) as url:
        yield url


class Requests:
    """Every URL the page asked for, and why those that failed did."""

    def __init__(self, page: Page) -> None:
        self.urls: list[str] = []
        self.failed: dict[str, str | None] = {}
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("requestfailed", lambda request: self.failed.update({request.url: request.failure}))

    def elsewhere(self) -> list[str]:
        """The URLs asked for that are not on this machine (blob: and data: URLs are the page's own)."""
        return [url for url in self.urls if urlsplit(url.removeprefix("blob:")).hostname != "127.0.0.1"
                and not url.startswith("data:")]  # fmt: skip


@pytest.fixture
def page(offline_browser: Browser) -> Iterator[Page]:
    context = offline_browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    opened = context.new_page()
    yield opened
    context.close()


def _operation_ids(page: Page, base_url: str) -> list[tuple[str, str]]:
    schema = page.request.get(base_url + "/openapi.json").json()
    return [(operation["tags"][0], operation["operationId"])
            for item in schema["paths"].values() for operation in item.values()]  # fmt: skip


def test_swagger_ui_draws_every_operation_offline(page: Page, base_url: str) -> None:
    console = Console(page)
    requests = Requests(page)
    operations = _operation_ids(page, base_url)
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() == len(operations)
    for tag, operation_id in operations:
        assert page.locator(f"#operations-{tag}-{operation_id}").count() == 1, operation_id
    assert page.locator(".information-container .title").inner_text().startswith("peacegraph")
    # The API key scheme gives the Authorize button; its dialog names the header.
    page.click("button.authorize")
    page.wait_for_selector(".auth-container", timeout=10_000)
    assert "X-API-Key" in page.locator(".auth-container").first.inner_text()
    assert requests.elsewhere() == []
    assert any("/static/vendor/swagger-ui-dist/" in url for url in requests.urls)
    assert console.errors == []


def test_redoc_draws_every_operation_offline(page: Page, base_url: str) -> None:
    console = Console(page)
    requests = Requests(page)
    operations = _operation_ids(page, base_url)
    page.goto(base_url + "/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", timeout=30_000)
    for _, operation_id in operations:
        assert page.locator(f"[data-section-id='operation/{operation_id}']").count() == 1, operation_id
    assert page.locator("[data-section-id='tag/actors']").count() == 1
    # ReDoc's sidebar always asks for the Redocly logo: the page's policy refuses it in the browser.
    assert requests.elsewhere() == ["https://cdn.redoc.ly/redoc/logo-mini.svg"]
    assert requests.failed == {"https://cdn.redoc.ly/redoc/logo-mini.svg": "csp"}
    assert any("/static/vendor/redoc/" in url for url in requests.urls)
    assert [error for error in console.errors if "cdn.redoc.ly/redoc/logo-mini.svg" not in error] == []
