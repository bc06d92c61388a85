"""docker-compose.yml, the Dockerfile and .env.example, checked statically (no Docker engine here).

What `docker compose up --wait` needs: a Neo4j 5 community image with a healthcheck, a
volume and auth from the env file; the API built from the Dockerfile, started after Neo4j
is healthy, with a healthcheck of its own and settings that peacegraph actually reads.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from peacegraph.api.cli import app as cli_app
from peacegraph.graph.settings import Settings
from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
SERVICES: dict[str, Any] = COMPOSE["services"]

# ${NAME}, ${NAME:-default}, ${NAME:?error}; $$ escapes a dollar for the container's shell.
INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def env_file_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"not KEY=value: {line!r}"
            values[key.strip()] = value.strip()
    return values


def interpolate(value: object, env: dict[str, str]) -> str:
    """What docker compose makes of a value with the .env file in place."""

    def replace(match: re.Match[str]) -> str:
        name, operator, default = match.groups()
        if name in env:
            return env[name]
        assert operator and "-" in operator, f"${{{name}}} has no value in .env.example and no default"
        return default

    return INTERPOLATION.sub(replace, str(value)).replace("$$", "$")


def environment(service: str) -> dict[str, str]:
    env = SERVICES[service].get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: interpolate(value, env_file_values()) for key, value in env.items()}


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """Instructions per build stage, continuation lines joined."""
    stages: list[list[tuple[str, str]]] = []
    text = re.sub(r"\\\n", " ", DOCKERFILE)
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, rest = line.strip().partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), rest.strip()))
    return stages


def dockerfile_env(stage: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction, rest in stage:
        if instruction == "ENV":
            env.update(dict(token.split("=", 1) for token in shlex.split(rest)))
    return env


# --- compose -------------------------------------------------------------------------------


def test_neo4j_is_version_5_community_with_a_volume_and_auth_from_the_env_file() -> None:
    neo4j = SERVICES["neo4j"]
    image = neo4j["image"]
    assert re.fullmatch(r"neo4j:5(\.[0-9.]+)?(-community)?", image), image
    auth = environment("neo4j")["NEO4J_AUTH"]
    assert auth == "neo4j/" + env_file_values()["NEO4J_PASSWORD"]
    assert "${NEO4J_PASSWORD" in str(neo4j["environment"]["NEO4J_AUTH"]), "the password comes from .env"
    volume, _, target = neo4j["volumes"][0].partition(":")
    assert target == "/data" and volume in COMPOSE["volumes"]
    assert {"7474", "7687"} <= {str(port).split(":")[-1] for port in neo4j["ports"]}
    # The neo4j image turns every other NEO4J_* variable into a setting; strict validation
    # refuses unknown ones, so only real settings (or NEO4J_AUTH) may be passed.
    for key in environment("neo4j"):
        assert key == "NEO4J_AUTH" or key.startswith(("NEO4J_server_", "NEO4J_dbms_", "NEO4J_db_")), key
    assert environment("neo4j")["NEO4J_db_transaction_timeout"] == "60s"  # runaway queries end in the server


def test_neo4j_healthcheck_runs_return_1_with_cypher_shell() -> None:
    check = SERVICES["neo4j"]["healthcheck"]
    command = " ".join(check["test"])
    assert check["test"][0] in ("CMD", "CMD-SHELL")
    assert "cypher-shell" in command and "RETURN 1" in command
    assert "-u neo4j" in command and "NEO4J_AUTH" in command
    assert check["retries"] >= 5


def test_api_starts_after_neo4j_is_healthy_and_reports_its_own_health() -> None:
    api = SERVICES["api"]
    assert api["build"] in (".", {"context": "."})
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    check = " ".join(api["healthcheck"]["test"])
    assert "/health" in check and ":8000" in check
    assert "8000:8000" in [str(port).split(":", 1)[-1] for port in api["ports"]]


def test_api_points_at_the_neo4j_service() -> None:
    env = environment("api")
    assert env["PEACEGRAPH_NEO4J_URI"] == "bolt://neo4j:7687"
    assert env["PEACEGRAPH_NEO4J_DATABASE"] == "neo4j"
    user, _, password = environment("neo4j")["NEO4J_AUTH"].partition("/")
    assert (env["PEACEGRAPH_NEO4J_USER"], env["PEACEGRAPH_NEO4J_PASSWORD"]) == (user, password)
    assert env["PEACEGRAPH_API_HOST"] == "0.0.0.0"


def test_every_peacegraph_variable_is_a_setting_and_a_valid_value() -> None:
    image_env = dockerfile_env(dockerfile_stages()[-1])
    named = {**image_env, **environment("api")}
    ours = {key: value for key, value in named.items() if key.startswith("PEACEGRAPH_")}
    assert len(ours) >= 6
    fields = {key.removeprefix("PEACEGRAPH_").lower(): value for key, value in ours.items()}
    unknown = set(fields) - set(Settings.model_fields)
    assert not unknown, f"not fields of graph.settings.Settings: {sorted(unknown)}"
    settings = Settings.model_validate(fields)
    assert settings.neo4j_uri == "bolt://neo4j:7687" and settings.api_port == 8000


def test_every_interpolated_variable_is_in_the_env_example() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    names = {match.group(1) for match in INTERPOLATION.finditer(text)}
    assert names and names <= set(env_file_values())
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_the_interpolation_helper_refuses_an_unset_variable() -> None:
    with pytest.raises(AssertionError, match="NOT_THERE"):
        interpolate("${NOT_THERE:?must be set}", {})
    assert interpolate("${A:-x}/$${B}", {}) == "x/${B}"


# --- Dockerfile ------------------------------------------------------------------------------


def test_the_image_is_python_3_11_slim_and_runs_peacegraph_up() -> None:
    final = dockerfile_stages()[-1]
    assert final[0] == ("FROM", "python:3.11-slim")
    cmd = [rest for instruction, rest in final if instruction == "CMD"]
    assert len(cmd) == 1
    argv = json.loads(cmd[0])
    assert argv[:2] == ["peacegraph", "up"]
    assert "--no-serve" not in argv
    scripts = re.search(r"\[project\.scripts\]\s*\n(.*?)\n\n", (ROOT / "pyproject.toml").read_text(), re.S)
    assert scripts and 'peacegraph = "peacegraph.api.cli:app"' in scripts.group(1)
    up = typer.main.get_command(cli_app).commands["up"]  # type: ignore[attr-defined]
    options = {opt for param in up.params for opt in param.opts}
    assert {opt for opt in argv[2:] if opt.startswith("--")} <= options
    workdir = Path([rest for instruction, rest in final if instruction == "WORKDIR"][-1])
    copied_to = {workdir / shlex.split(rest)[-1] for instruction, rest in final if instruction == "COPY"}
    assert ROOT.joinpath("seeds").is_dir() and Path(argv[argv.index("--seeds") + 1]) in copied_to
    assert ("EXPOSE", "8000") in final


def test_the_dockerfile_copies_what_exists_and_installs_the_page_library() -> None:
    stages = dockerfile_stages()
    for stage in stages:
        for instruction, rest in stage:
            if instruction == "COPY" and not rest.startswith("--from"):
                for source in shlex.split(rest)[:-1]:
                    assert (ROOT / source).exists(), f"COPY of a missing path: {source}"
    node_stage = " ".join(rest for instruction, rest in stages[0])
    assert "npm ci" in node_stage and "--omit=dev" in node_stage
    env = dockerfile_env(stages[-1])
    node_modules = Path(env["PEACEGRAPH_NODE_MODULES"])
    copied = [rest for instruction, rest in stages[-1] if instruction == "COPY" and rest.startswith("--from")]
    assert any(rest.split()[-1] in (str(node_modules), "./" + node_modules.name) for rest in copied)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"node_modules", ".venv", "data", ".env"} <= set(ignored)
