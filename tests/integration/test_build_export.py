"""`returnstats build` publishes atomically; `returnstats export` errors and options."""

from __future__ import annotations

import hashlib
import stat
from datetime import date

import pytest

from returnstats.build import BuildError, build_and_publish
from returnstats.warehouse import serving_path
from tests.conftest import query, run_cli
from tests.handmade_extract import built_warehouse


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_warehouse(tmp_path_factory.mktemp("built"))


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_serving_file_is_separate_and_read_only(built):
    serving = serving_path(built)
    assert serving != built and serving.exists()
    assert not serving.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    tables = {t for (t,) in query(serving, "select table_schema || '.' || table_name from information_schema.tables")}
    assert {"marts.art48_q", "marts.eil_ord_q", "marts.eil_rtn_q", "marts.eil_rtt_q", "marts.frontex_m",
            "marts.detention_by_ground_q", "ref.ref_countries"} <= tables
    # the warehouse itself holds no marts: the build only reads it
    assert query(built, "select count(*) from information_schema.tables where table_schema = 'marts'") == [(0,)]


def test_failed_build_leaves_warehouse_and_published_marts_unchanged(built):
    before = (_digest(built), _digest(serving_path(built)))
    with pytest.raises(BuildError, match="dbt build failed"):
        build_and_publish(built, echo=lambda _line: None, dbt_vars={"art48_measure_count": "sometimes"})
    assert (_digest(built), _digest(serving_path(built))) == before


def test_started_setting_counts_only_measures_started_in_the_quarter(built, tmp_path):
    # By hand: with `started`, FR ALT keeps B (measure from 2024-01-20) and loses C (since 2023);
    # FR DET keeps A (T2 started 2024-02-01) and E (T3 started 2024-03-31).
    build_and_publish(built, echo=lambda _line: None, dbt_vars={"art48_measure_count": "started"})
    totals = dict(query(serving_path(built), "select indic, obs_value from marts.art48_q where geo = 'FR' and "
                                             "citizen = 'TOTAL' and sex = 'T' and age = 'TOTAL'"))
    assert totals == {"ALT": 1, "DET": 2, "RECOG": 1}
    # By hand: with `end_of_quarter` (in force on 2024-03-31), FR ALT keeps only C (ongoing since
    # 2023; B's measure ended 2024-02-20), FR DET only E (T3 from 2024-03-31, ongoing).
    build_and_publish(built, echo=lambda _line: None, dbt_vars={"art48_measure_count": "end_of_quarter"})
    totals = dict(query(serving_path(built), "select indic, obs_value from marts.art48_q where geo = 'FR' and "
                                             "citizen = 'TOTAL' and sex = 'T' and age = 'TOTAL'"))
    assert totals == {"ALT": 1, "DET": 1, "RECOG": 1}
    build_and_publish(built, echo=lambda _line: None)  # back to the default for the other tests
    totals = dict(query(serving_path(built), "select indic, obs_value from marts.art48_q where geo = 'FR' and "
                                             "citizen = 'TOTAL' and sex = 'T' and age = 'TOTAL'"))
    assert totals == {"ALT": 2, "DET": 2, "RECOG": 1}


def test_an_unknown_setting_is_refused_before_anything_runs(built):
    before = _digest(serving_path(built))
    result = run_cli("build", "--var", "art48_measure_cuont=started", "--db", str(built))
    assert result.returncode == 2
    assert "unknown setting(s) art48_measure_cuont" in " ".join(result.stderr.split())
    assert _digest(serving_path(built)) == before


def test_a_period_that_has_not_ended_is_never_exported(built, tmp_path):
    today = date.today()
    for args in (["--quarter", f"{today.year}-Q{(today.month + 2) // 3}"], ["--month", today.strftime("%Y-%m")],
                 ["--year", str(today.year)]):
        result = run_cli("export", *args, "--out", str(tmp_path / "o"), "--db", str(built))
        assert result.returncode == 2 and "has not ended" in " ".join(result.stderr.split()), args
    assert not (tmp_path / "o").exists()


def test_build_without_warehouse_is_a_clear_error(tmp_path):
    result = run_cli("build", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2
    assert "no warehouse at" in result.stderr and "returnstats ingest" in result.stderr


def test_export_before_build_is_a_clear_error(tmp_path):
    result = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "o"), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2 and "has not been built" in " ".join(result.stderr.split())


def test_export_of_a_quarter_without_data_is_a_clear_error(built, tmp_path):
    result = run_cli("export", "--quarter", "2019-Q3", "--out", str(tmp_path / "o"), "--db", str(built))
    assert result.returncode == 2 and "no data for quarter 2019-Q3" in result.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


@pytest.mark.parametrize(("args", "message"), [
    (["--quarter", "2024Q1"], "not a quarter of the form YYYY-Qn"),
    (["--quarter", "2024-Q1", "--country", "IT"], "no data for reporting country IT"),
    ([], "give exactly one of"),
])
def test_export_usage_errors(built, tmp_path, args, message):
    result = run_cli("export", *args, "--out", str(tmp_path / "o"), "--db", str(built))
    assert result.returncode == 2 and message in " ".join(result.stderr.split())


def test_export_one_country_leaves_no_temporary_file(built, tmp_path):
    result = run_cli("export", "--quarter", "2024-Q1", "--country", "de", "--out", str(tmp_path / "o"),
                     "--db", str(built))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "o").iterdir())
    assert names == ["ART48_Q_DE_2024-Q1.csv", "EIL_ORD_Q_DE_2024-Q1.csv", "EIL_RTN_Q_DE_2024-Q1.csv",
                     "EIL_RTT_Q_DE_2024-Q1.csv", "EIL_UAM_Q_DE_2024-Q1.csv", "FRONTEX_M_DE_2024-01.csv",
                     "FRONTEX_M_DE_2024-02.csv",
                     "FRONTEX_M_DE_2024-03.csv", "RETURNSTATS_STRUCTURE.xml", "manifest.json"]
