"""The written training cases (loaders/data/written): well-formed, and naming what the extractor can find."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from peacegraph.graph.errors import InputError
from peacegraph.graph.model import ACTOR_TYPES, StanceType
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.written import WRITTEN_DIR, WrittenCase, case_gold, load_written


def test_every_file_loads_with_unique_case_ids() -> None:
    cases = load_written()
    assert len({gold.article for _, gold in cases}) == len(cases)
    for path in WRITTEN_DIR.glob("*.yaml"):  # no file without cases
        assert any(gold.article.startswith(f"{path.stem}-") for _, gold in cases), path.name


def test_the_cases_teach_every_relation_type_and_its_absence() -> None:
    golds = [gold for _, gold in load_written()]
    per_type = Counter(kind for gold in golds for _, kind, _ in gold.relations)
    assert {StanceType(kind) for kind in per_type} == set(StanceType)
    assert sum(1 for gold in golds if not gold.relations) >= len(golds) // 5  # negatives: nothing is stated


def test_every_actor_a_case_names_is_an_entity_the_extractor_finds(extractor: RuleExtractor) -> None:
    """A speaker the extractor never produces would make the case's relations unreachable, and every pair
    around them a wrong negative: names must be the gazetteer's or the text's own. (Targets may be gaps:
    a plan point or event the extractor does not read yet.)"""
    cases = load_written()
    extractions = extractor.extract([article for article, _ in cases])
    unresolved = []
    for (_, gold), extraction in zip(cases, extractions, strict=True):
        found = {gold.resolve_entity(entity) for entity in extraction.entities}
        actors = {entity.name for entity in extraction.entities if entity.type in ACTOR_TYPES} | {
            name for name in found if name
        }
        for source, _, _ in gold.relations:
            if source not in found:
                unresolved.append(f"{gold.article}: {source} (found {sorted(actors)})")
    assert not unresolved, "\n".join(unresolved)


def test_a_plan_point_is_named_by_its_number() -> None:
    case = WrittenCase(
        id="army-cap",
        text="Volodymyr Zelensky rejected the 28-point plan's cap on the army.",
        relations=[("Volodymyr Zelenskyy", StanceType.REJECTS, "28-point peace plan #6")],
    )
    gold = case_gold("x-army-cap", case)
    assert gold.point_by_number == {6: "28-point peace plan #6"}
    assert gold.resolve("anything", point=True, number=6) == "28-point peace plan #6"
    assert gold.names == {"Volodymyr Zelenskyy"}


def test_a_malformed_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("phenomenon: x\ncases:\n  - id: Bad Id\n    text: ''\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.yaml"):
        load_written(tmp_path)


def test_a_case_id_used_twice_is_an_input_error(tmp_path: Path) -> None:
    text = "phenomenon: x\ncases:\n  - id: one\n    text: A.\n  - id: one\n    text: B.\n"
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="c-one"):
        load_written(tmp_path)
