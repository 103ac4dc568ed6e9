"""The hub's receiving: every refusal reason of hub-v1 with a hostile file, nothing of a refused
file loaded, the same folder twice changing nothing, and a revised file kept as a new vintage
with per-cell revisions — on real exports of the hand-made v2 extract."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import query, run_cli
from tests.handmade_extract_v2 import write_handmade_extract_v2

IT_ORD = "EIL_ORD_Q_IT_2024-Q1.csv"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The hand-made v2 extract's 2024-Q1 export (IT and DK): a valid folder to spoil."""
    base = tmp_path_factory.mktemp("hub_receive")
    write_handmade_extract_v2(base / "extract")
    db = base / "wh" / "returnstats.duckdb"
    assert run_cli("ingest", str(base / "extract"), "--db", str(db)).returncode == 1  # rows quarantined
    for args in (["build"], ["export", "--quarter", "2024-Q1", "--out", str(base / "exports" / "2024-Q1")]):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 0, result.stdout + result.stderr
    return base / "exports"


def _copy(exported: Path, tmp_path: Path) -> Path:
    target = tmp_path / "inbox"
    shutil.copytree(exported, target)
    return target


def _rewrite(folder: Path, name: str, text: str, fix_manifest: bool = True) -> None:
    """Replace a file's content; with fix_manifest, its manifest entry gets the new SHA-256 (the
    sender's own mistake, not damage in transit)."""
    (folder / name).write_text(text, encoding="utf-8")
    if fix_manifest:
        manifest = json.loads((folder / "manifest.json").read_text())
        for entry in manifest["files"]:
            if entry["file"] == name:
                entry["sha256"] = hashlib.sha256(text.encode()).hexdigest()
        (folder / "manifest.json").write_text(json.dumps(manifest))


def _hub_state(hub: Path) -> list:
    return query(hub, "select * from received.vintages order by all") + \
        query(hub, "select * from received.cells order by all")


def test_a_valid_export_is_accepted_and_receiving_it_again_changes_nothing(exported, tmp_path):
    hub = tmp_path / "hub.duckdb"
    first = run_cli("hub", "receive", str(exported), "--db", str(hub))
    assert first.returncode == 0, first.stdout + first.stderr
    files = len(json.loads((exported / "2024-Q1" / "manifest.json").read_text())["files"])
    assert f"{files} accepted, 0 unchanged" in first.stdout
    state = _hub_state(hub)
    again = run_cli("hub", "receive", str(exported), "--db", str(hub))
    assert again.returncode == 0 and f"0 accepted, {files} unchanged" in again.stdout
    assert _hub_state(hub) == state
    assert query(hub, "select count(*) from received.refusals") == [(0,)]


def _ord_text(exported: Path) -> str:
    return (exported / "2024-Q1" / IT_ORD).read_text()


