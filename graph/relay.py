"""A loopback TCP relay to a Bolt server that cuts the connection once the server has sent a byte budget.

The neo4j driver reads a whole record before handing it over, so a size cap checked on
the rows comes too late for one huge value (``reduce(s = 'x', i IN range(1, 28) | s + s)``
is a 134 MB string, decoded whole in the API's memory). A read-only query's driver
connects through this relay instead: it counts what the server sends and, past the
budget, closes both ends, so the driver fails having buffered at most the budget. Only a
direct ``bolt://`` server can be relayed (routing and TLS name other addresses).
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import threading

log = logging.getLogger(__name__)

_CHUNK = 65536


class ByteBudgetRelay:
    """Relays connections to ``upstream`` until the server has sent ``budget`` bytes over all of them."""

    def __init__(self, upstream: tuple[str, int], budget: int) -> None:
        self.upstream = upstream
        self.budget = budget
        self.sent = 0
        self.exceeded = threading.Event()
        self._closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, name="bolt-relay", daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"bolt://{host}:{port}"

    def _accept(self) -> None:
        self._listener.settimeout(1.0)  # a blocked accept() is not woken by close(): look up now and then
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listener was closed
            client.settimeout(None)
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError as error:
                log.warning("relay: cannot reach the graph server: %s", error)
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server), name="bolt-relay-pump", daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        peers = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ)
            selector.register(server, selectors.EVENT_READ)
            while not self._closed.is_set() and self._relay_once(selector, peers, server):
                pass
        self._end(client, server)

    def _relay_once(
        self, selector: selectors.BaseSelector, peers: dict[socket.socket, socket.socket], server: socket.socket
    ) -> bool:
        """Pass on what is ready; False once a side has closed or the server went over the budget."""
        try:
            for key, _ in selector.select(timeout=1.0):
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                data = source.recv(_CHUNK)
                if not data or (source is server and not self._spend(len(data))):
                    return False
                peers[source].sendall(data)
        except (OSError, ValueError):  # a socket closed under us (close(), or the other side)
            return False
        return True

    def _spend(self, size: int) -> bool:
        with self._lock:
            self.sent += size
            if self.sent > self.budget:
                self.exceeded.set()
                return False
            return True

    @staticmethod
    def _end(*sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        """Stop accepting and cut every relayed connection."""
        self._closed.set()
        self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        self._end(*sockets)
