"""The embedded graph server: ArcadeDB with its Neo4j Bolt plugin, in a process of its own.

JPype crashes at interpreter exit when ArcadeDB runs in-process, so the server
always runs as a child (``python -m peacegraph.graph.embedded``), detached from the
caller's session, bound to loopback. Its files live in ``data_dir``:

    data_dir/root_password   the generated root password (mode 0600)
    data_dir/server.pid      the server process id
    data_dir/server.log      what the server printed
    data_dir/databases/...   ArcadeDB's own files
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from peacegraph.graph.errors import ServerStartError
from peacegraph.graph.settings import EMBEDDED_DATABASE, Settings

log = logging.getLogger(__name__)

PASSWORD_FILE = "root_password"
PID_FILE = "server.pid"
LOG_FILE = "server.log"
ROOT_USER = "root"
_PASSWORD_ENV = "PEACEGRAPH_EMBEDDED_ROOT_PASSWORD"
_BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"

# Servers started by this process, kept so that stop() can reap them (a dropped
# Popen of a running child is a ResourceWarning).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_url: str
    http_url: str
    data_dir: Path


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stored_password(data_dir: Path) -> str:
    """The root password kept in ``data_dir``, generated (0600) on first use."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / PASSWORD_FILE
    if not path.exists():
        password = secrets.token_urlsafe(24)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password)
    os.chmod(path, 0o600)
    return path.read_text(encoding="utf-8").strip()


