"""The files beside a warehouse, named in one place (returnstats.warehouse.WarehousePaths)."""

from pathlib import Path

from returnstats.build import scratch_path
from returnstats.revisions import store_path
from returnstats.warehouse import WarehousePaths, serving_path


def test_siblings_of_a_warehouse_file():
    paths = WarehousePaths(Path("w/returnstats.duckdb"))
    assert paths.serving == Path("w/returnstats.serving.duckdb")
    assert paths.build_scratch == Path("w/returnstats.build.duckdb")
    assert paths.transmissions == Path("w/returnstats.transmissions.duckdb")
    assert paths.build_lock == Path("w/returnstats.build.lock")
    assert paths.export_lock == Path("w/returnstats.export.lock")
    assert (paths.qa_reports, paths.quarantine_reports) == (Path("w/qa"), Path("w/reports"))


def test_the_hub_file_gets_its_own_siblings():
    assert serving_path(Path("w/hub.duckdb")) == Path("w/hub.serving.duckdb")
    assert scratch_path(Path("w/hub.duckdb")) == Path("w/hub.build.duckdb")
    assert store_path(Path("w/hub.duckdb")) == Path("w/hub.transmissions.duckdb")