SPOILERS = {
    # name: (how the IT EIL_ORD_Q file is spoiled, words of the refusal)
    "checksum": (lambda t: t.replace(",4,A", ",5,A", 1), False, "SHA-256 differs"),
    "truncated": (lambda t: t[: len(t) // 2], False, "SHA-256 differs"),
    "unknown code": (lambda t: t.replace(",MA,", ",XX,", 1), True, "CITIZEN is not in the structure"),
    "margins": (lambda t: t.replace("TOTAL,T,TOTAL,PER,2024-Q1,4,A", "TOTAL,T,TOTAL,PER,2024-Q1,7,A"), True,
                "margins do not add up"),
    "duplicate key": (lambda t: t + t.splitlines()[1] + "\n", True, "a key repeats"),
    "geo": (lambda t: t.replace(",IT,", ",DK,", 1), True, "GEO differs from the file's (IT)"),
    "period": (lambda t: t.replace("2024-Q1", "2024-Q2"), True, "TIME_PERIOD differs from the file name's"),
    "negative": (lambda t: t.replace(",1,A", ",-1,A", 1), True, "negative OBS_VALUE"),
    "not whole": (lambda t: t.replace(",1,A", ",1.5,A", 1), True, "not a whole number"),
    "empty without L": (lambda t: t.replace(",1,A", ",,A", 1), True, "empty OBS_VALUE without status L or M"),
    "unit": (lambda t: t.replace(",PER,", ",NR,"), True, "a UNIT that is not the indicator's or the flow's"),
}


@pytest.mark.parametrize("spoiler", sorted(SPOILERS))
def test_a_spoiled_file_is_refused_whole_and_the_hub_is_unchanged(exported, tmp_path, spoiler):
    spoil, fix_manifest, words = SPOILERS[spoiler]
    inbox = _copy(exported, tmp_path)
    original = _ord_text(exported)
    spoiled = spoil(original)
    assert spoiled != original, "the spoiler must change the file"
    _rewrite(inbox / "2024-Q1", IT_ORD, spoiled, fix_manifest)
    hub = tmp_path / "hub.duckdb"
    result = run_cli("hub", "receive", str(inbox), "--db", str(hub))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"refused: 2024-Q1/{IT_ORD}" in result.stderr and words in result.stderr, result.stderr
    # nothing of the refused file, everything of the others
    assert query(hub, "select count(*) from received.vintages where file_name = ?", [IT_ORD]) == [(0,)]
    others = len(json.loads((inbox / "2024-Q1" / "manifest.json").read_text())["files"]) - 1
    assert query(hub, "select count(*) from received.vintages") == [(others,)]
    assert query(hub, "select file_name, reason like ? from received.refusals", [f"%{words}%"]) == [(IT_ORD, True)]
    if spoiler == "margins":  # (once: a build takes seconds) refused again, the log does not grow, and
        run_cli("hub", "receive", str(inbox), "--db", str(hub))  # hub status lists it after a build
        assert query(hub, "select count(*) from received.refusals") == [(1,)]
        assert run_cli("hub", "build", "--db", str(hub)).returncode == 0
        status = run_cli("hub", "status", "--db", str(hub))
        assert status.returncode == 0 and IT_ORD in status.stdout and words in " ".join(status.stdout.split())


def test_a_file_its_manifest_does_not_list_is_refused(exported, tmp_path):
    inbox = _copy(exported, tmp_path)
    shutil.copy(inbox / "2024-Q1" / IT_ORD, inbox / "2024-Q1" / "EIL_ORD_Q_IT_2023-Q4.csv")
    result = run_cli("hub", "receive", str(inbox), "--db", str(tmp_path / "hub.duckdb"))
    assert result.returncode == 1 and "EIL_ORD_Q_IT_2023-Q4.csv: not listed in its folder's manifest.json" \
        in result.stderr


def test_a_revised_file_is_a_new_vintage_with_per_cell_revisions(exported, tmp_path):
    hub = tmp_path / "hub.duckdb"
    assert run_cli("hub", "receive", str(exported), "--db", str(hub)).returncode == 0
    inbox = _copy(exported, tmp_path)
    # IT revises: one more Moroccan man aged 18-34 (every margin of the cube moves with him)
    lines = _ord_text(exported).splitlines()
    revised = []
    for line in lines:
        cells = line.split(",")
        # DATAFLOW,FREQ,GEO,CITIZEN,SEX,AGE,UNIT,TIME_PERIOD,OBS_VALUE,OBS_STATUS
        if cells[3] in ("MA", "TOTAL") and cells[4] in ("M", "T") and cells[5] in ("Y18-34", "TOTAL"):
            cells[8] = str(int(cells[8]) + 1)
        revised.append(",".join(cells))
    _rewrite(inbox / "2024-Q1", IT_ORD, "\n".join(revised) + "\n")
    result = run_cli("hub", "receive", str(inbox), "--db", str(hub))
    assert result.returncode == 0, result.stderr
    assert "1 accepted" in result.stdout
    versions = query(hub, "select version, superseded_at is null from received.vintages "
                          "where dataflow = 'EIL_ORD_Q' and geo = 'IT' order by version")
    assert versions == [(1, False), (2, True)]  # the earlier vintage is kept
    assert run_cli("hub", "build", "--db", str(hub)).returncode == 0
    serving = hub.with_name("hub.serving.duckdb")
    changes = query(serving, "select cell, change, old_value, new_value from eu.hub_revisions order by cell")
    # MA/M/Y18-34, MA/M/TOTAL, MA/T/Y18-34, MA/T/TOTAL and the TOTAL citizen row's four: 8 cells
    assert len(changes) == 8 and all(c[1] == "changed" and int(c[3]) == int(c[2]) + 1 for c in changes)
    assert ("CITIZEN=TOTAL|SEX=T|AGE=TOTAL", "changed", "4", "5") in changes
    total = query(serving, "select obs_value from eu.hub_aggregates where dataflow = 'EIL_ORD_Q' and geo = "
                           "'EU27_2020' and citizen = 'TOTAL' and sex = 'T' and age = 'TOTAL'")
    assert total == [(6,)]  # IT 5 (revised) + DK 1
