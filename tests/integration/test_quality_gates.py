"""Data-quality gates: each blocking expectation tripped and passed, the export gate, revisions;
the checks that left Great Expectations still stop the export (ingestion, dbt); one GX
Checkpoint per quarter; data docs that work offline."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import great_expectations as gx
import pytest

from returnstats.build import scratch_path
from returnstats.ingest.load import ingest_delivery
from returnstats.quality.runner import DOCS_ASSETS_DIR, docs_asset_urls, load_suites, run_validation
from returnstats.warehouse import serving_path
from tests.conftest import copy_warehouse, query, run_cli, valid, write_extract
from tests.handmade_extract import built_warehouse


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    return built_warehouse(tmp_path_factory.mktemp("quality"))


@pytest.fixture
def warehouse(built_once, tmp_path):
    """A private copy of the built warehouse and its published marts."""
    db = tmp_path / "wh" / "returnstats.duckdb"
    db.parent.mkdir()
    shutil.copy(built_once, db)
    shutil.copy(serving_path(built_once), serving_path(db))
    os.chmod(serving_path(db), 0o644)
    return db


def _execute(path, sql):
    con = duckdb.connect(str(path))
    try:
        con.execute(sql)
    finally:
        con.close()


def _failed(db):
    run = run_validation(db, "2024-Q1")
    return {(r.suite, r.column): r for r in run.results if not r.success}, run


def test_the_clean_extract_passes_every_blocking_check(warehouse):
    failed, run = _failed(warehouse)
    assert run.blocking_failures == []
    # 12 expectations in 8 suites: date window 2, birth dates 2, birth after event 1, long
    # detentions 1, unknown shares 3, change vs previous 1, returned vs ordered 1, completeness 1
    assert len(run.results) == 12
    assert run.checkpoint == "returnstats_2024-Q1"


# (what is broken, how, the check that must fail, a value it must name). The two blocking checks
# left to Great Expectations: dates against the day of validation.
BLOCKING_CASES = [
    ("future event", "update landing.returns set departure_date = current_date + 3 where return_id = 'R4'",
     ("landing_date_window", "days_after_today"), "returns"),
    ("future birth", "update landing.persons set birth_date = current_date + 30 where citizenship = 'SY'",
     ("landing_birth_dates", "days_after_today"), "FR"),
]


@pytest.mark.parametrize(("case", "sql", "check", "named"), BLOCKING_CASES, ids=[c[0] for c in BLOCKING_CASES])
def test_blocking_check_trips(warehouse, case, sql, check, named):
    _execute(warehouse, sql)
    failed, run = _failed(warehouse)
    assert check in failed, sorted(failed)
    assert failed[check].severity == "blocking"
    assert any(named in str(row.values()) for row in failed[check].offending), failed[check].offending
    assert {(r.suite, r.column) for r in run.blocking_failures} == {check}  # nothing unrelated blocks


# What Great Expectations no longer checks because ingestion already refuses it: the row is
# quarantined with its reason and never reaches the warehouse, so no figure counts it (every
# rule: tests/integration/test_contract_rules.py).
LEFT_TO_INGESTION = [
    ("unknown reporting country", "return_decisions", {"reporting_country": "XX"}, "not a reporting country code"),
    ("EU citizen", "persons", {"citizenship": "FR"}, "an EU/EFTA citizen is not a third-country national"),
    ("unknown destination", "returns", {"destination": "ZZ"}, "not a country code"),
    ("end before start", "detentions", {"end_date": "2024-01-01"}, "end_date is before start_date"),
]


@pytest.mark.parametrize(("case", "table", "changes", "reason"), LEFT_TO_INGESTION,
                         ids=[c[0] for c in LEFT_TO_INGESTION])
def test_a_check_left_to_ingestion_quarantines_the_row(tmp_path, case, table, changes, reason):
    if table == "persons":
        rows = {"persons": [valid("persons"), valid("persons", person_id="P2") | changes]}
    else:
        id_column = next(c for c in valid(table) if c.endswith("_id") and c != "person_id")
        rows = {"persons": [valid("persons")], table: [valid(table), valid(table, **{id_column: "BAD"}) | changes]}
    db = tmp_path / "wh.duckdb"
    result = ingest_delivery(write_extract(tmp_path / "x", rows), db)
    assert {f.table: f.rows_quarantined for f in result.files}[table] == 1
    reasons = [why for (why,) in query(db, "select reason from audit.quarantine where table_name = ?", [table])]
    assert any(reason in why for why in reasons), reasons
    assert query(db, f"select count(*) from landing.{table}") == [(1,)]  # the good row only


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_mart_breaking_its_margins_or_a_count_below_zero_fails_the_build_and_is_not_published(
        built_once, tmp_path):
    """Margins, non-negative counts (and whole numbers: obs_value is a bigint under an enforced
    contract) are dbt's data tests, which every `returnstats build` runs: a failure publishes
    nothing, so the export keeps sending the last good publication."""
    db = copy_warehouse(built_once, tmp_path)
    # What a bug in the SQL would leave in the build database: FR's cell (DZ, F, Y_LT14) of
    # EIL_ORD_Q one above what its margins hold (B alone: 1 -> 2), and DE's (GE, ASSI_VOLU) of
    # EIL_RTT_Q below zero (G alone: 1 -> -1).
    _execute(scratch_path(db), "update marts.eil_ord_q set obs_value = obs_value + 1 where geo = 'FR' "
                               "and citizen = 'DZ' and sex = 'F' and age = 'Y_LT14'; "
                               "update marts.eil_rtt_q set obs_value = -1 where geo = 'DE' and citizen = 'GE' "
                               "and return_type = 'ASSI_VOLU'")
    published = _digest(serving_path(db))
    result = run_cli("build", "--db", str(db))
    assert "Build: incremental" in result.stdout, result.stdout[:500]  # 2024-Q1 is not rebuilt: the damage stays
    assert result.returncode == 1, result.stdout[-3000:]
    failed = re.findall(r" FAIL \d+ (\w+)", result.stdout)
    # By hand: the +1 breaks the four margins through the cell (CITIZEN=TOTAL, SEX=T, AGE=TOTAL,
    # AGE=Y_LT18); the -1 breaks non_negative and EIL_RTT_Q's two margins (CITIZEN, RETURN_TYPE).
    assert sorted(re.sub(r"(?<=_q)_.*", "", name) for name in failed) == (
        ["margins_add_up_eil_ord_q"] * 4 + ["margins_add_up_eil_rtt_q"] * 2 + ["non_negative_eil_rtt_q"])
    assert _digest(serving_path(db)) == published
    assert query(serving_path(db), "select obs_value from marts.eil_ord_q where geo = 'FR' and citizen = 'DZ' "
                                   "and sex = 'F' and age = 'Y_LT14'") == [(1,)]


class _Loads(HTMLParser):
    """What a page loads: scripts, stylesheets, images, CSS url() in <style> and style=."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.tags_with_integrity: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.loads.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.loads.append(attrs["src"])
        if "integrity" in attrs or "crossorigin" in attrs:
            self.tags_with_integrity.append(tag)
        self.loads += _css_urls(attrs.get("style") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.loads += _css_urls(data)


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"""url\(\s*["']?([^"')]+)""", css) + re.findall(r"""@import\s+["']([^"']+)""", css)
    return [u for u in found if not u.startswith("data:")]


