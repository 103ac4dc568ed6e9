"""`returnstats hub receive DIR`: the Member States' transmission files into the hub.

Every folder under DIR with a `manifest.json` is an export; each SDMX-CSV file it lists is
checked whole and then accepted or refused (hub-v1 "Receiving"):

- its SHA-256 must equal the manifest's, and the folder may hold no CSV its manifest does
  not list;
- columns, DATAFLOW, FREQ, codes and keys must be those of the SDMX structure
  (`returnstats.structure`, built from the seeds); TIME_PERIOD must match FREQ and the file
  name; every row's GEO must be the file's;
- values: a number, not negative, whole for persons and counts, empty only with status L or
  M; every key once; every total equal to the sum of its cells (FRONTEX_M REINT over
  THIRD_COUNTRY may be below it: a person helped for two countries is one person).

The checks run in DuckDB on the file as text. An accepted file becomes a *vintage* of its
(dataflow, GEO, period): a later file for the same key replaces it as the current one and
both are kept. Each file is one transaction; a refused file changes nothing but the
receipt log, and the same file received again changes nothing at all.

ART25A_A is one file for all the sender's reporting countries: each GEO in it (its TOTAL
rows aside — the hub computes its own totals) is a vintage of its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from returnstats import clock
from returnstats.export_flows import ALL_FLOWS, ART25A_CODE, DATAFLOW_VERSION, Dataflow, flow_of_file
from returnstats.sql import string_list, string_literal
from returnstats.structure import code_lists, dimension_codelist, indicator_units, margins
from returnstats.warehouse import connect_writer

# Every dimension a received cell can have; a flow uses some of them.
CELL_DIMS = ["indic", "citizen", "sex", "age", "c_dest", "return_type", "third_country"]
PERIOD_PATTERN = {"Q": r"^\d{4}-Q[1-4]$", "M": r"^\d{4}-(0[1-9]|1[0-2])$", "A": r"^\d{4}$"}
WHOLE_UNITS = ("PER", "NR")
QUESTIONNAIRE = re.compile(r"^art25a_questionnaire_(\d{4})\.csv$")


class ReceiveError(Exception):
    pass


@dataclass
class Receipt:
    folder: str
    file: str
    outcome: str  # accepted | unchanged | refused
    reason: str = ""
    vintages: list[str] = field(default_factory=list)


SCHEMA = """
create schema if not exists received;
create sequence if not exists received.vintage_ids;
create table if not exists received.vintages (
    vintage_id bigint primary key, dataflow varchar, geo varchar, time_period varchar, version integer,
    content_sha256 varchar, file_name varchar, file_sha256 varchar, folder varchar, received_at timestamp,
    rows bigint, superseded_at timestamp);
create table if not exists received.cells (
    vintage_id bigint, dataflow varchar, geo varchar, time_period varchar, freq varchar, unit varchar,
    indic varchar, citizen varchar, sex varchar, age varchar, c_dest varchar, return_type varchar,
    third_country varchar, obs_value_text varchar, obs_value double, obs_status varchar);
create table if not exists received.refusals (
    received_at timestamp, folder varchar, file_name varchar, sha256 varchar, reason varchar);
create table if not exists received.questionnaire (
    year integer, reporting_country varchar, third_country varchar, question varchar, answer integer,
    comment varchar, file_name varchar, received_at timestamp);
