"""SDMX 2.1: the structure message and the data messages, read back by a real SDMX client
(`sdmx1`) and compared with the SDMX-CSV files cell by cell.

The demo (a generated year, 2024) is exported twice, once per format; every file of one
quarter (2024-Q1, when HU declares alternatives not collected: L cells) and of the year
(annual flows and ART25A_A, with undefined ratios: M cells) is checked.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
import sdmx

from returnstats.export_flows import ALL_FLOWS
from returnstats.ingest.contract import CITIZEN_CODES, REPORTING_COUNTRIES, THIRD_COUNTRY_CODES
from returnstats.structure import STRUCTURE_FILE
from tests.conftest import run_cli

PERIODS = [("--quarter", "2024-Q1"), ("--year", "2024")]


@pytest.fixture(scope="module")
def exported(small_demo, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """period -> (SDMX-CSV folder, SDMX-ML folder)."""
    base = tmp_path_factory.mktemp("sdmx")
    folders = {}
    for option, period in PERIODS:
        for fmt in ("sdmx-csv", "sdmx-ml"):
            result = run_cli("export", option, period, "--format", fmt, "--out", str(base / fmt / period),
                             "--db", str(small_demo))
            assert result.returncode == 0, result.stdout + result.stderr
        folders[period] = (base / "sdmx-csv" / period, base / "sdmx-ml" / period)
    return folders


@pytest.fixture(scope="module")
def structure(exported):
    return sdmx.read_sdmx(exported["2024"][0] / STRUCTURE_FILE)


def _csv_cells(path: Path, dimensions: list[str]) -> dict[tuple, tuple[str, str]]:
    """key (series dimensions + TIME_PERIOD) -> (OBS_VALUE text, OBS_STATUS), every cell as text."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cells = {tuple(r[d] for d in dimensions): (r["OBS_VALUE"], r["OBS_STATUS"]) for r in rows}
    assert len(cells) == len(rows), f"{path.name}: a key appears twice"
    return cells


def _ml_cells(path: Path, structure, dimensions: list[str]) -> dict[tuple, tuple[float, str]]:
    dsd = structure.structure[f"DSD_{_flow_of(path).code}"]
    message = sdmx.read_sdmx(path, structure=dsd)
    assert len(message.data) == 1
    cells = {}
    for observation in message.data[0].obs:
        key = {**observation.series_key.order().values, **observation.dimension.values}
        cells[tuple(str(key[d].value) for d in dimensions)] = (
            observation.value, observation.attached_attribute["OBS_STATUS"].value)
    return cells


def _flow_of(path: Path):
    return next(f for code, f in ALL_FLOWS.items() if path.name.startswith(code + "_"))


def test_every_data_message_reads_back_equal_to_its_csv(exported, structure):
    seen = {"NA": False, "hyphen": False, "L": False, "M": False}
    flows_seen = set()
    for csv_folder, ml_folder in exported.values():
        csv_files = sorted(p.stem for p in csv_folder.glob("*.csv") if not p.name.startswith("REVISIONS"))
        ml_files = sorted(p.stem for p in ml_folder.glob("*.xml") if p.name != STRUCTURE_FILE)
        assert csv_files == ml_files and csv_files
        for stem in csv_files:
            flow = _flow_of(Path(stem))
            flows_seen.add(flow.code)
            dimensions = [*flow.series_dims, "TIME_PERIOD"]
            from_csv = _csv_cells(csv_folder / f"{stem}.csv", dimensions)
            from_ml = _ml_cells(ml_folder / f"{stem}.xml", structure, dimensions)
            assert from_ml.keys() == from_csv.keys(), stem
            for key, (text, status) in from_csv.items():
                value, ml_status = from_ml[key]
                assert ml_status == status, (stem, key)
                if text == "":
                    assert value is None or math.isnan(value), (stem, key)
                else:
                    assert float(value) == float(text), (stem, key, value, text)
                seen["NA"] |= "NA" in key
                seen["hyphen"] |= any("-" in k and not k[:4].isdigit() for k in key)
                if status in ("L", "M"):
                    seen[status] = True
    # the special cases this test exists for were really in the data
    assert seen == {"NA": True, "hyphen": True, "L": True, "M": True}
    assert flows_seen == set(ALL_FLOWS)


