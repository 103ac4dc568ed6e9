"""delivery.json: retraction by scope (a deletion at source, a case moved to another Member
State) and the order of extracts (an older one after a newer one is refused unless forced)."""

from __future__ import annotations

import json

import pytest

from returnstats.ingest.load import ingest_delivery
from returnstats.ingest.readers import StructuralError
from tests.conftest import query, run_cli, valid, write_extract


def _delivery(folder, tables, declaration=None):
    write_extract(folder, tables)
    if declaration is not None:
        (folder / "delivery.json").write_text(json.dumps(declaration))
    return folder


def _scope(geo, tables, extracted="2025-01-10T08:00:00Z"):
    return {"extracted_at": extracted, "replaces": "scope",
            "scope": [{"reporting_country": geo, "period_from": "2024-Q1", "period_to": "2024-Q1", "tables": tables}]}


PERSONS = [valid("persons"), valid("persons", person_id="P2"), valid("persons", person_id="P1", reporting_country="BE")]
D1, D2 = valid("return_decisions"), valid("return_decisions", decision_id="D2", person_id="P2")


def test_a_decision_deleted_at_source_is_retracted_and_no_longer_counted(tmp_path):
    db = tmp_path / "wh" / "r.duckdb"
    ingest_delivery(_delivery(tmp_path / "a", {"persons": PERSONS, "return_decisions": [D1, D2]}), db)
    result = ingest_delivery(_delivery(tmp_path / "b", {"return_decisions": [D1]},
                                       _scope("FR", ["return_decisions"])), db)
    assert result.rows_retracted == 1
    assert query(db, "select decision_id from landing.return_decisions") == [("D1",)]
    retracted = query(db, "select delivery_id, table_name, record_id, previous_delivery_id, row_json "
                          "from audit.retracted_rows")
    assert [r[:4] for r in retracted] == [(2, "return_decisions", "D2", 1)]
    assert json.loads(retracted[0][4])["decision_date"] == "2024-02-01"  # the whole row is kept
    assert run_cli("build", "--db", str(db)).returncode == 0
    assert query(db.with_name("r.serving.duckdb"), "select obs_value from marts.eil_ord_q where geo = 'FR' and "
                 "citizen = 'TOTAL' and sex = 'T' and age = 'TOTAL'") == [(1,)]


def test_a_case_moved_to_another_member_state_counts_once(tmp_path):
    db = tmp_path / "wh" / "r.duckdb"
    ingest_delivery(_delivery(tmp_path / "a", {"persons": PERSONS, "return_decisions": [D1]}), db)
    # FR's system no longer holds D1 (it moved to BE), and BE delivers it.
    ingest_delivery(_delivery(tmp_path / "b", {"return_decisions": []}, _scope("FR", ["return_decisions"])), db)
    ingest_delivery(_delivery(tmp_path / "c", {"return_decisions": [valid("return_decisions", reporting_country="BE")]},
                              _scope("BE", ["return_decisions"])), db)
    assert query(db, "select reporting_country, decision_id from landing.return_decisions") == [("BE", "D1")]


def test_rows_outside_the_scope_and_quarantined_rows_are_not_retracted(tmp_path):
    db = tmp_path / "wh" / "r.duckdb"
    other_quarter = valid("return_decisions", decision_id="D3", decision_date="2024-05-01")
    ingest_delivery(_delivery(tmp_path / "a", {"persons": PERSONS, "return_decisions": [D1, D2, other_quarter]}), db)
    broken_d2 = valid("return_decisions", decision_id="D2", person_id="P2", entry_ban="maybe")  # quarantined
    result = ingest_delivery(_delivery(tmp_path / "b", {"return_decisions": [D1, broken_d2]},
                                       _scope("FR", ["return_decisions"])), db)
    assert result.rows_retracted == 0 and result.rows_quarantined == 1
    assert sorted(query(db, "select decision_id from landing.return_decisions")) == [("D1",), ("D2",), ("D3",)]


def test_an_older_extract_after_a_newer_one_is_refused_unless_forced(tmp_path):
    db = tmp_path / "wh" / "r.duckdb"
    newer = {"extracted_at": "2025-07-02T10:00:00Z"}
    older = {"extracted_at": "2025-07-01T10:00:00Z"}
    ingest_delivery(_delivery(tmp_path / "a", {"persons": PERSONS[:2], "return_decisions": [D1]}, newer), db)
    stale = _delivery(tmp_path / "b", {"return_decisions": [valid("return_decisions", decision_date="2024-03-03")]},
                      older)
    refused = run_cli("ingest", str(stale), "--db", str(db))
    assert refused.returncode == 2 and "is older than delivery 1" in " ".join(refused.stderr.split())
    assert query(db, "select decision_date::varchar from landing.return_decisions") == [("2024-02-01",)]
    assert run_cli("ingest", str(stale), "--db", str(db), "--force-older").returncode == 0
    assert query(db, "select decision_date::varchar from landing.return_decisions") == [("2024-03-03",)]
    # another country's newer extract does not block FR
    be = _delivery(tmp_path / "c", {"persons": [valid("persons", reporting_country="BE")]},
                   {"extracted_at": "2024-01-01T00:00:00Z"})
    assert run_cli("ingest", str(be), "--db", str(db)).returncode == 0


@pytest.mark.parametrize(("declaration", "words"), [
    ("not json", "not a readable JSON object"),
    ({"replaces": "rows"}, "extracted_at is required"),
    ({"extracted_at": "yesterday"}, "not an ISO 8601 date-time"),
    ({"extracted_at": "2999-01-01T00:00:00Z"}, "is in the future"),
    ({"extracted_at": "2025-01-01T00:00:00Z", "replaces": "all"}, "replaces must be"),
    ({"extracted_at": "2025-01-01T00:00:00Z", "replaces": "scope"}, "needs a non-empty scope"),
    ({"extracted_at": "2025-01-01T00:00:00Z", "replaces": "scope", "scope": [
        {"reporting_country": "FR", "period_from": "2024-Q1", "tables": ["persons"]}]}, "persons have no period"),
    ({"extracted_at": "2025-01-01T00:00:00Z", "replaces": "scope", "scope": [
        {"reporting_country": "XX", "period_from": "2024-Q1", "tables": ["returns"]}]}, "not a reporting country"),
    ({"extracted_at": "2025-01-01T00:00:00Z", "cover": 1}, "unknown key(s) cover"),
])
def test_an_invalid_declaration_refuses_the_delivery(tmp_path, declaration, words):
    folder = _delivery(tmp_path / "a", {"persons": PERSONS})
    (folder / "delivery.json").write_text(declaration if isinstance(declaration, str) else json.dumps(declaration))
    with pytest.raises(StructuralError, match="delivery.json: "):
        ingest_delivery(folder, tmp_path / "r.duckdb")
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "r.duckdb"))
    assert result.returncode == 2 and words in " ".join(result.stderr.split())
