"""Slow or idle connections cannot pile up (issue 12, item 7): a deadline for each request's head and a cap.

uvicorn has no deadline for a request's headers: 300 clients trickling theirs a byte at a
time were all held. ``peacegraph serve`` now closes a connection whose head has not all
arrived within ``PEACEGRAPH_API_HEADER_TIMEOUT`` and answers 503 above
``PEACEGRAPH_API_MAX_CONNECTIONS`` open connections. Both are checked on the real server:
a trickling socket is closed by the server (it cannot end any other way within the bound),
and a request made while the cap is full is refused.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx

from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.test_write_limits import served_api

BOUND = 120  # seconds before a wait counts as a hang
HEAD = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


def _open(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=BOUND)


def _trickle_until_closed(sock: socket.socket, closed: list[bool]) -> None:
    """Send the head a byte at a time, never finishing it, until the server closes the connection."""
    sock.sendall(HEAD)
    for _ in range(int(BOUND / 0.2)):
        try:
            sock.sendall(b"x")
            sock.settimeout(0.2)
            if sock.recv(1024) == b"":
                break
        except TimeoutError:
            continue
        except OSError:  # reset by the server
            break
    else:
        return
    closed.append(True)


def test_trickling_heads_are_cut_and_the_api_answers_afterwards(store: GraphStore, server_settings: Settings) -> None:
    env = {"PEACEGRAPH_API_HEADER_TIMEOUT": "1", "PEACEGRAPH_API_MAX_CONNECTIONS": "50"}
    with served_api(server_settings, **env) as served:
        url = served.url
        closed: list[bool] = []
        sockets = [_open(url) for _ in range(30)]
        threads = [threading.Thread(target=_trickle_until_closed, args=(s, closed)) for s in sockets]
        for thread in threads:
            thread.start()
        during = httpx.get(f"{url}/health", timeout=BOUND)  # 30 open: below the cap
        for thread in threads:
            thread.join(timeout=BOUND + 10)
        for sock in sockets:
            sock.close()
        assert during.status_code == 200
        assert len(closed) == 30, f"only {len(closed)} of 30 trickling connections were closed by the server"
        assert httpx.get(f"{url}/health", timeout=BOUND).status_code == 200
        with httpx.Client(timeout=BOUND) as client:  # keep-alive: a second request on one connection still works
            assert [client.get(f"{url}/health").status_code for _ in range(3)] == [200, 200, 200]


def test_above_the_connection_cap_requests_are_refused_until_connections_go(
    store: GraphStore, server_settings: Settings
) -> None:
    env = {"PEACEGRAPH_API_HEADER_TIMEOUT": "600", "PEACEGRAPH_API_MAX_CONNECTIONS": "5"}
    with served_api(server_settings, **env) as served:
        url = served.url
        idle = [_open(url) for _ in range(5)]
        refused = httpx.get(f"{url}/health", timeout=BOUND)
        for sock in idle:
            sock.close()
        assert refused.status_code == 503
        for _ in range(int(BOUND / 0.2)):  # the server notices the closed connections
            answer = httpx.get(f"{url}/health", timeout=BOUND)
            if answer.status_code != 503:
                break
            time.sleep(0.2)
        assert answer.status_code == 200
