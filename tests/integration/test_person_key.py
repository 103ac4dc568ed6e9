"""The compact person key (issue 18) and the restructured ingestion: the same rows loaded and
quarantined as before, persons keyed once and for good, and older warehouses migrated."""

from __future__ import annotations

import csv
import hmac
import shutil
from pathlib import Path

import duckdb

from returnstats.ingest.contract import TABLES
from returnstats.warehouse import serving_path
from tests.conftest import SMALL_DEMO_BUILD_VARS, TEST_KEY, query, run_cli, valid, write_extract
from tests.dirty_delivery import write_dirty_delivery

EXPECTED_QUARANTINE = Path(__file__).parent.parent / "data" / "dirty_delivery_quarantine.csv"


def _quarantine(db: Path) -> list[list[str]]:
    rows = query(db, """select table_name, file_name, line, record_id, column_name, offending_value, reason
                        from audit.quarantine order by table_name, line, column_name, reason""")
    return [["" if v is None else str(v) for v in row] for row in rows]


def test_a_dirty_delivery_is_quarantined_exactly_as_stored(tmp_path):
    db = tmp_path / "wh.duckdb"
    result = run_cli("ingest", str(write_dirty_delivery(tmp_path / "x")), "--db", str(db),
                     "--delivery-date", "2024-06-30")
    assert result.returncode == 1, result.stderr  # 1: loaded, with rows quarantined
    with EXPECTED_QUARANTINE.open(newline="") as handle:
        expected = list(csv.reader(handle))[1:]
    assert _quarantine(db) == expected
    # the rows without a problem, counted by hand from tests/dirty_delivery.py
    loaded = dict(query(db, "select table_name, rows_loaded from audit.delivery_files"))
    assert loaded == {"persons": 4, "return_decisions": 3, "detentions": 1, "alternatives": 2, "returns": 2,
                      "readmission_applications": 1, "reintegration": 2, "return_operations": 1}
    # an empty and an over-long id are reported as such, not as duplicates of each other
    assert query(db, "select count(*) from audit.quarantine where reason like 'id appears%' "
                     "and offending_value is null") == [(0,)]


def _pseudonym(raw: str) -> str:
    return hmac.new(TEST_KEY.encode(), raw.encode(), "sha256").hexdigest()


def test_a_person_keeps_the_key_and_references_carry_only_the_key(tmp_path):
    db = tmp_path / "wh.duckdb"
    first = write_extract(tmp_path / "a", {"persons": [valid("persons"), valid("persons", person_id="P2")]})
    assert run_cli("ingest", str(first), "--db", str(db)).returncode == 0
    keys = dict(query(db, "select person_id, person_key from landing.person_keys"))
    assert sorted(keys.values()) == [1, 2]
    later = write_extract(tmp_path / "b", {
        "persons": [valid("persons", sex="F"), valid("persons", person_id="P3")],
        "return_decisions": [valid("return_decisions", person_id="P1"),
                             valid("return_decisions", decision_id="D2", person_id="P2")]})
    assert run_cli("ingest", str(later), "--db", str(db)).returncode == 0
    assert query(db, "select person_key, sex from landing.persons where person_id = ?", [_pseudonym("P1")]) \
        == [(keys[_pseudonym("P1")], "F")]
    assert query(db, "select person_key from landing.person_keys where person_id = ?", [_pseudonym("P3")]) == [(3,)]
    assert dict(query(db, "select decision_id, person_key from landing.return_decisions")) == {
        "D1": keys[_pseudonym("P1")], "D2": keys[_pseudonym("P2")]}
    for table in TABLES.values():
        columns = {r[0] for r in query(db, "select column_name from information_schema.columns "
                                           "where table_schema = 'landing' and table_name = ?", [table.name])}
        if table.has_person_ref:
            assert "person_key" in columns and "person_id" not in columns, table.name


def _to_layout_before_person_keys(db: Path) -> None:
    """Rewrite a warehouse into the layout of the versions before the person dimension: every
    table holds the pseudonym as person_id, there is no person_key and no landing.person_keys."""
    con = duckdb.connect(str(db))
    try:
        for table in TABLES.values():
            if table.has_person_ref:
                con.execute(f"alter table landing.{table.name} add column person_id varchar")
                con.execute(f"""update landing.{table.name} t set person_id = k.person_id from landing.person_keys k
                                where k.person_key = t.person_key""")
                con.execute(f"alter table landing.{table.name} drop column person_key")
        con.execute("alter table landing.persons drop column person_key")
        con.execute("drop table landing.person_keys")
    finally:
        con.close()


def test_an_older_warehouse_is_migrated_and_builds_the_same_figures(small_demo, tmp_path):
    shutil.copytree(small_demo.parent, tmp_path / "wh", ignore=shutil.ignore_patterns("*.lock", "dbt_*", "*.build.*"))
    db = tmp_path / "wh" / small_demo.name
    persons_before = query(db, "select count(*) from landing.person_keys")[0][0]
    _to_layout_before_person_keys(db)
    result = run_cli("build", *SMALL_DEMO_BUILD_VARS, "--db", str(db))
    assert result.returncode == 0, result.stdout[-3000:]
    assert "upgraded to this version's layout" in result.stdout
    assert query(db, "select count(*) from landing.person_keys") == [(persons_before,)]
    joined = query(db, "select count(*) from landing.return_decisions d join landing.persons p "
                       "using (reporting_country, person_key)")
    assert joined == query(db, "select count(*) from landing.return_decisions")
    con = duckdb.connect()
    con.execute(f"attach '{serving_path(small_demo)}' as before (read_only)")
    con.execute(f"attach '{serving_path(db)}' as after (read_only)")
    marts = [t for (t,) in con.execute("select table_name from duckdb_tables() where database_name = 'before' "
                                      "and schema_name = 'marts'").fetchall()]
    assert len(marts) > 15
    for table in marts:
        differing = con.execute(f"select count(*) from (select * from before.marts.{table} except all "
                                f"select * from after.marts.{table})").fetchone()[0]
        counts = con.execute(f"select (select count(*) from before.marts.{table}), "
                             f"(select count(*) from after.marts.{table})").fetchone()
        assert differing == 0 and counts[0] == counts[1], table
