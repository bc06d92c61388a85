"""Article language: detected (lingua), stored on the Article, and an article not in English skipped by name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.language import detect_language, keep_english
from peacegraph.loaders.pipeline import read_paths
from tests.conftest import SEEDS, cypher, run_cli

RUSSIAN = (
    "Москва, 22 ноября 2025 года. Президент России Владимир Путин заявил в пятницу, что американский план "
    "из 28 пунктов может стать основой для окончательного мирного урегулирования, однако Киев и его "
    "европейские союзники пока не готовы обсуждать его по существу."
)
UKRAINIAN = (
    "Київ, 23 листопада 2025 року. Президент України Володимир Зеленський заявив, що Україна не погодиться "
    "на план, який вимагає відмовитися від території, і що переговори в Женеві мають врахувати позицію "
    "європейських партнерів."
)
GERMAN = (
    "Berlin, 24. November 2025. Bundeskanzler Friedrich Merz sagte am Montag, Europa müsse bei den "
    "Verhandlungen über den amerikanischen Friedensplan mit am Tisch sitzen, und die Ukraine dürfe nicht "
    "zu Gebietsabtretungen gezwungen werden."
)
KEY = "language-test-key"


def english_article(number: int = 0) -> str:
    return sorted(SEEDS.glob("*.txt"))[number].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [(RUSSIAN, "ru", "Russian"), (UKRAINIAN, "uk", "Ukrainian"), (GERMAN, "de", "German")],
)
def test_the_language_of_an_article_is_detected(text: str, code: str, name: str) -> None:
    found = detect_language(text)
    assert found is not None and (found.code, found.name) == (code, name)
    assert not found.english


def test_english_is_english_and_a_short_text_is_not_judged() -> None:
    found = detect_language(english_article())
    assert found is not None and found.english and found.code == "en"
    assert detect_language("Путин заявил.") is None  # too short to tell reliably: loaded as before


def test_keep_english_moves_the_others_to_the_failures(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(english_article(), encoding="utf-8")
    (tmp_path / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Putin spoke about the plan.", encoding="utf-8")
    report = keep_english(read_paths([tmp_path]))
    assert sorted((Path(a.path or "").name, a.language) for a in report.articles) == [("en.txt", "en"),
                                                                                      ("short.txt", None)]  # fmt: skip
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        ("ru.txt", "in Russian; peacegraph reads English")
    ]


def test_cli_ingest_skips_a_russian_article_by_name_and_stores_the_language(
    store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "en.txt").write_text(english_article(), encoding="utf-8")
    (tmp_path / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    result = run_cli(server_settings, "ingest", "--json", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "ru.txt: in Russian; peacegraph reads English" in " ".join(result.stderr.split())
    report = json.loads(result.stdout)
    assert report["articles"] == 1
    assert [(Path(s["where"]).name, s["reason"]) for s in report["skipped"]] == [
        ("ru.txt", "in Russian; peacegraph reads English")
    ]
    rows = cypher(store, "MATCH (a:Article) RETURN a.path AS path, a.language AS language")
    assert [(Path(str(row["path"])).name, row["language"]) for row in rows] == [("en.txt", "en")]
    only_russian = run_cli(server_settings, "ingest", str(tmp_path / "ru.txt"))
    assert only_russian.returncode == 2
    assert "no article could be loaded" in only_russian.stderr


@pytest.fixture(scope="module")
def writer(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    settings = server_settings.model_copy(update={"api_key": SecretStr(KEY)})
    with TestClient(create_app(settings), headers={"X-API-Key": KEY}) as client:
        yield client


def test_rest_ingest_names_the_article_it_skipped(writer: TestClient, store: GraphStore) -> None:
    body = {"articles": [{"text": english_article(1), "title": "Seed"}, {"text": UKRAINIAN, "title": "Київ"}]}
    response = writer.post("/articles", json=body)
    assert response.status_code == 201, response.text
    result = response.json()
    assert [a["title"] for a in result["articles"]] == ["Seed"]
    assert [f["reason"] for f in result["failed"]] == ["in Ukrainian; peacegraph reads English"]
    (created,) = result["articles"]
    assert writer.get(f"/articles/{created['id']}").json()["properties"]["language"] == "en"
    refused = writer.post("/articles", json={"text": RUSSIAN, "title": "Москва"})
    assert refused.status_code == 400
    assert "in Russian; peacegraph reads English" in refused.json()["detail"]
    assert cypher(store, "MATCH (a:Article {title: 'Москва'}) RETURN count(a) AS n") == [{"n": 0}]
