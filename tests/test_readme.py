"""The README documents what the code does: every setting, every endpoint, the two commands."""

from __future__ import annotations

import re

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"PEACEGRAPH_[A-Z0-9_]+", README))
    missing = {f"PEACEGRAPH_{name.upper()}" for name in Settings.model_fields} - documented
    assert not missing, f"settings missing from the README: {sorted(missing)}"


def test_every_endpoint_is_documented() -> None:
    paths = create_app(Settings(_env_file=None)).openapi()["paths"]  # type: ignore[call-arg]
    for path in paths:
        stem = re.sub(r"\{[^}]+\}", "{", path).split("{")[0].rstrip("/")
        assert stem in README, f"endpoint {path} is not in the README"


def test_quick_start_is_the_two_make_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make (\w+)", quick_start, flags=re.M)
    assert commands == ["up", "test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
