"""A published warehouse built from the hand-made extract (figures known by hand)."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.handmade_extract import write_handmade_extract


@pytest.fixture(scope="package")
def published(tmp_path_factory):
    base = tmp_path_factory.mktemp("dashboard")
    db = base / "wh" / "returnstats.duckdb"
    write_handmade_extract(base / "extract")
    for args in (["ingest", str(base / "extract")], ["build"], ["validate", "--quarter", "2024-Q1"],
                 ["export", "--quarter", "2024-Q1", "--out", str(base / "exports")]):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    return db
