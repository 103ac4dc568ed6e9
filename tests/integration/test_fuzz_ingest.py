"""Property-based fuzzing of the readers and validators (hypothesis).

Random mutations of a valid extract never raise an unhandled exception: the delivery is
either refused as structurally broken (StructuralError) or every row read is loaded or
quarantined."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from returnstats.ingest.load import ingest_delivery
from returnstats.ingest.readers import StructuralError
from tests.conftest import query, valid, write_extract

TABLES = ["persons", "return_decisions", "returns", "detentions", "readmission_applications"]


def _valid_extract(folder: Path) -> None:
    write_extract(folder, {
        "persons": [valid("persons"), valid("persons", person_id="P2", citizenship="MA")],
        "return_decisions": [valid("return_decisions"), valid("return_decisions", decision_id="D2", person_id="P2")],
        "returns": [valid("returns")],
        "detentions": [valid("detentions")],
        "readmission_applications": [valid("readmission_applications")],
    })


mutation = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 40)),
    st.tuples(st.just("replace"), st.integers(0, 10_000), st.sampled_from(
        [b",", b'"', b"\n", b"\r\n", b"\x00", b"\xff", b"=", b" ", b"Y", b"2024-02-30", b"GB", b"-1"])),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(b"")),
)


def _mutate(data: bytes, kind: str, position: int, payload) -> bytes:
    at = position % (len(data) + 1)
    if kind == "insert":
        return data[:at] + payload + data[at:]
    if kind == "delete":
        return data[:at] + data[at + payload:]
    if kind == "replace":
        return data[:at] + payload + data[at + len(payload):]
    return data[:at]


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(TABLES), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_extracts_never_crash_and_lose_no_row(table, mutations):
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        folder = work / "x"
        _valid_extract(folder)
        target = folder / f"{table}.csv"
        data = target.read_bytes()
        for kind, position, payload in mutations:
            data = _mutate(data, kind, position, payload)
        target.write_bytes(data)
        db = work / "wh.duckdb"
        try:
            result = ingest_delivery(folder, db)
        except StructuralError as e:
            assert str(e) and "\n" not in str(e)
            assert not db.exists()
            return
        for f in result.files:
            assert f.rows_loaded + f.rows_quarantined == f.rows_read
            stored = query(db, f"select count(*) from landing.{f.table}")[0][0]
            assert stored == f.rows_loaded
    finally:
        shutil.rmtree(work, ignore_errors=True)
