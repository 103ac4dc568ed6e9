"""Case extract → national exports → hub → EU aggregates, worked out by hand (the hand-made
extract) and against the national files themselves (the small demo, 31 countries, with one
country's files arriving late)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import query, run_cli
from tests.hub.test_hub_receive import exported  # noqa: F401 — the hand-made 2024-Q1 export

ALL_TOTALS = ("coalesce(citizen, 'TOTAL') = 'TOTAL' and coalesce(sex, 'T') = 'T' and coalesce(age, 'TOTAL') = "
              "'TOTAL' and coalesce(c_dest, 'TOTAL') = 'TOTAL' and coalesce(return_type, 'TOTAL') = 'TOTAL' and "
              "coalesce(third_country, 'TOTAL') = 'TOTAL'")


def _aggregate(serving: Path, dataflow: str, geo: str, period: str, indic: str | None = None):
    return query(serving, f"select obs_value, obs_status, countries_missing, countries_not_collected "
                          f"from eu.hub_aggregates where dataflow = ? and geo = ? and time_period = ? "
                          f"and indic is not distinct from ? and {ALL_TOTALS}", [dataflow, geo, period, indic])


def test_hand_made_extract_through_the_hub(exported, tmp_path):  # noqa: F811
    hub = tmp_path / "hub.duckdb"
    assert run_cli("hub", "receive", str(exported), "--db", str(hub)).returncode == 0
    assert run_cli("hub", "build", "--db", str(hub)).returncode == 0
    serving = hub.with_name("hub.serving.duckdb")
    # persons ordered to leave in 2024-Q1: IT 4 (A, B, D, F; E was quarantined) + DK 1 (G) = 5,
    # provisional: 25 EU countries sent nothing
    value, status, missing, _ = _aggregate(serving, "EIL_ORD_Q", "EU27_2020", "2024-Q1")[0]
    assert (value, status) == (5, "P") and len(missing.split(", ")) == 25 and "IT" not in missing
    # ART48_Q over the bound countries only: DK is not bound, so not missing; IT's ALT: A and D = 2
    value, status, missing, _ = _aggregate(serving, "ART48_Q", "EU27_2020_EFTA", "2024-Q1", "ALT")[0]
    assert (value, status) == (2, "P") and "DK" not in missing and "IE" not in missing
    assert len(missing.split(", ")) == 28  # the 29 bound countries but IT
    # FRONTEX_M February: IT's one application (A2 for DZ) + DK's none
    assert _aggregate(serving, "FRONTEX_M", "EU27_2020", "2024-02", "READM_APP")[0][:2] == (1, "P")


@pytest.fixture(scope="module")
def demo_quarter(small_demo, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hub_demo")
    result = run_cli("export", "--quarter", "2024-Q1", "--out", str(base / "all"), "--db", str(small_demo))
    assert result.returncode == 0, result.stderr
    return base / "all"


def _split(folder: Path, target: Path, late: str) -> tuple[Path, Path]:
    """The export as two sendings: every country's files but `late`'s, and `late`'s alone."""
    manifest = json.loads((folder / "manifest.json").read_text())
    early, later = target / "early" / "2024-Q1", target / "late" / "2024-Q1"
    for dest, keep in ((early, lambda f: f["geo"] != late), (later, lambda f: f["geo"] == late)):
        dest.mkdir(parents=True)
        files = [f for f in manifest["files"] if keep(f)]
        for f in files:
            shutil.copy(folder / f["file"], dest / f["file"])
        (dest / "manifest.json").write_text(json.dumps(manifest | {"files": files}))
    return early.parent, later.parent


def _national_total(folder: Path, dataflow: str, geos: set[str]) -> int:
    """The sum of the national all-totals cells, read from the national files themselves."""
    total = 0
    for path in folder.glob(f"{dataflow}_*_2024-Q1.csv"):
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                if row["GEO"] in geos and row["CITIZEN"] == "TOTAL" and row["SEX"] == "T" and row["AGE"] == "TOTAL":
                    total += int(row["OBS_VALUE"])
    return total


def test_a_country_late_makes_the_aggregate_provisional_until_it_arrives(demo_quarter, tmp_path):
    early, later = _split(demo_quarter, tmp_path, "LI")
    hub = tmp_path / "hub.duckdb"
    serving = hub.with_name("hub.serving.duckdb")
    assert run_cli("hub", "receive", str(early), "--db", str(hub)).returncode == 0
    assert run_cli("hub", "build", "--db", str(hub)).returncode == 0
    eu = {r[0] for r in query(serving, "select geo from ref.ref_reporting_countries where membership = 'EU'")}
    everyone = eu | {"IS", "LI", "NO", "CH"}
    # LI is EFTA: EU27_2020 is complete, EU27_2020_EFTA is not, and says who is missing
    assert _aggregate(serving, "EIL_ORD_Q", "EU27_2020", "2024-Q1")[0] == (
        _national_total(demo_quarter, "EIL_ORD_Q", eu), "A", None, None)
    assert _aggregate(serving, "EIL_ORD_Q", "EU27_2020_EFTA", "2024-Q1")[0] == (
        _national_total(demo_quarter, "EIL_ORD_Q", everyone - {"LI"}), "P", "LI", None)
    status = run_cli("hub", "status", "--period", "2024-Q1", "--db", str(hub))
    assert status.returncode == 0 and re.search(r"EIL_ORD_Q .* LI$", status.stdout, re.MULTILINE)
    assert query(serving, "select timeliness from eu.hub_completeness where geo = 'LI' and dataflow = 'EIL_ORD_Q' "
                          "and time_period = '2024-Q1'") == [("missing",)]
    # LI's files arrive: the aggregate is final
    assert run_cli("hub", "receive", str(later), "--db", str(hub)).returncode == 0
    assert run_cli("hub", "build", "--db", str(hub)).returncode == 0
    assert _aggregate(serving, "EIL_ORD_Q", "EU27_2020_EFTA", "2024-Q1")[0] == (
        _national_total(demo_quarter, "EIL_ORD_Q", everyone), "A", None, None)
    # and the hub's export says the same, in the transmission format
    out = tmp_path / "eu"
    assert run_cli("hub", "export", "--quarter", "2024-Q1", "--out", str(out), "--db", str(hub)).returncode == 0
    with (out / "EIL_ORD_Q_EU27_2020_EFTA_2024-Q1.csv").open(newline="") as handle:
        cell = [r for r in csv.DictReader(handle) if (r["CITIZEN"], r["SEX"], r["AGE"]) == ("TOTAL", "T", "TOTAL")]
    assert [(c["OBS_VALUE"], c["OBS_STATUS"]) for c in cell] == [
        (str(_national_total(demo_quarter, "EIL_ORD_Q", everyone)), "A")]
    assert (out / "RETURNSTATS_STRUCTURE.xml").exists() and (out / "manifest.json").exists()