def test_every_csv_code_and_key_is_in_the_structure(exported, structure):
    for period, (csv_folder, _) in exported.items():
        for path in csv_folder.glob("*.csv"):
            if path.name.startswith("REVISIONS"):
                continue
            flow = _flow_of(path)
            dsd = structure.structure[f"DSD_{flow.code}"]
            assert flow.code in structure.dataflow
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                assert reader.fieldnames == flow.columns
                rows = list(reader)
            assert {r["DATAFLOW"] for r in rows} == {f"RETURNSTATS:{flow.code}(1.0)"}
            for dim in dsd.dimensions.components:
                if dim.id == "TIME_PERIOD":
                    assert {r["TIME_PERIOD"] for r in rows} <= {period, "2024-01", "2024-02", "2024-03"}
                    continue
                codes = {c.id for c in dim.local_representation.enumerated}
                assert {r[dim.id] for r in rows} <= codes, (path.name, dim.id)
            statuses = {c.id for c in dsd.attributes.get("OBS_STATUS").local_representation.enumerated}
            assert {r["OBS_STATUS"] for r in rows} <= statuses


def test_structure_has_named_code_lists_a_dsd_and_dataflow_per_flow(exported, structure):
    assert set(structure.dataflow) == set(ALL_FLOWS)
    assert {f"DSD_{code}" for code in ALL_FLOWS} == set(structure.structure)
    for codelist in structure.codelist.values():
        assert all(str(code.name) for code in codelist), codelist.id
    ages = structure.codelist["CL_AGE"]
    assert {"Y_LT14", "Y14-17", "Y_LT18", "TOTAL", "UNK"} <= {c.id for c in ages}
    assert str(structure.codelist["CL_CITIZEN"]["NA"].name) == "Namibia"
    assert {c.id for c in structure.codelist["CL_OBS_STATUS"]} == {"A", "P", "L", "M"}
    dsd = structure.structure["DSD_EIL_RTN_Q"]
    assert [d.id for d in dsd.dimensions.components] == ["FREQ", "GEO", "CITIZEN", "SEX", "AGE", "C_DEST", "UNIT",
                                                         "TIME_PERIOD"]
    # the dataflows record the counting settings the figures were built with (as the manifest does)
    manifest = json.loads((exported["2024"][0] / "manifest.json").read_text())
    annotations = {a.title: a.text.localizations.get("en") for a in structure.dataflow["ART48_Q"].annotations}
    assert annotations["art48_measure_count"] == manifest["settings"]["art48_measure_count"] == "overlap"
    assert annotations["art25a_min_return_decisions"] == "150"
    assert manifest["structure"]["file"] == STRUCTURE_FILE
    assert (exported["2024"][1] / STRUCTURE_FILE).read_bytes() == (exported["2024"][0] / STRUCTURE_FILE).read_bytes()


def test_code_lists_agree_with_the_input_contract(tmp_path):
    """The seeds that the structure is built from and the contract that ingestion enforces
    name the same countries (a drift test between the two homes)."""
    result = run_cli("structure", "--out", str(tmp_path / "s.xml"), "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 0 and "defaults of dbt_project.yml" in result.stdout, result.stderr
    message = sdmx.read_sdmx(tmp_path / "s.xml")
    ids = {cl: {c.id for c in message.codelist[cl]} for cl in ("CL_GEO", "CL_CITIZEN", "CL_THIRD_COUNTRY")}
    assert ids["CL_GEO"] == set(REPORTING_COUNTRIES) | {"TOTAL", "EU27_2020", "EU27_2020_EFTA"}
    assert ids["CL_CITIZEN"] == set(CITIZEN_CODES) | {"TOTAL"}
    assert ids["CL_THIRD_COUNTRY"] == set(THIRD_COUNTRY_CODES) | {"TOTAL"}
