"""What the dbt project promises about the tables others read: every mart and every hub table
read downstream (exports, dashboards, the pack, analysts) has an enforced contract — its
columns, their order and types are declared, and a build that changes them fails — and every
column is described."""

from __future__ import annotations

import re

import yaml

from tests import REPO_ROOT

# Hub models only other hub models read (not the hub's exports, dashboard or pack).
HUB_INTERNAL = {"hub_art25a_selection", "hub_art25a_not_collected"}


def _models(folder: str) -> dict[str, dict]:
    models = {}
    for path in (REPO_ROOT / "models" / folder).rglob("*.yml"):
        models |= {m["name"]: m for m in yaml.safe_load(path.read_text()).get("models", [])}
    return models


def _sql_models(folder: str) -> set[str]:
    return {p.stem for p in (REPO_ROOT / "models" / folder).rglob("*.sql")}


def test_every_mart_and_every_hub_table_read_downstream_has_an_enforced_contract():
    for folder in ("marts", "hub"):
        described = _models(folder)
        for name in sorted(_sql_models(folder) - HUB_INTERNAL):
            assert name in described, f"{name} has no properties"
            assert described[name].get("config", {}).get("contract", {}).get("enforced") is True, name
            assert all("data_type" in c for c in described[name]["columns"]), name


def test_every_column_of_a_mart_or_hub_table_is_described_once():
    doc_blocks = set()
    for path in (REPO_ROOT / "models").rglob("*.md"):
        doc_blocks |= set(re.findall(r"{% docs (\w+) %}", path.read_text()))
    for folder in ("marts", "hub"):
        for name, model in _models(folder).items():
            assert model.get("description"), name
            for column in model.get("columns", []):
                description = column.get("description", "")
                assert description, f"{name}.{column['name']}"
                referenced = re.findall(r"doc\('(\w+)'\)", description)
                assert all(block in doc_blocks for block in referenced), f"{name}.{column['name']}: {referenced}"