def _assert_offline(site: Path) -> None:
    """No page or stylesheet of the site loads anything over the network, and everything the
    pages load is there."""
    vendor = site / "static" / "vendor"
    pages = [p for p in site.rglob("*.html") if vendor not in p.parents]
    assert len(pages) > 1
    stylesheets: set[Path] = set()
    for page in pages:
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.loads, page
        remote = [u for u in parser.loads if re.match(r"(https?:)?//", u)]
        assert remote == [], (page, remote)
        assert parser.tags_with_integrity == [], page  # cross-origin checks fail on file:// pages
        for ref in parser.loads:
            target = (page.parent / ref.split("?")[0]).resolve()
            assert target.is_file(), (page, ref)
            if target.suffix == ".css":
                stylesheets.add(target)
    assert any(vendor in s.parents for s in stylesheets)
    for sheet in stylesheets | set((site / "static" / "styles").glob("*.css")):
        for ref in _css_urls(sheet.read_text(encoding="utf-8")):
            assert not re.match(r"(https?:)?//", ref), (sheet, ref)
            assert (sheet.parent / ref.split("?")[0].split("#")[0]).resolve().is_file(), (sheet, ref)


def _site(qa_gx: Path) -> Path:
    return qa_gx / "gx" / "uncommitted" / "data_docs" / "local_site"


def test_validate_command_exit_codes_and_reports(warehouse):
    ok = run_cli("validate", "--quarter", "2024-Q1", "--db", str(warehouse))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    qa = warehouse.parent / "qa"
    assert (qa / "qa_2024-Q1.html").exists() and (qa / "qa_2024-Q1.json").exists()
    assert json.loads((qa / "qa_2024-Q1.json").read_text())["checkpoint"] == "returnstats_2024-Q1"
    site = _site(qa / "gx")
    assert (site / "index.html").exists()
    _assert_offline(site)
    assert "returnstats_2024-Q1" in (site / "index.html").read_text()  # the run is listed under its checkpoint
    _execute(warehouse, "update landing.returns set departure_date = current_date + 3 where return_id = 'R4'")
    bad = run_cli("validate", "--quarter", "2024-Q1", "--db", str(warehouse))
    assert bad.returncode == 1
    assert bad.stdout.index("BLOCKING") < bad.stdout.index("│ ok")  # failures first
    assert "days_after_today=3" in bad.stdout  # the offending value is shown
    _assert_offline(site)  # the second run's pages too


