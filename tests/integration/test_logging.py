"""Logging (issue 17): every run writes its own log file; -q prints only errors, -v each step."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.handmade_extract import write_handmade_extract


def _only_log(folder):
    (log,) = folder.glob("returnstats-*-ingest-*.log")
    return log.read_text()


def test_a_run_writes_its_log_file_and_verbose_prints_each_step(tmp_path):
    extract = write_handmade_extract(tmp_path / "extract")
    logs = tmp_path / "logs"
    result = run_cli("-v", "ingest", str(extract), "--db", str(tmp_path / "wh.duckdb"),
                     env={"RETURNSTATS_LOG_DIR": str(logs)})
    assert result.returncode == 0, result.stderr
    assert "INFO: ingest: checking persons.csv" in result.stderr
    assert "persons" in result.stdout  # the summary is still printed, and not twice on stderr
    assert "Delivery 1" not in result.stderr
    text = _only_log(logs)
    assert "-v ingest" in text and "ingest: loading persons.csv" in text
    # the hand-made extract: 8+8+2+5+2+6+3+3+1 rows, all loaded
    assert "delivery 1 loaded: 38 rows read, 38 loaded, 0 quarantined" in text
    assert "finished with exit code 0" in text


def test_quiet_prints_only_the_error_and_the_log_keeps_it(tmp_path):
    logs = tmp_path / "logs"
    loaded = run_cli("-q", "ingest", str(write_handmade_extract(tmp_path / "extract")), "--db",
                     str(tmp_path / "wh.duckdb"), env={"RETURNSTATS_LOG_DIR": str(logs)})
    assert loaded.returncode == 0 and loaded.stdout == "" and loaded.stderr == ""
    for log in logs.glob("*.log"):
        log.unlink()
    refused = run_cli("-q", "ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "wh.duckdb"),
                      env={"RETURNSTATS_LOG_DIR": str(logs)})
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("error: ") and "nowhere" in refused.stderr
    text = _only_log(logs)
    assert "ERROR" in text and "nowhere" in text and "finished with exit code 2" in text
