"""POST /articles parses one article at a time (issue 12, item 3).

Parsing costs memory in proportion to the text (one 300,000-character sentence about 0.9 GB),
and a request's articles were parsed as one batch: 16 such articles in one allowed request
would have needed some 13 GB. The API runs here as ``peacegraph serve``; its peak resident
memory (``VmHWM``, reset through ``/proc/<pid>/clear_refs``) is compared between a request
of one long article and a request of eight: a measure of memory, not of time.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.test_write_limits import served_api

KEY = "memory-test-key"
WORDS = [
    "Putin", "told", "Zelensky", "that", "the", "plan", "of", "the", "United", "States", "and", "the",
    "European", "Union", "would", "stand", "while", "Ukraine", "and", "Russia", "talk", "in", "Geneva",
    "about", "the", "ceasefire", "line", "and", "the", "sanctions",
]  # fmt: skip


def _long_sentence(seed: int, words: int = 5000) -> str:
    """One sentence of ``words`` words (about 28,000 characters), different for each ``seed``."""
    return f"Report {seed}: " + " ".join(WORDS[(i * (seed + 1)) % len(WORDS)] for i in range(words)) + "."


def _status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def _peak_growth(pid: int, post: object) -> int:
    """Bytes the process's peak resident memory rose above its resident memory while ``post`` ran."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
    before = _status(pid, "VmRSS")
    post()  # type: ignore[operator]
    return _status(pid, "VmHWM") - before


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_a_request_of_many_long_articles_peaks_like_one(store: GraphStore, server_settings: Settings) -> None:
    env = {"PEACEGRAPH_API_KEY": KEY, "PEACEGRAPH_WRITE_RATE_LIMIT": "1000"}
    with served_api(server_settings, **env) as served, httpx.Client(timeout=600) as client:

        def post(*texts: str) -> None:
            body = {"articles": [{"text": text} for text in texts]}
            response = client.post(f"{served.url}/articles", json=body, headers={"X-API-Key": KEY})
            assert response.status_code == 201, response.text

        post("Rustem Umerov met Steve Witkoff in Miami to discuss the revised peace plan.")  # loads the model
        post(_long_sentence(100))  # and grows the parser's buffers once
        one = _peak_growth(served.pid, lambda: post(_long_sentence(0)))
        eight = _peak_growth(served.pid, lambda: post(*(_long_sentence(n) for n in range(1, 9))))
        print(f"peak growth: one article {one / 2**20:.0f} MiB, eight {eight / 2**20:.0f} MiB")
        assert eight < 3 * one + 50 * 2**20, f"eight long articles peaked {eight:,} bytes above rest, one {one:,}"
