"""``peacegraph mcp`` through a real MCP client session over stdio (the official SDK), on the seeds."""

from __future__ import annotations

import os
import sys
from typing import Any

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

TOOLS = {"search", "actor_stances", "positions", "plan_matrix", "timeline", "cypher"}


def _server(settings: Settings) -> StdioServerParameters:
    env = dict(
        os.environ,
        PEACEGRAPH_DATA_DIR=str(settings.data_dir),
        PEACEGRAPH_BOLT_PORT=str(settings.bolt_port),
        PEACEGRAPH_HTTP_PORT=str(settings.http_port),
    )
    for name in ("PEACEGRAPH_NEO4J_URI", "NEO4J_URI"):
        env.pop(name, None)
    return StdioServerParameters(
        command=sys.executable, args=["-m", "peacegraph.api.cli", "mcp"], env=env, cwd=str(ROOT)
    )


async def _session_answers(settings: Settings) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    with open(os.devnull, "w") as quiet:
        async with (
            stdio_client(_server(settings), errlog=quiet) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            answers["tools"] = {tool.name: tool for tool in (await session.list_tools()).tools}
            hits = await session.call_tool("search", {"text": "Putin"})
            answers["search"] = hits.structured_content
            stances = await session.call_tool("actor_stances", {"actor_id": "person:vladimir-putin"})
            answers["stances"] = stances.structured_content
            matrix = await session.call_tool("plan_matrix", {"plan_id": "plan:us-28-point-plan"})
            answers["matrix"] = matrix.structured_content
            answers["missing"] = await session.call_tool("actor_stances", {"actor_id": "person:nobody"})
            answers["write"] = await session.call_tool("cypher", {"query": "CREATE (n:Pwned) RETURN n"})
            too_long = "MATCH (p:Plan) RETURN count(p) AS plans //" + "x" * settings.cypher_max_query_chars
            answers["too_long"] = await session.call_tool("cypher", {"query": too_long})
            read_back = await session.call_tool("cypher", {"query": "MATCH (p:Plan) RETURN count(p) AS plans"})
            answers["read"] = read_back.structured_content
    return answers


def test_an_agent_lists_the_tools_and_gets_putins_stances_with_evidence(
    seeded_store: GraphStore, server_settings: Settings
) -> None:
    answers = anyio.run(_session_answers, server_settings)
    assert set(answers["tools"]) == TOOLS
    assert all(tool.annotations and tool.annotations.read_only_hint for tool in answers["tools"].values())
    assert "person:vladimir-putin" in {hit["id"] for hit in answers["search"]["items"]}
    stances = answers["stances"]
    assert stances["total"] > 0 and stances["items"]
    for stance in stances["items"]:
        assert stance["source"]["id"] == "person:vladimir-putin"
        assert stance["evidence"] and stance["article"]
    assert answers["matrix"]["actors"] and answers["matrix"]["cells"]
    assert answers["missing"].is_error and "person:nobody" in answers["missing"].content[0].text
    assert answers["write"].is_error
    assert answers["too_long"].is_error and "characters" in answers["too_long"].content[0].text  # as POST /cypher
    assert answers["read"]["rows"][0]["plans"] > 0
    rows = seeded_store.driver.execute_query("MATCH (n:Pwned) RETURN count(n) AS n", database_=seeded_store.database)
    assert rows.records[0]["n"] == 0