def test_one_checkpoint_per_quarter_in_the_data_docs(small_demo, tmp_path):
    docs = tmp_path / "gx"
    suites = sorted(load_suites())
    for quarter in ("2024-Q2", "2024-Q3"):
        run = run_validation(small_demo, quarter, docs_dir=docs)
        assert run.checkpoint == f"returnstats_{quarter}"
    context = gx.get_context(mode="file", project_root_dir=str(docs))
    checkpoints = {c.name: sorted(d.name for d in c.validation_definitions) for c in context.checkpoints.all()}
    assert checkpoints == {f"returnstats_{q}": [f"{s}_{q}" for s in suites] for q in ("2024-Q2", "2024-Q3")}
    site = _site(docs)
    index = (site / "index.html").read_text()
    assert "'run_name': 'returnstats_2024-Q2'" in index and "'run_name': 'returnstats_2024-Q3'" in index
    for suite in suites:  # each suite's results, one folder per quarter's checkpoint run
        assert sorted(p.name for p in (site / "validations" / suite).iterdir()) == [
            "returnstats_2024-Q2", "returnstats_2024-Q3"]
    _assert_offline(site)


def test_every_url_great_expectations_templates_load_is_shipped():
    """A Great Expectations upgrade that loads a new URL in any page (rendered here or not)
    fails here until expectations/data_docs_assets/ ships it."""
    view = Path(gx.__file__).parent / "render" / "view"
    loaded: set[str] = set()
    for path in [*(view / "templates").glob("*.j2"), *(view / "static" / "styles").glob("*.css")]:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text, re.S):
            loaded |= set(re.findall(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)""", tag))
        loaded |= set(re.findall(r"""url\(\s*["']?(https?://[^"')]+)""", text))
        for base in re.findall(r"""static_images_dir\s*=\s*["'](https?://[^"']+)""", text):
            loaded |= {base + name for name in re.findall(r"""static_images_dir\s*\+\s*["']([^"']+)""", text)}
    mapped = docs_asset_urls()
    assert len(loaded) >= 15 and loaded <= set(mapped), sorted(loaded - set(mapped))
    for url, local in mapped.items():
        if local.startswith("static/vendor/"):
            shipped = DOCS_ASSETS_DIR / local.removeprefix("static/vendor/")
            assert shipped.is_file(), url
            package = DOCS_ASSETS_DIR / Path(local.removeprefix("static/vendor/")).parts[0]
            assert any(package.glob("LICENSE*")), package  # each library with its licence
        else:
            assert (view / local).is_file(), url  # GX's own static files, copied into every site


def test_export_refuses_on_blocking_failure_unless_forced(warehouse, tmp_path):
    _execute(warehouse, "update landing.returns set departure_date = current_date + 3 where return_id = 'R4'")
    refused = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "out"), "--db", str(warehouse))
    assert refused.returncode == 1
    assert "landing_date_window.days_after_today" in refused.stderr and "--force" in refused.stderr
    assert not (tmp_path / "out").exists()

    forced = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "out"), "--db", str(warehouse),
                     "--force")
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["validation"]["forced"] is True
    assert [f["check"] for f in manifest["validation"]["blocking_failures"]] == ["landing_date_window.days_after_today"]


def test_late_delivery_produces_a_revision_report_naming_every_changed_cell(warehouse, tmp_path):
    first = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "t1"), "--db", str(warehouse))
    assert first.returncode == 0, first.stderr
    assert not (tmp_path / "t1" / "REVISIONS_2024-Q1.csv").exists()

    # A late delivery: person H (DZ, M, born 1995, so 29: Y18-34) ordered to leave on 2024-03-10 in FR.
    write_extract(tmp_path / "late", {
        "persons": [valid("persons", person_id="H", birth_date="1995-01-01")],
        "return_decisions": [valid("return_decisions", decision_id="D7", person_id="H", decision_date="2024-03-10")],
    })
    assert run_cli("ingest", str(tmp_path / "late"), "--db", str(warehouse)).returncode == 0
    assert run_cli("build", "--db", str(warehouse)).returncode == 0
    second = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "t2"), "--db", str(warehouse))
    assert second.returncode == 0, second.stderr

    with (tmp_path / "t2" / "REVISIONS_2024-Q1.csv").open() as handle:
        revised = {(r["dataflow"], r["geo"], r["cell"]): (r["change"], r["old_value"], r["new_value"])
                   for r in csv.DictReader(handle)}
    # By hand: H falls in the 8 cells (DZ|TOTAL) x (M|T) x (Y18-34|TOTAL) of EIL_ORD_Q FR, all of
    # which already held A (DZ, M, Y18-34) — and B (DZ, F), C (MA, M), E (SY, M), D in the totals.
    old = {("DZ", "M", "Y18-34"): 1, ("DZ", "M", "TOTAL"): 1, ("DZ", "T", "Y18-34"): 1, ("DZ", "T", "TOTAL"): 2,
           ("TOTAL", "M", "Y18-34"): 1, ("TOTAL", "M", "TOTAL"): 3, ("TOTAL", "T", "Y18-34"): 1,
           ("TOTAL", "T", "TOTAL"): 5}
    assert revised == {("EIL_ORD_Q", "FR", f"CITIZEN={c}|SEX={s}|AGE={a}"): ("changed", str(n), str(n + 1))
                       for (c, s, a), n in old.items()}
    diff = run_cli("diff", "--quarter", "2024-Q1", "--country", "FR", "--db", str(warehouse))
    assert diff.returncode == 0 and "8 cells" in diff.stdout