class EmbeddedServer:
    """Start, stop and watch the embedded ArcadeDB + Bolt server of one data directory."""

    def __init__(
        self,
        data_dir: Path,
        *,
        host: str = "127.0.0.1",
        bolt_port: int = 7687,
        http_port: int = 2480,
        database: str = EMBEDDED_DATABASE,
        password: str | None = None,
        heap: str = "2g",
        command_timeout: float = 0.0,
        max_concurrent_queries: int = 0,
        queue_timeout: float = 5.0,
        stop_with_parent: bool = False,
    ) -> None:
        """``command_timeout``: seconds a statement may run (0: no limit); ``max_concurrent_queries``:
        statements run at once (0: ArcadeDB's default, 2 per core and at least 4), the others wait
        in a queue up to ``queue_timeout`` seconds and are then refused (a transient error)."""
        self.data_dir = data_dir.resolve()
        self.host = host
        self.bolt_port = bolt_port
        self.http_port = http_port
        self.database = database
        self._password = password
        self.heap = heap
        self.command_timeout = command_timeout
        self.max_concurrent_queries = max_concurrent_queries
        self.queue_timeout = queue_timeout
        self.stop_with_parent = stop_with_parent

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedServer:
        given = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        return cls(
            settings.data_dir,
            host=settings.bolt_host,
            bolt_port=settings.bolt_port,
            http_port=settings.http_port,
            database=settings.neo4j_database or EMBEDDED_DATABASE,
            password=given,
            heap=settings.server_heap,
            command_timeout=settings.server_command_timeout,
            # ArcadeDB runs 2 statements per core (at least 4) and queues the rest: the slow
            # /cypher queries allowed at once must not fill what /health and every read wait for.
            max_concurrent_queries=max(4, 2 * (os.cpu_count() or 1)) + settings.cypher_concurrency,
        )

    @property
    def password(self) -> str:
        return self._password or stored_password(self.data_dir)

    @property
    def bolt_url(self) -> str:
        return f"bolt://{self.host}:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.http_port}/"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / PID_FILE

    @property
    def log_file(self) -> Path:
        return self.data_dir / LOG_FILE

    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _pid_alive(pid) else None

    def status(self) -> ServerStatus:
        pid = self._pid()
        running = pid is not None and self.answers()
        return ServerStatus(running, pid, self.bolt_url, self.http_url, self.data_dir)

    def answers(self) -> bool:
        """True when Bolt accepts our credentials and the database runs ``RETURN 1``."""
        try:
            with (
                GraphDatabase.driver(self.bolt_url, auth=(ROOT_USER, self.password), connection_timeout=2.0) as driver,
                driver.session(database=self.database) as session,
            ):
                session.run("RETURN 1 AS ok").consume()
        except (ServiceUnavailable, Neo4jError, OSError):
            return False
        return True

    def _log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def start(self, timeout: float = 90.0) -> bool:
        """Start the server unless it already runs; return True if this call started it."""
        if self._pid() is not None:
            if self.wait_until_ready(timeout):
                return False
            raise ServerStartError(
                f"a server process ({self._pid()}) of {self.data_dir} runs but Bolt does not answer "
                f"on {self.bolt_url}; stop it with `peacegraph server stop`"
            )
        for port in (self.bolt_port, self.http_port):
            if _port_in_use(self.host, port):
                raise ServerStartError(
                    f"port {port} on {self.host} is already in use; set PEACEGRAPH_BOLT_PORT / "
                    "PEACEGRAPH_HTTP_PORT to free ports"
                )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, **{_PASSWORD_ENV: self.password})
        command = [
            sys.executable, "-m", "peacegraph.graph.embedded",
            "--data-dir", str(self.data_dir),
            "--host", self.host,
            "--bolt-port", str(self.bolt_port),
            "--http-port", str(self.http_port),
            "--database", self.database,
            "--heap", self.heap,
            "--command-timeout", str(self.command_timeout),
            "--max-concurrent-queries", str(self.max_concurrent_queries),
            "--queue-timeout", str(self.queue_timeout),
        ]  # fmt: skip
        if self.stop_with_parent:
            command += ["--parent-pid", str(os.getpid())]
        # The folder holding the peacegraph package (peacegraph/graph/embedded.py, not resolved: in the source
        # tree peacegraph/graph is a link to graph/), for a source tree that was never installed.
        project_root = str(Path(__file__).parents[2])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [project_root, env.get("PYTHONPATH")]))
        with open(self.log_file, "ab") as log_handle:
            process = subprocess.Popen(
                command,
                cwd=self.data_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))
        _CHILDREN[process.pid] = process
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                _CHILDREN.pop(process.pid, None)
                self.pid_file.unlink(missing_ok=True)
                raise ServerStartError(
                    f"embedded server exited with code {process.returncode}; last lines of "
                    f"{self.log_file}:\n{self._log_tail()}"
                )
            if self.answers():
                log.info("embedded server ready on %s (pid %d)", self.bolt_url, process.pid)
                return True
            time.sleep(0.5)
        self.stop()
        raise ServerStartError(f"embedded server did not answer within {timeout:.0f}s:\n{self._log_tail()}")

    def wait_until_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answers():
                return True
            if self._pid() is None:
                return False
            time.sleep(0.5)
        return False

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the server (SIGTERM, then SIGKILL); return True if one was running."""
        pid = self._pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _pid_alive(pid):
            child = _CHILDREN.get(pid)
            if child is not None:
                child.poll()
            else:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
            time.sleep(0.2)
        if _pid_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._reap(pid)
        self.pid_file.unlink(missing_ok=True)
        return True

    @staticmethod
    def _reap(pid: int) -> None:
        child = _CHILDREN.pop(pid, None)
        if child is not None:
            child.wait()
            return
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def kill(self) -> None:
        """SIGKILL the server, as a crash would (used by fault-injection tests)."""
        pid = self._pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            self._reap(pid)


def connection_for(settings: Settings) -> tuple[str, str, str]:
    """(uri, user, password) of the configured server: Neo4j if ``neo4j_uri`` is set, else embedded."""
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        return settings.neo4j_uri, settings.neo4j_user, password
    server = EmbeddedServer.from_settings(settings)
    return server.bolt_url, ROOT_USER, server.password


def _serve(args: argparse.Namespace) -> None:
    """Child process body: run ArcadeDB until SIGTERM."""
    password = os.environ.pop(_PASSWORD_ENV, "")
    os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE", str(Path(args.data_dir) / "log" / "hs_err_pid%p.log"))
    import arcadedb_embedded

    # Engine-wide limits go in as JVM system properties: the server's own configuration does not
    # reach the databases' command contexts (arcadedb.command.timeout set there is ignored).
    limits = [
        # A statement running longer is aborted inside the server (the Bolt plugin ignores the
        # driver's transaction timeout), so a query the API gave up on does not run on for ever.
        f"-Darcadedb.command.timeout={round(args.command_timeout * 1000)}",
        f"-Darcadedb.queryQueueTimeout={round(args.queue_timeout * 1000)}",
    ]
    if args.max_concurrent_queries > 0:  # 0 would turn ArcadeDB's admission gate off, not default it
        limits.append(f"-Darcadedb.queryMaxConcurrent={args.max_concurrent_queries}")
    server = arcadedb_embedded.ArcadeDBServer(
        root_path=args.data_dir,
        root_password=password,
        config={
            "host": args.host,
            "http_port": args.http_port,
            "server_plugins": _BOLT_PLUGIN,
            "bolt_port": args.bolt_port,
        },
        jvm_kwargs={"heap_size": args.heap, "jvm_args": limits},
    )
    server.start()
    server.create_database(args.database)
    print(f"peacegraph embedded server ready: bolt://{args.host}:{args.bolt_port}", flush=True)

    def shutdown(signum: int, frame: object) -> None:
        server.stop()
        sys.stdout.flush()
        os._exit(0)  # skip JPype's interpreter-exit teardown, which crashes

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    while True:
        if args.parent_pid and not _pid_alive(args.parent_pid):
            shutdown(signal.SIGTERM, None)  # the test run that owned this server is gone
        time.sleep(2 if args.parent_pid else 3600)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the embedded ArcadeDB Bolt server (internal).")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--bolt-port", type=int, default=7687)
    parser.add_argument("--http-port", type=int, default=2480)
    parser.add_argument("--database", default="peacegraph")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--command-timeout", type=float, default=0.0, help="seconds a statement may run; 0 = no limit")
    parser.add_argument("--max-concurrent-queries", type=int, default=0, help="queries run at once; more wait")
    parser.add_argument("--queue-timeout", type=float, default=5.0, help="seconds a query waits for its turn")
    parser.add_argument("--parent-pid", type=int, default=0, help="stop when this process is gone")
    _serve(parser.parse_args(argv))


if __name__ == "__main__":
    main()
