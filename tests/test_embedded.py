"""The embedded server: start, status, clean stop, clear errors, loopback only, secret password."""

from __future__ import annotations

import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peacegraph.graph.embedded import PASSWORD_FILE, EmbeddedServer, free_port
from peacegraph.graph.errors import ServerStartError


def _server(data_dir: Path) -> EmbeddedServer:
    return EmbeddedServer(data_dir, bolt_port=free_port(), http_port=free_port(), heap="512m")


def test_start_status_stop(tmp_path: Path) -> None:
    server = _server(tmp_path / "db")
    try:
        assert server.start(timeout=120) is True
        assert server.start(timeout=120) is False  # already running: reused
        status = server.status()
        assert status.running and status.pid is not None
        password_file = tmp_path / "db" / PASSWORD_FILE
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        assert server.password not in server.log_file.read_text(errors="replace")
    finally:
        assert server.stop() is True
    assert server.status().running is False
    assert server.stop() is False


def test_a_taken_port_is_reported_clearly(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        server = EmbeddedServer(tmp_path / "db", bolt_port=taken, http_port=free_port())
        with pytest.raises(ServerStartError, match=f"port {taken}"):
            server.start(timeout=30)


def test_server_listens_on_loopback_only(embedded_server: EmbeddedServer) -> None:
    listening = Path("/proc/net/tcp").read_text().splitlines()[1:] + Path("/proc/net/tcp6").read_text().splitlines()[1:]
    ports = {embedded_server.bolt_port, embedded_server.http_port}
    found = 0
    for line in listening:
        fields = line.split()
        address, port_hex = fields[1].rsplit(":", 1)
        if fields[3] != "0A" or int(port_hex, 16) not in ports:  # 0A = LISTEN
            continue
        found += 1
        # 127.0.0.1 in /proc/net/tcp is 0100007F; as an IPv4-mapped IPv6 address it ends in 0100007F too
        assert address.endswith("0100007F"), f"port {int(port_hex, 16)} listens on {address}"
    assert found == len(ports)


def test_a_test_owned_server_stops_when_its_owner_dies(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from graph.embedded import EmbeddedServer;"
            f"s = EmbeddedServer(Path({str(tmp_path / 'db')!r}), bolt_port={free_port()}, http_port={free_port()},"
            " heap='512m', stop_with_parent=True); s.start(timeout=120); print(s._pid(), flush=True);"
            " sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None and owner.stdin is not None
    server_pid = int(owner.stdout.readline())
    assert _alive(server_pid)
    owner.kill()
    owner.wait()
    owner.stdin.close()
    owner.stdout.close()
    deadline = time.monotonic() + 60
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _alive(server_pid)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"