"""


def connect_hub(db: Path) -> duckdb.DuckDBPyConnection:
    con = connect_writer(db)
    con.execute(SCHEMA)
    return con


def receive(db: Path, source: Path) -> list[Receipt]:
    if not source.is_dir():
        raise ReceiveError(f"{source} is not a folder: give the folder holding the exports (each with manifest.json)")
    folders = sorted({m.parent for m in source.rglob("manifest.json")})
    questionnaires = sorted(p for p in source.rglob("art25a_questionnaire_*.csv"))
    if not folders and not questionnaires:
        raise ReceiveError(f"no manifest.json under {source}: nothing to receive (an export writes one per folder)")
    con = connect_hub(db)
    try:
        receipts = []
        for folder in folders:
            receipts += _receive_folder(con, folder)
        for path in questionnaires:
            receipts.append(_receive_questionnaire(con, path))
        return receipts
    finally:
        con.close()


def _receive_folder(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Receipt]:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        listed = {f["file"]: f for f in manifest["files"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        reason = f"manifest.json cannot be read ({e})"
        return [_refuse(con, folder, p, reason) for p in sorted(folder.glob("*.csv"))]
    receipts, to_check = [], {}
    for path in sorted(folder.glob("*.csv")):
        if path.name.startswith("REVISIONS_") or QUESTIONNAIRE.match(path.name):
            continue  # a revision report is not a transmission; questionnaires are read apart
        if path.name not in listed:
            receipts.append(_refuse(con, folder, path, "not listed in its folder's manifest.json"))
            continue
        digest = _sha256(path)
        if listed[path.name].get("sha256") != digest:
            receipts.append(_refuse(con, folder, path, "its SHA-256 differs from manifest.json (changed or "
                                                       "truncated in transit)"))
        elif _is_current(con, path, digest):
            receipts.append(Receipt(str(folder), path.name, "unchanged"))  # received before, still current
        else:
            try:
                flow, geo, period = _flow_and_key(path.name)
            except ReceiveError as e:
                receipts.append(_refuse(con, folder, path, str(e)))
                continue
            to_check.setdefault(flow.code, []).append((path, geo, period, digest))
    # the files of one dataflow are checked together, in one pass per rule; then each is
    # accepted (or refused) on its own, one transaction per file
    for code, files in to_check.items():
        flow = ALL_FLOWS[code]
        problems = _problems(con, flow, [(path, geo, period) for path, geo, period, _ in files])
        for path, geo, period, digest in files:
            if problems[path.name]:
                receipts.append(_refuse(con, folder, path, problems[path.name]))
            else:
                con.execute("create or replace temp table incoming as select * exclude (filename) from batch "
                            "where filename = ?", [str(path)])
                receipts.append(_accept(con, folder, path, flow, geo, period, digest))
    for name in sorted(set(listed) - {p.name for p in folder.glob("*.csv")}):
        reason = "listed in manifest.json but not in the folder" if name.endswith(".csv") else \
            "only SDMX-CSV files are received (export with the default --format sdmx-csv)"
        receipts.append(_refuse(con, folder, folder / name, reason))
    return receipts


def _is_current(con: duckdb.DuckDBPyConnection, path: Path, digest: str) -> bool:
    return bool(con.execute("select count(*) from received.vintages where file_sha256 = ? and file_name = ? "
                            "and superseded_at is null", [digest, path.name]).fetchone()[0])


def _refuse(con: duckdb.DuckDBPyConnection, folder: Path, path: Path, reason: str) -> Receipt:
    """Log a refusal once: the same file refused for the same reason again changes nothing."""
    digest = _sha256(path) if path.is_file() else ""
    seen = con.execute("select count(*) from received.refusals where folder = ? and file_name = ? and sha256 = ? "
                       "and reason = ?", [str(folder), path.name, digest, reason]).fetchone()[0]
    if not seen:
        con.execute("insert into received.refusals values (?, ?, ?, ?, ?)",
                    [clock.stored_now(), str(folder), path.name, digest, reason])
    return Receipt(str(folder), path.name, "refused", reason)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _flow_and_key(name: str) -> tuple[Dataflow, str | None, str]:
    """(dataflow, GEO, period) from a file name <FLOW>_<GEO>_<period>.csv or ART25A_A_<YYYY>.csv."""
    found = flow_of_file(name.removesuffix(".csv"))
    if found:
        return found
    raise ReceiveError(f"the file name is not <DATAFLOW>_<GEO>_<period>.csv of a known dataflow "
                       f"({', '.join(ALL_FLOWS)})")


def _problems(con: duckdb.DuckDBPyConnection, flow: Dataflow, files: list[tuple[Path, str | None, str]]) \
        -> dict[str, str | None]:
    """Load the files of one dataflow into the temp table `batch` (with their file name) and
    return, per file name, the first rule the file breaks, in words, or None."""
    header = ",".join(flow.columns)
    problems: dict[str, str | None] = {}
    readable = []
    for path, geo, period in files:
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline().rstrip("\r\n")
        if first != header:
            problems[path.name] = (f"columns {first[:200]} are not those of {flow.code}: {header}" if first
                                   else "the file is empty")
        else:
            readable.append((path, geo, period))
    if not readable:
        return problems
    try:
        con.execute("create or replace temp table batch as select * from read_csv(?, all_varchar = true, "
                    "header = true, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
                    "null_padding = false, filename = true)", [[str(p) for p, _, _ in readable]])
    except duckdb.Error as e:
        if len(readable) > 1:  # one unreadable file: find it, file by file
            for one in readable:
                problems |= _problems(con, flow, [one])
            return problems
        problems[readable[0][0].name] = f"not a readable CSV ({str(e).splitlines()[0][:200]})"
        return problems
    con.execute("create or replace temp table expected (filename varchar, file_name varchar, expected_geo varchar, "
                "expected_period varchar)")
    con.executemany("insert into expected values (?, ?, ?, ?)", [[str(p), p.name, g, t] for p, g, t in readable])
    found = _rule_problems(con, flow)
    found = _duplicate_problems(con, flow) | found
    if flow.code != ART25A_CODE:
        found = _margin_problems(con, flow) | found
    for path, _, _ in readable:
        problems[path.name] = found.get(path.name)
    return problems


def _rule_problems(con: duckdb.DuckDBPyConnection, flow: Dataflow) -> dict[str, str]:
    """One scan of the batch for every rule: per file, whether a row breaks each rule and one such
    value (the least, so that the same file is refused in the same words every time)."""
    lists = code_lists()
    dims = [d.upper() for d in flow.dims]
    # a national file's rows carry its own GEO; ART25A_A holds every GEO of the sender, and TOTAL
    geo_codes = lists["CL_GEO"].ids - {"EU27_2020", "EU27_2020_EFTA"} - (set() if flow.code == ART25A_CODE
                                                                         else {"TOTAL"})
    checks = [
        (f"\"DATAFLOW\" != 'RETURNSTATS:{flow.code}({DATAFLOW_VERSION})'",
         f"DATAFLOW is not RETURNSTATS:{flow.code}({DATAFLOW_VERSION})", "DATAFLOW"),
        (f"\"FREQ\" is distinct from '{flow.freq}'", f"FREQ is not {flow.freq}", "FREQ"),
        (f"not regexp_full_match(coalesce(\"TIME_PERIOD\", ''), '{PERIOD_PATTERN[flow.freq][1:-1]}')",
         f"TIME_PERIOD does not match FREQ {flow.freq}", "TIME_PERIOD"),
        ("\"TIME_PERIOD\" != e.expected_period", "TIME_PERIOD differs from the file name's period", "TIME_PERIOD"),
        (f"\"GEO\" is null or \"GEO\" not in {string_list(sorted(geo_codes))}", "unknown GEO code", "GEO"),
        ("e.expected_geo is not null and \"GEO\" != e.expected_geo", "GEO differs from the file's", "GEO"),
    ]
    for dim in [*dims, "UNIT"]:
        codes = lists[dimension_codelist(flow, dim)].ids
        checks.append((f"\"{dim}\" is null or \"{dim}\" not in {string_list(sorted(codes))}",
                       f"a code in {dim} is not in the structure", dim))
    # the unit each cell must have: its indicator's (seeds/ref_indicators.csv), or the flow's
    if "indic" in flow.dims:
        units = indicator_units(flow.code).items()
        expected_unit = "case \"INDIC\" " + " ".join(
            f"when {string_literal(i)} then {string_literal(u)}" for i, u in units) + " end"
    else:
        expected_unit = flow.unit_sql
    checks.append((f"\"UNIT\" is distinct from {expected_unit}", "a UNIT that is not the indicator's or the flow's",
                   "UNIT"))
    checks += [
        ("\"OBS_STATUS\" is null or \"OBS_STATUS\" not in ('A', 'P', 'L', 'M')", "OBS_STATUS not A, P, L or M",
         "OBS_STATUS"),
        ("\"OBS_VALUE\" is null and \"OBS_STATUS\" not in ('L', 'M')", "an empty OBS_VALUE without status L or M",
         "OBS_VALUE"),
        ("\"OBS_VALUE\" is not null and \"OBS_STATUS\" in ('L', 'M')", "a value with status L or M", "OBS_VALUE"),
        ("\"OBS_VALUE\" is not null and try_cast(\"OBS_VALUE\" as double) is null", "OBS_VALUE not a number",
         "OBS_VALUE"),
        ("try_cast(\"OBS_VALUE\" as double) < 0", "a negative OBS_VALUE", "OBS_VALUE"),
        (f"\"UNIT\" in {string_list(WHOLE_UNITS)} and try_cast(\"OBS_VALUE\" as double) "
         "!= floor(try_cast(\"OBS_VALUE\" as double))", "a count that is not a whole number", "OBS_VALUE"),
    ]
    rows = con.execute("select e.file_name, any_value(e.expected_geo), any_value(e.expected_period), "
                       "count(b.filename), " + ", ".join(
        f"bool_or({condition}), min(\"{column}\") filter (where {condition})"  # min: the same row every time
        for condition, _, column in checks) + " from expected as e left join batch as b using (filename) "
        "group by e.file_name").fetchall()
    problems = {}
    for name, geo, period, count, *found in rows:
        if not count:
            problems[name] = "the file holds no row (every file has at least its all-totals cell)"
            continue
        for index, (_, reason, _) in enumerate(checks):
            if found[2 * index]:
                detail = {"TIME_PERIOD differs from the file name's period": f"TIME_PERIOD differs from the file "
                                                                              f"name's {period}",
                          "GEO differs from the file's": f"GEO differs from the file's ({geo})"}.get(reason, reason)
                problems[name] = f"{detail} (row value {found[2 * index + 1]!r})"
                break
    return problems


def _duplicate_problems(con: duckdb.DuckDBPyConnection, flow: Dataflow) -> dict[str, str]:
    keys = ", ".join(f'"{c}"' for c in ["GEO", *(d.upper() for d in flow.dims), "TIME_PERIOD"])
    rows = con.execute(f"""select * from (
                               select e.file_name, {keys} from batch join expected as e using (filename)
                               group by e.file_name, {keys} having count(*) > 1)
                           qualify row_number() over (partition by file_name order by {keys}) = 1""")
    return {name: f"a key repeats ({', '.join(map(str, key))})" for name, *key in rows.fetchall()}


def _margin_problems(con: duckdb.DuckDBPyConnection, flow: Dataflow) -> dict[str, str]:
    """Every total equals the sum of its cells within the file (missing cells are zeros)."""
    dims = [d.upper() for d in flow.dims]
    checks = []
    for dim in dims:
        if dim == "INDIC":
            continue  # INDIC has no total: its populations overlap
        others = [f'"{d}"' for d in dims if d != dim]
        for total, parts in margins(dim).items():
            # FRONTEX_M REINT counts a person once in THIRD_COUNTRY TOTAL: it may be below its cells
            reint_may_be_below = flow.code == "FRONTEX_M" and dim == "THIRD_COUNTRY"
            mismatch = ("total > parts or total < parts and \"INDIC\" != 'REINT'") if reint_may_be_below \
                else "total != parts"
            checks.append(f"""
                select file_name, '{dim}' as dim, '{total}' as total_code,
                       {" || ', ' || ".join(others) or "''"} as at_cell, total, parts from (
                    select file_name, {", ".join(others) + "," if others else ""}
                           coalesce(sum(v) filter (where "{dim}" = {string_literal(total)}), 0) as total,
                           coalesce(sum(v) filter (where "{dim}" in {string_list(sorted(parts))}), 0) as parts
                    from valued group by file_name{", " + ", ".join(others) if others else ""})
                where {mismatch}""")
    if not checks:
        return {}
    con.execute("""create or replace temp table valued as
                   select b.*, e.file_name, try_cast("OBS_VALUE" as double) as v
                   from batch as b join expected as e using (filename) where "OBS_STATUS" not in ('L', 'M')""")
    rows = con.execute("select * from (" + " union all ".join(checks) + ") "
                       "qualify row_number() over (partition by file_name order by dim, total_code, at_cell) = 1"
                       ).fetchall()
    return {name: f"margins do not add up: {dim} {total} = {total_value:g} but its cells sum to {parts_value:g} "
                  f"(at {where})" for name, dim, total, where, total_value, parts_value in rows}


def _accept(con: duckdb.DuckDBPyConnection, folder: Path, path: Path, flow: Dataflow, geo: str | None,
            period: str, digest: str) -> Receipt:
    """One transaction: a vintage per GEO of the file (one, except ART25A_A), its cells, and the
    previous vintage marked superseded. A GEO whose content is that of its current vintage is
    left as it is."""
    now = clock.stored_now()
    dims = [d.upper() for d in flow.dims]
    order = ", ".join(f'"{c}"' for c in [*dims, "TIME_PERIOD"])
    row_text = " || ',' || ".join(f"coalesce(\"{c}\", '')" for c in flow.columns)
    geos = con.execute(f"""select "GEO", sha256(string_agg({row_text}, chr(10) order by {row_text}))
                           from incoming where "GEO" != 'TOTAL' group by "GEO" order by 1""").fetchall()
    accepted = []
    con.execute("begin transaction")
    try:
        for cell_geo, content in geos:
            current = con.execute("select vintage_id, content_sha256, version from received.vintages "
                                  "where dataflow = ? and geo = ? and time_period = ? and superseded_at is null",
                                  [flow.code, cell_geo, period]).fetchone()
            if current and current[1] == content:
                continue
            vintage_id = con.execute("select nextval('received.vintage_ids')").fetchone()[0]
            if current:
                con.execute("update received.vintages set superseded_at = ? where vintage_id = ?", [now, current[0]])
            rows = con.execute("select count(*) from incoming where \"GEO\" = ?", [cell_geo]).fetchone()[0]
            con.execute("insert into received.vintages values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
                        [vintage_id, flow.code, cell_geo, period, (current[2] + 1) if current else 1, content,
                         path.name, digest, str(folder), now, rows])
            select_dims = ", ".join(f'"{d.upper()}"' if d.lower() in flow.dims else "null" for d in CELL_DIMS)
            con.execute(f"""insert into received.cells
                select ?, ?, "GEO", "TIME_PERIOD", "FREQ", "UNIT", {select_dims}, "OBS_VALUE",
                       try_cast("OBS_VALUE" as double), "OBS_STATUS"
                from incoming where "GEO" = ? order by {order}""", [vintage_id, flow.code, cell_geo])
            accepted.append(f"{flow.code} {cell_geo} {period} v{(current[2] + 1) if current else 1}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return Receipt(str(folder), path.name, "accepted" if accepted else "unchanged", vintages=accepted)


def _receive_questionnaire(con: duckdb.DuckDBPyConnection, path: Path) -> Receipt:
    """art25a_questionnaire_<YYYY>.csv: the Member States' answers for a year, replacing that
    year's earlier answers (hub-v1 "Qualitative Art. 25a input")."""
    from returnstats.hub.questionnaire import QUESTIONNAIRE_COLUMNS, QUESTIONS

    year = int(QUESTIONNAIRE.match(path.name).group(1))
    lists = code_lists()
    try:
        con.execute(f"create or replace temp table answers as select * from read_csv({string_literal(path)}, "
                    "all_varchar = true, header = true, strict_mode = true)")
    except duckdb.Error as e:
        return _refuse(con, path.parent, path, f"not a readable CSV ({str(e).splitlines()[0][:200]})")
    columns = [r[0] for r in con.execute("select column_name from (describe answers)").fetchall()]
    if columns != QUESTIONNAIRE_COLUMNS:
        return _refuse(con, path.parent, path, f"columns must be {','.join(QUESTIONNAIRE_COLUMNS)}")
    geo = lists["CL_GEO"].ids - {"TOTAL", "EU27_2020", "EU27_2020_EFTA"}
    third = lists["CL_THIRD_COUNTRY"].ids - {"TOTAL", "UNK"}
    for condition, reason in [
        (f"reporting_country is null or reporting_country not in {string_list(sorted(geo))}",
         "unknown reporting_country"),
        (f"third_country is null or third_country not in {string_list(sorted(third))}", "unknown third_country"),
        (f"question is null or question not in {string_list(sorted(QUESTIONS))}", "unknown question code"),
        ("try_cast(answer as integer) is null or try_cast(answer as integer) not between 1 and 3",
         "answer not on the 1-3 scale"),
    ]:
        hit = con.execute(f"select * from answers where {condition} limit 1").fetchall()
        if hit:
            return _refuse(con, path.parent, path, f"{reason} ({', '.join(map(str, hit[0][:4]))})")
    if con.execute("select count(*) from (select reporting_country, third_country, question from answers "
                   "group by all having count(*) > 1)").fetchone()[0]:
        return _refuse(con, path.parent, path, "a (reporting_country, third_country, question) repeats")
    same = con.execute("""select count(*) = (select count(*) from answers) and count(*) = (select count(*) from
        received.questionnaire where year = ?) from answers a join received.questionnaire q on q.year = ?
        and q.reporting_country = a.reporting_country and q.third_country = a.third_country
        and q.question = a.question and q.answer = cast(a.answer as integer)
        and q.comment is not distinct from a.comment""", [year, year]).fetchone()[0]
    if same:
        return Receipt(str(path.parent), path.name, "unchanged")
    con.execute("begin transaction")
    con.execute("delete from received.questionnaire where year = ?", [year])
    con.execute("insert into received.questionnaire select ?, reporting_country, third_country, question, "
                "cast(answer as integer), comment, ?, ? from answers", [year, path.name, clock.stored_now()])
    con.execute("commit")
    return Receipt(str(path.parent), path.name, "accepted", vintages=[f"questionnaire {year}"])


__all__ = ["Receipt", "ReceiveError", "receive", "connect_hub"]
