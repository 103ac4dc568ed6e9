"""A published warehouse built from the hand-made extract (figures known by hand)."""

from __future__ import annotations

import pytest

from tests.handmade_extract import built_warehouse


@pytest.fixture(scope="package")
def published(tmp_path_factory):
    base = tmp_path_factory.mktemp("dashboard")
    return built_warehouse(base, ["validate", "--quarter", "2024-Q1"],
                           ["export", "--quarter", "2024-Q1", "--out", str(base / "exports")])
