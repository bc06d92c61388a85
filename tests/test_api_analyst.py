"""The analyst's endpoints (actors, plans, timeline, events, places) on a hand-made graph with known stances."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from peacegraph.api.problems import PROBLEM_JSON
from peacegraph.graph.store import GraphStore
from tests import analyst_data as d
from tests.analyst_data import get
from tests.conftest import NOT_READ_MODEL, cypher


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def assert_problem(client: TestClient, url: str, status: int, **params: Any) -> dict[str, Any]:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def assert_evidence_verbatim(stance: dict[str, Any]) -> None:
    body = d.BODIES[stance["article"]]
    assert body[stance["start"] : stance["end"]] == stance["evidence"]


# --- actors --------------------------------------------------------------------------


def test_actors_sorted_by_degree_then_name(client: TestClient) -> None:
    page = get(client, "/actors")
    assert ids(page["items"]) == [d.ADA, d.BO, d.SYLVANIA, d.FREEDONIA, d.LEAGUE]
    assert [item["degree"] for item in page["items"]] == [6, 3, 3, 1, 1]
    assert page["total"] == 5 and page["limit"] == 50 and page["offset"] == 0
    ada = page["items"][0]
    assert ada["type"] == "Person" and ada["mentions"] == 2 and ada["wikidata"] == "Q4242"


def test_actors_by_name_and_paged(client: TestClient) -> None:
    assert ids(get(client, "/actors", sort="name")["items"]) == [d.ADA, d.BO, d.FREEDONIA, d.SYLVANIA, d.LEAGUE]
    page = get(client, "/actors", limit=2, offset=1)
    assert ids(page["items"]) == [d.BO, d.SYLVANIA] and page["total"] == 5


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "Person"}, {d.ADA, d.BO}),
        ({"type": "Country"}, {d.FREEDONIA, d.SYLVANIA}),
        ({"type": "Organization"}, {d.LEAGUE}),
        ({"country": d.SYLVANIA}, {d.BO, d.SYLVANIA}),
        ({"country": d.SYLVANIA, "type": "Person"}, {d.BO}),
        ({"country": "country:atlantis"}, set()),
    ],
)
def test_actor_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    page = get(client, "/actors", **params)
    assert set(ids(page["items"])) == expected and page["total"] == len(expected)


def test_actor_profile(client: TestClient) -> None:
    ada = get(client, f"/actors/{d.ADA}")
    assert ada["name"] == "Ada Example" and ada["type"] == "Person"
    assert "Ada" in ada["aliases"] and ada["wikidata"] == "Q4242"
    assert ada["role"] == "Foreign Minister of Freedonia" and ada["country"] == d.FREEDONIA
    assert ada["mentions"] == 2
    assert ada["stance_counts"] == {
        "SUPPORTS": {"outgoing": 2, "incoming": 0},
        "REJECTS": {"outgoing": 1, "incoming": 0},
        "CRITICIZES": {"outgoing": 1, "incoming": 0},
        "MEETS": {"outgoing": 1, "incoming": 0},
        "PARTICIPATES_IN": {"outgoing": 1, "incoming": 0},
    }
    bo = get(client, f"/actors/{d.BO}")
    assert bo["stance_counts"]["MEETS"] == {"outgoing": 0, "incoming": 1}
    leads = [link for link in bo["links"] if link["type"] == "LEADS"]
    assert [(link["direction"], link["other"]["id"], link["properties"]) for link in leads] == [
        ("out", d.SYLVANIA, {"role": "President"})
    ]


def test_actor_stances_carry_provenance(client: TestClient) -> None:
    page = get(client, f"/actors/{d.ADA}/stances")
    assert page["total"] == 6 and len(page["items"]) == 6
    for stance in page["items"]:
        assert stance["source"]["id"] == d.ADA
        assert stance["confidence"] == 0.9 and stance["method"] == "hand" and stance["date_precision"] == "day"
        assert_evidence_verbatim(stance)
    dates = [stance["date"] for stance in page["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    rejects = next(stance for stance in page["items"] if stance["type"] == "REJECTS")
    assert rejects["target"] == {"id": d.POINT[1], "name": "Test Plan #1", "labels": ["PlanPoint"]}
    assert rejects["code"] == "12" and rejects["date"] == "2025-11-25" and rejects["article"] == d.ARTICLE_2


S21, S24, R25 = ("SUPPORTS", "2025-11-21"), ("SUPPORTS", "2025-11-24"), ("REJECTS", "2025-11-25")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "SUPPORTS"}, [S21, S24]),
        ({"type": ["SUPPORTS", "REJECTS"]}, [S21, S24, R25]),
        ({"type": "SUPPORTS,REJECTS"}, [S21, S24, R25]),
        ({"target": d.POINT[1]}, [S21, S24, R25]),
        ({"date_from": "2025-11-24"}, [("CRITICIZES", "2025-11-24"), S24, R25]),
        ({"date_to": "2025-11-20"}, [("MEETS", "2025-11-20"), ("PARTICIPATES_IN", "2025-11-20")]),
        ({"date_from": "2025-11-22", "date_to": "2025-11-23"}, []),
        ({"target": "place:nowhere"}, []),
    ],
)  # fmt: skip
def test_actor_stance_filters(client: TestClient, params: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    page = get(client, f"/actors/{d.ADA}/stances", **params)
    assert [(stance["type"], stance["date"]) for stance in page["items"]] == expected[::-1]  # newest first
    assert page["total"] == len(expected)


def test_actor_stances_direction_and_paging(client: TestClient) -> None:
    incoming = get(client, f"/actors/{d.BO}/stances", direction="in")["items"]
    assert [(s["type"], s["source"]["id"], s["target"]["id"]) for s in incoming] == [("MEETS", d.ADA, d.BO)]
    both = get(client, f"/actors/{d.BO}/stances", direction="both")
    assert both["total"] == 3
    everything = get(client, f"/actors/{d.ADA}/stances")
    assert everything["next"] is None
    first = get(client, f"/actors/{d.ADA}/stances", limit=2)
    page = get(client, f"/actors/{d.ADA}/stances", limit=2, after=first["next"])
    assert first["items"] + page["items"] == everything["items"][:4] and page["total"] == 6
    last = get(client, f"/actors/{d.ADA}/stances", limit=2, after=page["next"])
    assert last["items"] == everything["items"][4:] and last["next"] is None
    dated = get(client, f"/actors/{d.ADA}/stances", limit=1, date_from="2025-11-24")
    assert dated["total"] == 3 and dated["items"] == everything["items"][:1]


def test_actor_errors(client: TestClient) -> None:
    assert_problem(client, "/actors/person:nobody", 404)
    assert_problem(client, f"/actors/{d.PORT}", 404)  # a place is not an actor
    assert_problem(client, "/actors/nonsense", 404)
    assert_problem(client, "/actors/person:nobody/stances", 404)
    body = assert_problem(client, "/actors", 422, type="Place")
    assert body["errors"][0]["loc"] == ["query", "type"]
    assert_problem(client, "/actors", 422, sort="random")
    assert_problem(client, "/actors", 422, limit=0)
    assert_problem(client, "/actors", 422, limit=501)
    assert_problem(client, "/actors", 422, offset=-1)
    assert_problem(client, f"/actors/{d.ADA}/stances", 422, type="LIKES")
    assert_problem(client, f"/actors/{d.ADA}/stances", 422, date_from="yesterday")
    assert_problem(client, f"/actors/{d.ADA}/stances", 422, date_to="2025-13-01")
    assert_problem(client, f"/actors/{d.ADA}/stances", 422, direction="sideways")


# --- plans ---------------------------------------------------------------------------


def test_plans_list_and_detail(client: TestClient) -> None:
    page = get(client, "/plans")
    assert page["total"] == 1
    assert page["items"] == [
        {
            "id": d.PLAN,
            "name": "Test Plan",
            "aliases": [],
            "proposer": d.LEAGUE,
            "published": "2025-11-19",
            "points": 3,
            "points_in_graph": 3,
        }
    ]
    plan = get(client, f"/plans/{d.PLAN}")
    assert [(p["number"], p["title"]) for p in plan["points"]] == [
        (1, "Ceasefire"),
        (2, "Elections"),
        (3, "Port City status"),
    ]
    assert plan["points"][0]["summary"] == "What point 1 says."
    assert [p["stance_counts"] for p in plan["points"]] == [{"SUPPORTS": 2, "REJECTS": 1}, {"SUPPORTS": 1}, {}]
    assert plan["stance_counts"] == {"PROPOSES": 1, "REJECTS": 1}


def test_plan_point_who_stands_where(client: TestClient) -> None:
    point = get(client, f"/plans/{d.PLAN}/points/1")
    assert point["plan"]["id"] == d.PLAN and point["point"]["id"] == d.POINT[1]
    assert point["point"]["stance_counts"] == {"SUPPORTS": 2, "REJECTS": 1}
    positions = [
        (group["type"], [(a["actor"]["id"], a["count"], a["latest"]) for a in group["actors"]])
        for group in point["positions"]
    ]
    assert positions == [("SUPPORTS", [(d.ADA, 2, "2025-11-24")]), ("REJECTS", [(d.ADA, 1, "2025-11-25")])]
    stances = point["stances"]
    assert stances["total"] == 3
    for stance in stances["items"]:
        assert stance["target"]["id"] == d.POINT[1]
        assert_evidence_verbatim(stance)
    assert [s["quote"] for s in stances["items"]] == [None, "It is the only way,", None]
    rejected = get(client, f"/plans/{d.PLAN}/points/1", type="REJECTS")
    assert [g["type"] for g in rejected["positions"]] == ["REJECTS"] and rejected["stances"]["total"] == 1
    third = get(client, f"/plans/{d.PLAN}/points/3")
    assert [c["id"] for c in third["concerns"]] == [d.PORT]
    assert third["positions"] == [] and third["stances"]["total"] == 0


def test_matrix(client: TestClient) -> None:
    matrix = get(client, f"/plans/{d.PLAN}/matrix")
    assert [(c["id"], c["number"]) for c in matrix["points"]] == [
        (d.PLAN, None),
        (d.POINT[1], 1),
        (d.POINT[2], 2),
        (d.POINT[3], 3),
    ]
    assert [(a["id"], a["total"]) for a in matrix["actors"]] == [(d.ADA, 3), (d.SYLVANIA, 1), (d.LEAGUE, 1), (d.BO, 1)]
    assert matrix["total"] == 4
    cells = {(c["actor"], c["point"]): (c["number"], c["stances"], c["latest_date"]) for c in matrix["cells"]}
    assert cells == {
        (d.ADA, d.POINT[1]): (1, {"SUPPORTS": 2, "REJECTS": 1}, "2025-11-25"),
        (d.SYLVANIA, d.PLAN): (None, {"REJECTS": 1}, "2025-11-21"),
        (d.LEAGUE, d.PLAN): (None, {"PROPOSES": 1}, "2025-11-19"),
        (d.BO, d.POINT[2]): (2, {"SUPPORTS": 1}, "2025-11-24"),
    }


def test_matrix_filter_and_paging(client: TestClient) -> None:
    supports = get(client, f"/plans/{d.PLAN}/matrix", type="SUPPORTS")
    assert len(supports["points"]) == 4  # every point stays a column
    assert {(c["actor"], c["point"]): c["stances"] for c in supports["cells"]} == {
        (d.ADA, d.POINT[1]): {"SUPPORTS": 2},
        (d.BO, d.POINT[2]): {"SUPPORTS": 1},
    }
    first = get(client, f"/plans/{d.PLAN}/matrix", limit=1)
    assert [a["id"] for a in first["actors"]] == [d.ADA] and first["total"] == 4
    assert {c["actor"] for c in first["cells"]} == {d.ADA}


def test_plan_errors(client: TestClient) -> None:
    assert_problem(client, "/plans/plan:nothing", 404)
    assert_problem(client, f"/plans/{d.POINT[1]}", 404)
    assert_problem(client, "/plans/plan:nothing/matrix", 404)
    assert_problem(client, "/plans/plan:nothing/points/1", 404)
    assert_problem(client, f"/plans/{d.PLAN}/points/9", 404)
    assert_problem(client, f"/plans/{d.PLAN}/points/0", 422)
    assert_problem(client, f"/plans/{d.PLAN}/points/one", 422)
    assert_problem(client, f"/plans/{d.PLAN}/matrix", 422, type="LIKES")


# --- timeline, events, places ------------------------------------------------------------


def timeline_keys(page: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(e["date"], e["kind"], e["event"]["id"] if e["event"] else e["stance"]["type"]) for e in page["items"]]


def test_timeline_in_date_order(client: TestClient) -> None:
    page = get(client, "/timeline")
    assert page["total"] == 13 and page["next"] is None
    assert page["window"] == {"date_from": "2025-10-27", "date_to": "2025-11-25", "default": True}
    dates = [entry["date"] for entry in page["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert timeline_keys(page)[-3:] == [  # on one day, by id: the event before the stance of country:...
        ("2025-11-20", "event", d.SUMMIT),
        ("2025-11-20", "stance", "ATTACKS"),
        ("2025-11-19", "stance", "PROPOSES"),
    ]
    event = page["items"][-3]["event"]
    assert event == {
        "id": d.SUMMIT,
        "name": "Port City summit",
        "date": "2025-11-20",
        "end_date": None,
        "kind": "summit",
        "place": d.PORT,
    }
    for entry in page["items"]:
        if entry["stance"]:
            assert_evidence_verbatim(entry["stance"])
    first = get(client, "/timeline", limit=4)
    assert first["items"] == page["items"][:4] and first["total"] == 13
    second = get(client, "/timeline", limit=5, after=first["next"])
    assert second["items"] == page["items"][4:9]
    assert client.get("/timeline", params={"after": "no cursor"}).status_code == 400
    narrow = get(client, "/timeline", date_from="2025-11-20", date_to="2025-11-20")
    assert narrow["window"]["default"] is False
    assert {entry["date"] for entry in narrow["items"]} == {"2025-11-20"} and narrow["total"] == len(narrow["items"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": d.ADA}, ["PARTICIPATES_IN", "MEETS", "SUPPORTS", "SUPPORTS", "CRITICIZES", "REJECTS", d.SUMMIT]),
        ({"place": d.PORT}, ["ATTACKS", "CLAIMS", "DEMANDS", d.SUMMIT]),
        ({"type": "ATTACKS"}, ["ATTACKS"]),
        ({"type": "CLAIMS,DEMANDS"}, ["CLAIMS", "DEMANDS"]),
        ({"kind": "event"}, [d.SUMMIT]),
        ({"date_from": "2025-11-24", "date_to": "2025-11-24"}, ["CRITICIZES", "DEMANDS", "SUPPORTS", "SUPPORTS"]),
        ({"actor": "person:nobody"}, []),
    ],
)
def test_timeline_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    page = get(client, "/timeline", **params)
    assert sorted(key for _, _, key in timeline_keys(page)) == sorted(expected)
    assert page["total"] == len(expected)


def test_stance_only_timeline_has_every_dated_stance(client: TestClient, store: GraphStore) -> None:
    page = get(client, "/timeline", kind="stance")
    rows = cypher(
        store, "MATCH (:Actor)-[r]->() WHERE r.date IS NOT NULL AND r.evidence IS NOT NULL RETURN count(r) AS n"
    )
    assert page["total"] == rows[0]["n"] == 12


def test_event(client: TestClient) -> None:
    event = get(client, f"/events/{d.SUMMIT}")
    assert event["name"] == "Port City summit" and event["date"] == "2025-11-20" and event["kind"] == "summit"
    assert event["place"] == {"id": d.PORT, "name": "Port City", "labels": ["Place"]}
    assert [(g["type"], [a["actor"]["id"] for a in g["actors"]]) for g in event["positions"]] == [
        ("PARTICIPATES_IN", [d.ADA])
    ]
    assert event["stances"]["total"] == 1
    assert_evidence_verbatim(event["stances"]["items"][0])
    assert_problem(client, "/events/event:nothing", 404)
    assert_problem(client, f"/events/{d.ADA}", 404)
    assert_problem(client, f"/events/{d.SUMMIT}", 422, limit="many")


def test_place_who_claims_attacks_demands(client: TestClient) -> None:
    place = get(client, f"/places/{d.PORT}")
    assert place["name"] == "Port City" and place["kind"] == "city" and place["lat"] == 1.5
    assert [(g["type"], [a["actor"]["id"] for a in g["actors"]]) for g in place["positions"]] == [
        ("CLAIMS", [d.BO]),
        ("DEMANDS", [d.FREEDONIA]),
        ("ATTACKS", [d.SYLVANIA]),
    ]
    assert {(link["type"], link["direction"], link["other"]["id"]) for link in place["links"]} == {
        ("LOCATED_IN", "out", d.SYLVANIA),
        ("HELD_IN", "in", d.SUMMIT),
        ("CONCERNS", "in", d.POINT[3]),
    }
    assert place["stances"]["total"] == 3
    for stance in place["stances"]["items"]:
        assert stance["target"]["id"] == d.PORT
        assert_evidence_verbatim(stance)
    claims = get(client, f"/places/{d.PORT}", type="CLAIMS")["stances"]
    assert [(s["source"]["id"], s["evidence"]) for s in claims["items"]] == [
        (d.BO, "Bo Sample claimed that Sylvanian troops control Port City.")
    ]
    assert_problem(client, "/places/place:atlantis", 404)
    assert_problem(client, f"/places/{d.BO}", 404)
    assert_problem(client, f"/places/{d.PORT}", 422, type="OWNS")


# --- injection: every filter -------------------------------------------------------------

ENUM_FILTERS = [
    ("/actors", "type"),
    ("/actors", "sort"),
    (f"/actors/{d.ADA}/stances", "type"),
    (f"/actors/{d.ADA}/stances", "direction"),
    (f"/actors/{d.ADA}/stances", "date_from"),
    (f"/plans/{d.PLAN}/points/1", "type"),
    (f"/plans/{d.PLAN}/matrix", "type"),
    ("/timeline", "type"),
    ("/timeline", "kind"),
    ("/timeline", "date_to"),
    (f"/places/{d.PORT}", "type"),
    (f"/graph/neighborhood/{d.ADA}", "types"),
    (f"/graph/neighborhood/{d.ADA}", "depth"),
    ("/analytics/centrality", "sort"),
    ("/export", "format"),
    ("/export", "types"),
]
ID_FILTERS = [
    ("/actors", "country", "items"),
    (f"/actors/{d.ADA}/stances", "target", "items"),
    ("/timeline", "actor", "items"),
    ("/timeline", "place", "items"),
    ("/analytics/contradictions", "actor", "items"),
]
ID_PATHS = [
    "/actors/{}",
    "/actors/{}/stances",
    "/plans/{}",
    "/plans/{}/matrix",
    "/plans/{}/points/1",
    "/events/{}",
    "/places/{}",
    "/graph/neighborhood/{}",
]


def graph_size(store: GraphStore) -> tuple[object, object]:
    nodes = cypher(store, "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN count(n) AS n")[0]["n"]
    relationships = cypher(store, "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return nodes, relationships


@pytest.mark.parametrize("injection", d.INJECTIONS)
def test_injection_strings_are_refused_or_inert(client: TestClient, store: GraphStore, injection: str) -> None:
    before = graph_size(store)
    for url, name in ENUM_FILTERS:
        assert client.get(url, params={name: injection}).status_code == 422, (url, name)
    for url, name, key in ID_FILTERS:
        assert get(client, url, **{name: injection})[key] == [], (url, name)
    for template in ID_PATHS:
        assert client.get(template.format(injection)).status_code == 404, template
    assert client.get("/graph/paths", params={"from": injection, "to": d.ADA}).status_code == 404
    assert client.get("/graph/paths", params={"from": d.ADA, "to": injection}).status_code == 404
    assert client.get("/export", params={"id": injection}).status_code == 404
    assert graph_size(store) == before
    assert cypher(store, "MATCH (n:Person {id: $id}) RETURN n.name AS name", id=d.ADA) == [{"name": "Ada Example"}]
