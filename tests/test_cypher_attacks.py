"""POST /cypher against an attack battery: each is refused or bounded; the graph stays byte-for-byte the same."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from peacegraph.api.app import create_app
from peacegraph.graph.cypher_guard import check_query
from peacegraph.graph.errors import UnsafeQueryError
from peacegraph.graph.model import ArticleMeta, Entity, EntityType, Extraction, Link, LinkType, Relation, StanceType
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.graphdump import full_dump


def small_graph() -> Extraction:
    article = ArticleMeta(id="article:0000000000000001", title="Talks", published="2025-11-22")  # type: ignore[arg-type]
    evidence = "Putin said Russia supports the plan."
    return Extraction(
        article=article,
        entities=[
            Entity(id="person:vladimir-putin", type=EntityType.PERSON, name="Vladimir Putin", aliases=["Putin"]),
            Entity(id="country:russia", type=EntityType.COUNTRY, name="Russia"),
            Entity(id="plan:us-28-point-plan", type=EntityType.PLAN, name="28-point plan"),
        ],
        relations=[
            Relation(
                source="person:vladimir-putin",
                type=StanceType.SUPPORTS,
                target="plan:us-28-point-plan",
                evidence=evidence,
                start=0,
                end=len(evidence),
                date="2025-11-21",
                confidence=0.8,
            ),
        ],
        links=[Link(source=article.id, type=LinkType.MENTIONS, target="country:russia", count=2)],
    )


@pytest.fixture(scope="module")
def settings(server_settings: Settings) -> Settings:
    return server_settings.model_copy(
        update={
            "cypher_row_cap": 50,
            "cypher_timeout": 15.0,  # generous: this module's server may share a busy machine
            "cypher_concurrency": 4,
            "cypher_max_result_bytes": 50_000,
        }
    )


@pytest.fixture(scope="module")
def client(store: GraphStore, settings: Settings) -> Iterator[TestClient]:
    store.write_extraction(small_graph())
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def before(client: TestClient, store: GraphStore) -> dict[str, list[str]]:
    return full_dump(store)


WRITES = [
    "CREATE (n:Pwned {x: 1}) RETURN n",
    "MERGE (n:Pwned {id: 'x'}) RETURN n",
    "MATCH (n:Person) SET n.name = 'pwned' RETURN n",
    "MATCH (n:Person) SET n:Pwned RETURN n",
    "MATCH (n:Person) REMOVE n.name RETURN n",
    "MATCH (n:Person) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (n) FOREACH (x IN [1] | CREATE (:Pwned))",
    "MATCH (a:Person), (b:Plan) CREATE (a)-[:REJECTS]->(b)",
]
FILES = [
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'file:///etc/hostname' AS line RETURN line",
    "MATCH (n) WITH n LOAD CSV FROM 'https://example.org/x.csv' AS l RETURN l",
]
PROCEDURES = [
    "CALL dbms.procedures()",
    "CALL dbms.components()",
    "CALL dbms.security.createUser('eve', 'pw', false)",
    "CALL db.createLabel('Pwned')",
    "CALL apoc.create.node(['Pwned'], {}) YIELD node RETURN node",
    "CALL apoc.cypher.runWrite('CREATE (:Pwned)', {}) YIELD value RETURN value",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n:Pwned) RETURN n', {}) AS x",
    "RETURN `apoc`.`cypher`.run('CREATE (:Pwned)') AS x",
    "MATCH (n) CALL db.index.fulltext.createNodeIndex('x', ['Person'], ['name']) RETURN n",
]
SCHEMA = [
    "CREATE INDEX pwned FOR (n:Person) ON (n.role)",
    "CREATE CONSTRAINT pwned FOR (n:Plan) REQUIRE n.name IS UNIQUE",
    "DROP INDEX idx_person_name",
    "DROP CONSTRAINT uniq_person_id",
    "SHOW INDEXES",
    "SHOW DATABASES",
    "SHOW USERS",
    "CREATE DATABASE pwned",
    "STOP DATABASE peacegraph",
    "ALTER USER root SET PASSWORD 'x'",
    "GRANT ALL ON DATABASE * TO PUBLIC",
    "USE system MATCH (n) RETURN n",
    "EXPLAIN CREATE (n:Pwned)",
    "PROFILE MATCH (n) DETACH DELETE n",
]
STATEMENTS = [
    "MATCH (n) RETURN n; CREATE (:Pwned)",
    "MATCH (n) RETURN n;\nMATCH (n) DETACH DELETE n",
    "RETURN 1; ; DROP INDEX idx_person_name",
]
TRICKS = [
    "cReAtE (n:Pwned)",
    "/*x*/CREATE (n:Pwned)",
    "// comment\n CREATE (n:Pwned)",
    "MATCH (n) /* hide */ DETACH /* the */ DELETE n",
    "MATCH (n) RETURN n // ok\nUNION MATCH (m) DETACH DELETE m RETURN m AS n",
    "MATCH (n) RETURN 'it''s' AS x CREATE (:Pwned)",
    'MATCH (n) WHERE n.name = "x" CREATE (:Pwned)',
    "MATCH (n) RETURN '/*' AS a CREATE (:Pwned) RETURN '*/' AS b",
    "MATCH (n) RETURN n /* unterminated CREATE (:Pwned)",
    "MATCH (n) RETURN 'unterminated CREATE (:Pwned)",
]
UNICODE = [
    "ＣＲＥＡＴＥ (n:Pwned)",  # fullwidth letters
    "MATCH (n) ＤＥＴＡＣＨ ＤＥＬＥＴＥ n",
    "MATCH (n) SEТ n.x = 1",  # a Cyrillic Т inside SET
    "MATCH (n)\u00a0DETACH\u00a0DELETE n",  # no-break spaces
    "MATCH (n) RETURN n\u2028CREATE (:Pwned)",  # a line separator
    "MATCH (n) RETURN n \uff1b CREATE (:Pwned)",  # a fullwidth semicolon
]
SUBQUERIES = [
    "MATCH (n) CALL { CREATE (:Pwned) } RETURN n",
    "MATCH (n) CALL { WITH n DETACH DELETE n } RETURN count(*)",
    "UNWIND [1] AS x CALL (x) { MERGE (:Pwned {id: x}) } RETURN x",
    "CALL { MATCH (n) SET n.pwned = true RETURN n } RETURN n",
    "MATCH (n) CALL { WITH n RETURN n AS m } IN TRANSACTIONS OF 1 ROW RETURN m",
    "MATCH (n) WHERE EXISTS { MATCH (n) SET n.x = 1 } RETURN n",
    "MATCH (n) RETURN COUNT { CREATE (:Pwned) } AS c",
]
# Functions outside the list, some named after a clause word in their last part, some in a namespace
# of which other functions are allowed (issue 12, item 12: apoc.coll.union and coll.distinct ran).
FUNCTIONS = [
    "RETURN apoc.coll.union([1], [2]) AS x",
    "RETURN coll.distinct([1, 1]) AS x",
    "RETURN apoc.coll.distinct([1, 1]) AS x",
    "RETURN apoc.coll.UNION([1], [2]) AS x",
    "RETURN apoc . coll . union ([1], [2]) AS x",
    "RETURN apoc/**/.coll.union([1], [2]) AS x",
    "RETURN apoc.`coll`.union([1], [2]) AS x",
    "RETURN `apoc`.coll.`union`([1], [2]) AS x",
    "RETURN `apoc.coll.union`([1], [2]) AS x",
    "RETURN apoc.coll.order([2, 1]) AS x",
    "RETURN apoc.map.merge({a: 1}, {b: 2}) AS x",
    "RETURN apoc.text.join(['a', 'b'], ',') AS x",
    "RETURN `apoc`.date.truncate('day', date()) AS x",
    "RETURN apoc.date.format(0) AS x",
    "RETURN date.anything() AS x",
    "RETURN vector.anything([1.0], [1.0]) AS x",
    "RETURN duration.between.union(1) AS x",
    "MATCH (n) WHERE n.x IN apoc.coll.union([1], [2]) RETURN n",
]
REFUSED = WRITES + FILES + PROCEDURES + SCHEMA + STATEMENTS + TRICKS + UNICODE + SUBQUERIES + FUNCTIONS


@pytest.mark.parametrize("query", REFUSED)
def test_refused_before_running_with_a_clear_400(client: TestClient, before: Any, query: str) -> None:
    response = client.post("/cypher", json={"query": query})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"]  # says why
    with pytest.raises(UnsafeQueryError):
        check_query(query)


def test_lexer_confusions_stay_data(client: TestClient, before: Any) -> None:
    """A write inside an escaped string or a quoted name is text to the guard and to the server alike."""
    string = client.post("/cypher", json={"query": "MATCH (n:Plan) RETURN 'a\\' CREATE (:Pwned) //' AS x"})
    assert string.status_code == 200, string.text
    assert string.json()["rows"] == [{"x": "a' CREATE (:Pwned) //"}]
    name = client.post("/cypher", json={"query": "MATCH (n) RETURN `a`` CREATE (:Pwned) //` AS x"})
    assert name.status_code in (200, 400)  # a variable named "a` CREATE (:Pwned) //", never a clause


SMUGGLED: list[tuple[str, dict[str, Any]]] = [
    ("MATCH (n {id: $id}) RETURN n.id AS id", {"id": "x'}) DETACH DELETE n //"}),
    ("MATCH (n) WHERE n.name = $name RETURN n.id AS id", {"name": '"}) CREATE (:Pwned) //'}),
    ("MATCH (n:$($label)) RETURN count(n) AS c", {"label": "Person) DETACH DELETE n //"}),
    ("RETURN $q AS q", {"q": "CREATE (:Pwned)"}),
    ("RETURN $p AS p", {"p": {"nested": ["CREATE (:Pwned)", {"x": "DROP INDEX idx_person_name"}]}}),
]


@pytest.mark.parametrize(("query", "parameters"), SMUGGLED)
def test_parameters_stay_values(client: TestClient, before: Any, query: str, parameters: dict[str, Any]) -> None:
    response = client.post("/cypher", json={"query": query, "parameters": parameters})
    assert response.status_code in (200, 400), response.text


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "RETURN $x AS x", "parameters": {"x": 1180591620717411303424}}',
        b'{"query": "RETURN $x AS x", "parameters": {"x": "\\ud800"}}',
        b'{"query": "RETURN $x AS x", "parameters": {"x": {"\\udfff": 1}}}',
        b'{"query": "RETURN \'\\ud800\' AS x"}',
    ],
)
def test_values_bolt_cannot_carry_are_refused_at_once(client: TestClient, before: Any, body: bytes) -> None:
    response = client.post("/cypher", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text  # refused, not left to hang until the time limit (504)


@pytest.mark.parametrize("name", ["__pg_s0", "a}) DELETE n //", "a b", "ＣＲＥＡＴＥ", ""])
def test_reserved_or_odd_parameter_names_are_refused(client: TestClient, before: Any, name: str) -> None:
    response = client.post("/cypher", json={"query": "RETURN 1 AS x", "parameters": {name: 1}})
    assert response.status_code == 400


def test_reads_still_work_with_strings_comments_and_parameters(client: TestClient, before: Any) -> None:
    query = (
        "MATCH (a:Actor)-[r:SUPPORTS]->(p:Plan) // who backs what\n"
        "WHERE a.name =~ '(?i)vlad.*' AND r.start >= $from /* offsets */\n"
        "RETURN a.name AS actor, p.id AS plan, r.evidence AS evidence, 'CREATE; DROP' AS decoy, {set: 1} AS m"
    )
    response = client.post("/cypher", json={"query": query, "parameters": {"from": 0}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"] == ["actor", "plan", "evidence", "decoy", "m"]
    assert body["rows"] == [
        {"actor": "Vladimir Putin", "plan": "plan:us-28-point-plan",
         "evidence": "Putin said Russia supports the plan.", "decoy": "CREATE; DROP", "m": {"set": 1}}
    ]  # fmt: skip
    names = "MATCH (a)-[r:SUPPORTS]->(b) WITH r.start AS start, a AS index, b AS user RETURN start, index.id AS id"
    assert client.post("/cypher", json={"query": names}).json()["rows"] == [{"start": 0, "id": "person:vladimir-putin"}]
    labels = client.post("/cypher", json={"query": "CALL db.labels() YIELD label RETURN label ORDER BY label"})
    assert {"Person", "Plan", "Article"} <= {row["label"] for row in labels.json()["rows"]}


@pytest.mark.parametrize(
    "query",
    [
        "RETURN date.truncate('month', date('2025-11-22')) AS x",
        "RETURN duration.between(date('2025-11-01'), date('2025-11-22')) AS x",
        "RETURN DateTime.Truncate('day', datetime('2025-11-22T10:00:00Z')) AS x",
        "RETURN point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS x",
        "MATCH (n:Person) WHERE any(alias IN n.aliases WHERE alias = 'Putin') RETURN n.id AS x",
        "MATCH (n:Person) WHERE n.name IN ['Vladimir Putin'] AND NOT (n)-[:REJECTS]->() RETURN n.id AS x",
        "RETURN vector.similarity.cosine([1.0, 0.0], [1.0, 0.0]) AS x",
    ],
)
def test_namespaced_and_clause_word_reads_still_pass_the_guard(client: TestClient, before: Any, query: str) -> None:
    check_query(query)
    response = client.post("/cypher", json={"query": query})
    assert response.status_code == 200, response.text
    assert len(response.json()["rows"]) == 1


def test_syntax_errors_answer_400_with_the_servers_reason(client: TestClient, before: Any) -> None:
    response = client.post("/cypher", json={"query": "MATCH (n RETURN n"})
    assert response.status_code == 400
    assert "syntax" in response.json()["detail"].lower()


def test_huge_results_are_cut_at_the_row_cap(client: TestClient, before: Any, settings: Settings) -> None:
    response = client.post("/cypher", json={"query": "UNWIND range(1, 1000000) AS x RETURN x"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["truncated"] is True and len(body["rows"]) == settings.cypher_row_cap
    cross = client.post("/cypher", json={"query": "MATCH (a), (b), (c) RETURN a.id, b.id, c.id"})
    assert cross.status_code == 200 and len(cross.json()["rows"]) == settings.cypher_row_cap


def test_one_huge_row_is_cut_by_the_size_cap(client: TestClient, before: Any) -> None:
    response = client.post("/cypher", json={"query": "RETURN range(1, 20000) AS big"})
    assert response.status_code == 200, response.text
    assert response.json() == {"columns": ["big"], "rows": [], "truncated": True}


def test_a_long_query_is_refused_with_413(client: TestClient, before: Any, settings: Settings) -> None:
    query = "RETURN 1 AS x" + " " * settings.cypher_max_query_chars
    assert client.post("/cypher", json={"query": query}).status_code == 413


def test_the_graph_and_schema_are_unchanged_after_the_battery(
    client: TestClient, store: GraphStore, before: dict[str, list[str]]
) -> None:
    """Runs last in this module: every refused or bounded attack above left no trace."""
    assert full_dump(store) == before
    assert not any("Pwned" in label for label in full_dump(store)["labels"])
