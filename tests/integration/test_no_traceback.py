"""No command prints a traceback: corrupt or unreadable files, a file-size limit (a stand-in
for a full disk), markup characters in names — each gives one line and exit 2."""

from __future__ import annotations

import resource
import signal
import subprocess

import pytest

from tests.conftest import BIN, run_cli, valid, write_extract
from tests.handmade_extract import built_warehouse


def _clean(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return " ".join(result.stderr.split())


@pytest.mark.parametrize("command", [["ingest", "EXTRACT"], ["build"], ["validate"],
                                     ["export", "--quarter", "2024-Q1", "--out", "OUT"], ["rekey", "--new-key-file",
                                                                                          "KEY"]])
def test_a_corrupt_warehouse_is_refused_in_one_line(tmp_path, command):
    db = tmp_path / "wh.duckdb"
    db.write_bytes(b"this is not a DuckDB file" * 1000)
    (tmp_path / "serving").mkdir()
    db.with_name("wh.serving.duckdb").write_bytes(b"garbage" * 100)
    (tmp_path / "key").write_text("k" * 40)
    folder = write_extract(tmp_path / "x", {"persons": [valid("persons")]})
    args = [a.replace("EXTRACT", str(folder)).replace("OUT", str(tmp_path / "o")).replace("KEY", str(tmp_path / "key"))
            for a in command]
    result = run_cli(*args, "--db", str(db), env={"RETURNSTATS_KEY_FILE": str(tmp_path / "key"),
                                                    "RETURNSTATS_KEY": ""} if command[0] == "rekey" else None)
    assert result.returncode == 2
    assert _clean(result).startswith("error:")


def test_markup_characters_in_names_are_printed_as_they_are(tmp_path):
    folder = write_extract(tmp_path / "[/]extract [bold]", {"persons": [valid("persons")]})
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "[/]wh" / "wh.duckdb"))
    assert result.returncode == 0, result.stderr
    assert "[/]extract[bold]" in "".join(result.stdout.split())


def test_an_export_folder_that_cannot_be_made_is_one_line(tmp_path):
    db = built_warehouse(tmp_path)
    (tmp_path / "a-file").write_text("x")
    result = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "a-file" / "out"), "--db", str(db))
    assert result.returncode == 2 and _clean(result).startswith("error:")


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_running_out_of_space_mid_ingest_is_one_line_and_writes_nothing(tmp_path):
    rows = [valid("persons", person_id=f"P{i}") for i in range(3000)]
    folder = write_extract(tmp_path / "x", {"persons": rows})
    db = tmp_path / "wh.duckdb"
    result = subprocess.run([str(BIN / "returnstats"), "ingest", str(folder), "--db", str(db)], capture_output=True,
                            text=True, timeout=300, preexec_fn=_limit_file_size)
    assert result.returncode == 2
    assert _clean(result).startswith("error:")


def test_a_half_truncated_warehouse_refuses_a_new_delivery(tmp_path):
    db = built_warehouse(tmp_path)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(size // 2)
    folder = write_extract(tmp_path / "y", {"persons": [valid("persons", person_id="P9")]})
    result = run_cli("ingest", str(folder), "--db", str(db))
    assert result.returncode == 2 and "damaged" in _clean(result)
    assert db.stat().st_size == size // 2


def test_validate_and_export_while_another_process_writes_are_one_line(tmp_path):
    from returnstats.warehouse import connect_writer

    db = built_warehouse(tmp_path)
    writer = connect_writer(db)  # as an ingest would hold it
    try:
        for args in (["validate"], ["export", "--quarter", "2024-Q1", "--out", str(tmp_path / "o")]):
            result = run_cli(*args, "--db", str(db))
            assert result.returncode == 2, args
            assert _clean(result).startswith("error:")
    finally:
        writer.close()


def test_spilled_rows_of_a_killed_ingest_are_removed_by_the_next(tmp_path):
    db = tmp_path / "wh" / "wh.duckdb"
    spill = db.parent / ".duckdb_tmp"
    spill.mkdir(parents=True)
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"NATIONAL-ID-0001" * 100)  # left by a killed ingest
    folder = write_extract(tmp_path / "x", {"persons": [valid("persons")]})
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 0
    assert not spill.exists()


def test_version_names_the_installed_package_and_its_engines():
    from importlib.metadata import version

    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    # the installed metadata comes from pyproject.toml, the printed one from returnstats.__version__
    expected = f"returnstats {version('returnstats')} (DuckDB {version('duckdb')}, "
    assert result.stdout.startswith(expected), result.stdout
    assert "dbt-core 1.11." in result.stdout
