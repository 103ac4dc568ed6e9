"""Demo case extract: realistic, contract-valid, deterministic for a seed, vectorised.

Persons are simulated from two quarters before `--from`, so returns, detentions and
readmission replies in the first quarters of the window include cases decided earlier
(as a real extract of a period does). Point events are kept when dated in the window;
detentions and alternatives when they overlap it; persons when anything refers to them.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from returnstats import demo_params as P
from returnstats import periods
from returnstats.files import replace_file, temporary_sibling
from returnstats.ingest.contract import COVERAGE_FILE

DAY = np.timedelta64(1, "D")


class GeneratorError(Exception):
    pass


def parse_quarter(text: str) -> tuple[int, int]:
    """(year, quarter) of a `YYYY-Qn` label (the periods module parses it)."""
    try:
        start = periods.parse_quarter(text).start
    except periods.PeriodError as error:
        raise GeneratorError(str(error)) from None
    return start.year, (start.month + 2) // 3


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    quarter = periods.parse_quarter(f"{year}-Q{q}")
    return quarter.start, quarter.end


def quarters_between(first: str, last: str) -> list[tuple[int, int]]:
    (y0, q0), (y1, q1) = parse_quarter(first), parse_quarter(last)
    if (y1, q1) < (y0, q0):
        raise GeneratorError(f"--from {first} is after --to {last}")
    return [(i // 4, i % 4 + 1) for i in range(y0 * 4 + q0 - 1, y1 * 4 + q1)]


def _pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    codes = np.array(list(shares))
    weights = np.array(list(shares.values()), dtype=float)
    return codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]


def _citizen_shares() -> dict[str, float]:
    rest = 1.0 - sum(P.CITIZEN_SHARE.values())
    return P.CITIZEN_SHARE | {c: rest / len(P.OTHER_CITIZENSHIPS) for c in P.OTHER_CITIZENSHIPS}


def _tier(codes: pl.Expr) -> pl.Expr:
    return (
        pl.when(codes.is_in(list(P.GOOD_COOPERATION))).then(pl.lit("good"))
        .when(codes.is_in(list(P.POOR_COOPERATION))).then(pl.lit("poor"))
        .otherwise(pl.lit("average"))
    )


def _ids(prefix: str, n: int) -> pl.Series:
    return pl.select(pl.concat_str([pl.lit(prefix), pl.int_range(n).cast(pl.String).str.zfill(8)])).to_series()


def _days(rng: np.random.Generator, median: float | np.ndarray, n: int, sigma: float = 0.8) -> np.ndarray:
    """Log-normal delays in whole days with the given median."""
    return np.maximum(0, np.round(np.asarray(median) * np.exp(rng.normal(0, sigma, n)))).astype("int64")


def _persons(rng: np.random.Generator, quarters: list[tuple[int, int]], scale: float) -> pl.DataFrame:
    mean = np.mean(list(P.EU_ORDERED_PER_QUARTER.values()))
    frames = []
    for year, q in quarters:
        # The published figures count orders to leave; transfer decisions come on top of them.
        n = int(round(P.EU_ORDERED_PER_QUARTER.get(f"{year}-Q{q}", mean) * P.EFTA_UPLIFT * scale
                      / (1 - sum(P.TRANSFER_SHARE.values()))))
        start, end = quarter_bounds(year, q)
        offsets = rng.integers(0, (end - start).days + 1, n)
        frames.append(pl.DataFrame({"decision_date": np.datetime64(start) + offsets * DAY}))
    people = pl.concat(frames)
    n = people.height
    ages = _ages(rng, n)
    birth = people["decision_date"].to_numpy() - (ages * 365.25).astype("int64") * DAY - rng.integers(0, 365, n) * DAY
    birth = np.where(rng.random(n) < P.UNKNOWN_BIRTH_DATE_SHARE, np.datetime64("NaT"), birth)
    transfer = _pick(rng, P.TRANSFER_SHARE | {"RETURN": 1 - sum(P.TRANSFER_SHARE.values())}, n)
    minor = ages < 18
    unaccompanied = np.where(minor & (rng.random(n) < P.UNACCOMPANIED_SHARE_OF_MINORS), "Y", "N")
    # unknown for a share; not np.where(..., None, ...): polars cannot read an object array
    # whose first value is None (it happens at scale 10)
    unaccompanied = _only_where(rng.random(n) >= P.UNACCOMPANIED_UNKNOWN_SHARE, unaccompanied)
    return people.with_columns(
        person_id=_ids("P", n),
        reporting_country=_pick(rng, P.REPORTING_SHARE, n),
        sex=_pick(rng, P.SEX_SHARE, n),
        citizenship=_pick(rng, _citizen_shares(), n),
        birth_date=pl.Series(birth).cast(pl.Date),
        transfer_kind=pl.Series(transfer),
        unaccompanied_minor=unaccompanied,
        u=rng.random(n),
    )


def _ages(rng: np.random.Generator, n: int) -> np.ndarray:
    classes = rng.choice(len(P.AGE_CLASS_SHARE), size=n, p=[s for *_, s in P.AGE_CLASS_SHARE])
    low = np.array([a for a, _, _ in P.AGE_CLASS_SHARE])[classes]
    high = np.array([b for _, b, _ in P.AGE_CLASS_SHARE])[classes]
    return rng.integers(low, high)


def _decisions(rng: np.random.Generator, people: pl.DataFrame) -> pl.DataFrame:
    repeat = people.filter(pl.Series(rng.random(people.height) < 0.03))
    delay = pl.duration(days=pl.Series(rng.integers(30, 240, repeat.height)))
    repeat = repeat.with_columns(pl.col("decision_date") + delay)
    # A person's first decision has the person's kind (a transfer for a few); a repeat is a return decision.
    repeat = repeat.with_columns(transfer_kind=pl.lit("RETURN"))
    columns = ["person_id", "reporting_country", "decision_date", "citizenship", "transfer_kind", "unaccompanied_minor"]
    both = pl.concat([people.select(columns), repeat.select(columns)])
    n = both.height
    country_of_return = np.where(rng.random(n) < 0.9, both["citizenship"].to_numpy(), "UNK")
    return both.with_columns(
        decision_id=_ids("D", n),
        country_of_return=pl.Series(country_of_return).replace({"STLS": "UNK", "RNC": "UNK"}),
        entry_ban=pl.Series(np.where(rng.random(n) < 0.35, "Y", "N")),
        decision_type=pl.col("transfer_kind"),
    ).drop("citizenship", "transfer_kind")


def _returns(rng: np.random.Generator, people: pl.DataFrame) -> pl.DataFrame:
    geo = people["reporting_country"].replace_strict(P.RETURN_PROPENSITY, default=1.0).to_numpy()
    cit = people["citizenship"].replace_strict(P.CITIZEN_RETURN_PROPENSITY, default=1.0).to_numpy()
    weight = geo * cit
    p = np.clip(weight * P.OVERALL_RETURN_SHARE / weight.mean(), 0, 0.95)
    ret = people.filter(pl.Series(people["u"].to_numpy() < p))
    n = ret.height
    kind = rng.choice(3, size=n, p=[0.45, 0.35, 0.20])  # forced, assisted voluntary, non-assisted voluntary
    transfer = ret["transfer_kind"].to_numpy()
    reporting = ret["reporting_country"].to_numpy()
    dest = np.where(transfer == "RETURN", _destinations(rng, ret["citizenship"].to_numpy()), _member_state(rng, n))
    dest = _not_the_reporting_country(dest, reporting)
    forced = kind == 0
    transport = np.where(forced, _pick(rng, {"CHARTER": 0.3, "SCHEDULED": 0.55, "LAND": 0.1, "UNK": 0.05}, n),
                         _pick(rng, {"SCHEDULED": 0.7, "LAND": 0.15, "SEA": 0.05, "UNK": 0.1}, n))
    return ret.select("person_id", "reporting_country", "decision_date", "citizenship").with_columns(
        return_id=_ids("R", n),
        departure_date=pl.col("decision_date") + pl.duration(days=pl.Series(_days(rng, 45, n, 0.9) + 1)),
        return_type=pl.Series(np.where(forced, "FORCED", "VOLUNTARY")),
        assisted=pl.Series(np.where(kind == 2, "N", "Y")),
        destination=pl.Series(dest),
        transport=pl.Series(transport),
        frontex_support=pl.Series(np.where(forced & (rng.random(n) < 0.35), "Y", "N")),
        return_kind=pl.Series(transfer),
        unaccompanied_minor=ret["unaccompanied_minor"],
    )


def _member_state(rng: np.random.Generator, n: int) -> np.ndarray:
    """Where a Dublin or intra-EU transfer goes: the Member States that receive most of them."""
    return _pick(rng, {"IT": 3, "DE": 2, "ES": 1, "FR": 1, "BE": 1, "NL": 1, "AT": 1, "BG": 1}, n)


def _not_the_reporting_country(destination: np.ndarray, reporting: np.ndarray) -> np.ndarray:
    """A departure to the reporting country itself is no return (contract v2 rejects it)."""
    return np.where(destination == reporting, np.where(reporting == "IT", "ES", "IT"), destination)


def _destinations(rng: np.random.Generator, citizenship: np.ndarray) -> np.ndarray:
    n = len(citizenship)
    roll = rng.random(n)
    other = _pick(rng, P.CITIZEN_SHARE | {"UNK": 0.0, "STLS": 0.0, "RNC": 0.0}, n)
    eu = _pick(rng, {"IT": 1, "ES": 1, "DE": 1, "FR": 1, "BE": 1, "NL": 1}, n)
    home = np.where(np.isin(citizenship, ["UNK", "STLS", "RNC"]), other, citizenship)
    return np.where(roll < 0.87, home, np.where(roll < 0.92, other, np.where(roll < 0.98, eu, "UNK")))


def _spells(rng, people, share, start_delay, median_days, prefix, id_col, kinds, kind_col) -> pl.DataFrame:
    """Detentions or alternatives: a start some days after the decision, a log-normal length."""
    spell = people.filter(pl.Series(rng.random(people.height) < share))
    n = spell.height
    start = spell["decision_date"].to_numpy() + rng.integers(0, start_delay, n) * DAY
    end = start + _days(rng, median_days, n, 1.0) * DAY
    return spell.select("person_id", "reporting_country").with_columns(
        pl.Series(id_col, _ids(prefix, n)),
        start_date=pl.Series(start).cast(pl.Date),
        end_date=pl.Series(end).cast(pl.Date),
        **{kind_col: pl.Series(_pick(rng, kinds, n))},
    )


def _recognitions(rng: np.random.Generator, people: pl.DataFrame) -> pl.DataFrame:
    rec = people.filter(pl.Series(rng.random(people.height) < 0.02))
    n = rec.height
    issuing = _pick(rng, P.REPORTING_SHARE, n)
    clash = issuing == rec["reporting_country"].to_numpy()
    issuing = np.where(clash, np.where(issuing == "FR", "DE", "FR"), issuing)
    return rec.select("person_id", "reporting_country").with_columns(
        recognition_id=_ids("G", n),
        issuing_country=pl.Series(issuing),
        recognition_date=pl.Series(rec["decision_date"].to_numpy() + rng.integers(0, 90, n) * DAY).cast(pl.Date),
        outcome=pl.Series(np.where(rng.random(n) < 0.9, "RECOGNISED", "REFUSED")),
    )


def _coop(third_country: pl.Series, field: int) -> np.ndarray:
    tiers = pl.select(_tier(pl.lit(third_country))).to_series()
    return tiers.replace_strict({t: v[field] for t, v in P.COOPERATION.items()}, return_dtype=pl.Float64).to_numpy()


def _only_where(condition: np.ndarray, values: np.ndarray) -> pl.Series:
    """The values where the condition holds, NULL elsewhere (dates become pl.Date)."""
    series = pl.Series(values)
    if series.dtype == pl.Datetime or series.dtype == pl.Date:
        series = series.cast(pl.Date)
    return pl.select(pl.when(pl.Series(condition)).then(series)).to_series()


def _applications(rng: np.random.Generator, people: pl.DataFrame, window_end: date) -> pl.DataFrame:
    eligible = ~people["citizenship"].is_in(["UNK", "STLS", "RNC"])
    app = people.filter(eligible & pl.Series(rng.random(people.height) < 0.3))
    n = app.height
    tc = app["citizenship"]
    submitted = app["decision_date"].to_numpy() + rng.integers(3, 90, n) * DAY
    nat_req = rng.random(n) < 0.8
    replied = nat_req & (rng.random(n) < _coop(tc, 0))
    reply_date = submitted + _days(rng, _coop(tc, 1), n) * DAY
    replied &= reply_date <= np.datetime64(window_end)
    positive = rng.random(n) < _coop(tc, 2)
    td_req = ((~nat_req) | (replied & positive)) & (rng.random(n) < 0.85)
    td_req_date = np.where(replied, reply_date, submitted) + rng.integers(0, 14, n) * DAY
    td_req &= td_req_date <= np.datetime64(window_end)
    td_date = td_req_date + _days(rng, _coop(tc, 4), n) * DAY
    td_done = td_req & (td_date <= np.datetime64(window_end)) & (rng.random(n) < 0.9)
    issued = rng.random(n) < _coop(tc, 3)
    eutd = rng.random(n) < 0.15
    return app.select("person_id", "reporting_country").with_columns(
        application_id=_ids("A", n),
        third_country=tc,
        submission_date=pl.Series(submitted).cast(pl.Date),
        nationality_request=pl.Series(np.where(nat_req, "Y", "N")),
        nationality_reply=_only_where(replied, np.where(positive, "POSITIVE", "NEGATIVE")),
        nationality_reply_date=_only_where(replied, reply_date),
        travel_document_request=pl.Series(np.where(td_req, "Y", "N")),
        travel_document_request_date=_only_where(td_req, td_req_date),
        travel_document_outcome=_only_where(td_done, np.where(issued, "ISSUED", "REFUSED")),
        travel_document_outcome_date=_only_where(td_done, td_date),
        eutd_used=pl.Series(np.where(eutd, "Y", "N")),
        eutd_accepted=_only_where(eutd, np.where(rng.random(n) < _coop(tc, 5), "Y", "N")),
        travel_document_type=_only_where(td_done & issued, _pick(rng, P.TRAVEL_DOCUMENT_TYPE_SHARE, n)),
    )


def _reintegration(rng: np.random.Generator, returns: pl.DataFrame) -> pl.DataFrame:
    """Assistance granted shortly before departure, to the country returned to (or of citizenship)."""
    share = np.where(returns["return_type"].to_numpy() == "FORCED", 0.1,
                     np.where(returns["assisted"].to_numpy() == "Y", 0.45, 0.0))
    outside = ~pl.col("destination").is_in(sorted(P.REPORTING_SHARE) + ["UNK"])
    rei = returns.filter(pl.Series(rng.random(returns.height) < share)).with_columns(
        third_country=pl.when(outside).then(pl.col("destination")).otherwise(pl.col("citizenship"))
    ).filter(~pl.col("third_country").is_in(["UNK", "STLS", "RNC"]))
    n = rei.height
    return rei.select("person_id", "reporting_country", "third_country").with_columns(
        assistance_id=_ids("I", n),
        start_date=pl.Series(rei["departure_date"].to_numpy() - rng.integers(0, 20, n) * DAY),
        assistance_type=pl.Series(_pick(rng, {"CASH": 0.3, "IN_KIND": 0.3, "MIXED": 0.4}, n)),
    ).with_columns(pl.col("start_date").cast(pl.Date))


def _operations(rng: np.random.Generator, returns: pl.DataFrame) -> pl.DataFrame:
    """One landing/operation request per (country, destination, month, mode) of forced returns."""
    forced = returns.filter(
        (pl.col("return_type") == "FORCED") & pl.col("transport").is_in(["CHARTER", "SCHEDULED"])
        & ~pl.col("destination").is_in(sorted(P.REPORTING_SHARE) + ["UNK"])
    )
    ops = forced.group_by(
        "reporting_country", pl.col("destination").alias("third_country"),
        pl.col("departure_date").dt.truncate("1mo").alias("month"), pl.col("transport").alias("mode"),
    ).agg(returnees=pl.len(), first_departure=pl.col("departure_date").min()).sort(
        "reporting_country", "third_country", "month", "mode"
    )
    n = ops.height
    accepted = rng.random(n) < _coop(ops["third_country"], 6)
    return ops.with_columns(
        operation_id=_ids("O", n),
        request_date=pl.col("first_departure") - pl.duration(days=pl.Series(rng.integers(7, 30, n))),
        outcome=pl.Series(np.where(accepted, "ACCEPTED", "REFUSED")),
        returnees=pl.Series(np.where(accepted, ops["returnees"].to_numpy(), 0)),
        joint=pl.Series(np.where(rng.random(n) < 0.2, "Y", "N")),
        frontex_support=pl.Series(np.where(rng.random(n) < 0.4, "Y", "N")),
    ).drop("month", "first_departure")


COLUMN_ORDER = {
    "persons": ["person_id", "reporting_country", "sex", "birth_date", "citizenship"],
    "return_decisions": ["decision_id", "person_id", "reporting_country", "decision_date", "country_of_return",
                         "entry_ban", "decision_type", "unaccompanied_minor"],
    "recognitions": ["recognition_id", "person_id", "reporting_country", "issuing_country", "recognition_date",
                     "outcome"],
    "detentions": ["detention_id", "person_id", "reporting_country", "start_date", "end_date", "ground"],
    "alternatives": ["measure_id", "person_id", "reporting_country", "measure_type", "start_date", "end_date",
                     "legal_basis"],
    "returns": ["return_id", "person_id", "reporting_country", "decision_id", "departure_date", "return_type",
                "assisted", "destination", "transport", "frontex_support", "return_kind", "unaccompanied_minor"],
    "readmission_applications": [
        "application_id", "person_id", "reporting_country", "third_country", "submission_date",
        "nationality_request", "nationality_reply", "nationality_reply_date", "travel_document_request",
        "travel_document_request_date", "travel_document_outcome", "travel_document_outcome_date",
        "eutd_used", "eutd_accepted", "travel_document_type"],
    "reintegration": ["assistance_id", "person_id", "reporting_country", "third_country", "start_date",
                      "assistance_type"],
    "return_operations": ["operation_id", "reporting_country", "third_country", "request_date", "mode", "outcome",
                          "returnees", "joint", "frontex_support"],
}


def simulate(scale: float, seed: int, first: str, last: str) -> dict[str, pl.DataFrame]:
    """All nine tables, restricted to the window [start of `first`, end of `last`]."""
    if not 0 < scale <= 100:
        raise GeneratorError("--scale must be > 0 and <= 100")
    quarters = quarters_between(first, last)
    y, q = quarters[0]
    lead_in = [((y * 4 + q - 1 - k) // 4, (y * 4 + q - 1 - k) % 4 + 1) for k in (2, 1)]
    rng = np.random.default_rng(seed)
    people = _persons(rng, lead_in + quarters, scale)
    window = (quarter_bounds(*quarters[0])[0], quarter_bounds(*quarters[-1])[1])
    returns = _returns(rng, people)
    tables = {
        "return_decisions": _decisions(rng, people),
        "recognitions": _recognitions(rng, people),
        "detentions": _spells(rng, people, 0.15, 60, 30, "T", "detention_id",
                              {"ABSCONDING": 0.55, "HAMPERING": 0.15, "SECURITY": 0.08, "IDENTITY": 0.17,
                               "ATD_BREACH": 0.05}, "ground"),
        "alternatives": pl.concat([
            _spells(rng, people, 0.08, 30, 60, "M", "measure_id",
                    {"REPORTING": 0.5, "DOCUMENTS": 0.15, "RESIDENCE": 0.2, "GUARANTEE": 0.05,
                     "ELECTRONIC": 0.1}, "measure_type").with_columns(legal_basis=pl.lit("ART31")),
            _spells(rng, people, P.AVAILABILITY_MEASURE_SHARE, 10, 90, "V", "measure_id",
                    {"REPORTING": 0.7, "DOCUMENTS": 0.2, "RESIDENCE": 0.1}, "measure_type")
            .with_columns(legal_basis=pl.lit("ART23")),
        ]),
        "returns": returns.join(_decisions_lookup(people), on="person_id", how="left"),
        "readmission_applications": _applications(rng, people, window[1]),
        "reintegration": _reintegration(rng, returns),
        "return_operations": _operations(rng, returns),
    }
    tables = {name: _in_window(name, df, *window) for name, df in tables.items()}
    coverage = coverage_declarations(quarters)
    tables["alternatives"] = _drop_not_collected(tables["alternatives"], coverage)
    referenced = pl.concat([df.select("person_id") for df in tables.values() if "person_id" in df.columns]).unique()
    tables["persons"] = people.join(referenced, on="person_id", how="semi").sort("person_id")
    extract = {name: tables[name].select(COLUMN_ORDER[name]) for name in COLUMN_ORDER}
    return extract | {"coverage": coverage}


def coverage_declarations(quarters: list[tuple[int, int]]) -> pl.DataFrame:
    """coverage.csv: one country (P.COVERAGE_GAP) declares every dated table collected over the
    window, except one table not collected in the window's first quarters."""
    gap = P.COVERAGE_GAP
    labels = [f"{y}-Q{q}" for y, q in quarters]
    missing = min(gap["quarters"], len(labels))
    rows = []
    for table in COLUMN_ORDER:
        if table in ("persons", gap["table"]):
            continue
        rows.append((gap["country"], table, "Y", labels[0], labels[-1]))
    rows.append((gap["country"], gap["table"], "N", labels[0], labels[missing - 1]))
    if missing < len(labels):
        rows.append((gap["country"], gap["table"], "Y", labels[missing], labels[-1]))
    return pl.DataFrame(rows, schema=["reporting_country", "table", "collected", "period_from", "period_to"],
                        orient="row")


def _drop_not_collected(alternatives: pl.DataFrame, coverage: pl.DataFrame) -> pl.DataFrame:
    """A case system that did not record a table until the end of its gap delivers no rows
    of it that start before then (nor the measures started before the window)."""
    gaps = coverage.filter(pl.col("collected") == "N")
    for geo, period_to in gaps.select("reporting_country", "period_to").iter_rows():
        end = quarter_bounds(*parse_quarter(period_to))[1]
        alternatives = alternatives.filter(~((pl.col("reporting_country") == geo) & (pl.col("start_date") <= end)))
    return alternatives


def _decisions_lookup(people: pl.DataFrame) -> pl.DataFrame:
    """The first decision of each person is the one its return enforces (decision ids follow person order)."""
    return people.select("person_id", decision_id=_ids("D", people.height))


def _in_window(name: str, df: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    if name in ("detentions", "alternatives"):
        overlaps = (pl.col("start_date") <= end) & (pl.col("end_date").is_null() | (pl.col("end_date") >= start))
        ongoing = pl.when(pl.col("end_date") > end).then(None).otherwise(pl.col("end_date"))
        return df.filter(overlaps).with_columns(end_date=ongoing)
    event = {"return_decisions": "decision_date", "recognitions": "recognition_date", "returns": "departure_date",
             "readmission_applications": "submission_date", "reintegration": "start_date",
             "return_operations": "request_date"}[name]
    return df.filter(pl.col(event).is_between(start, end))


def generate_extract(out: Path, scale: float = 1.0, seed: int = 42, first: str = "2024-Q1", last: str = "2025-Q4",
                     fmt: str = "csv", flawed: bool = False) -> dict[str, int]:
    if fmt not in ("csv", "parquet"):
        raise GeneratorError("--format must be csv or parquet")
    if flawed and fmt != "csv":
        raise GeneratorError("--flawed-rows needs --format csv")
    tables = simulate(scale, seed, first, last)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        target = out / (COVERAGE_FILE if name == "coverage" else f"{name}.{fmt}")
        tmp = temporary_sibling(target)
        df.write_csv(tmp) if fmt == "csv" or name == "coverage" else df.write_parquet(tmp)
        replace_file(tmp, target)
    counts = {name: df.height for name, df in tables.items()}
    if flawed:
        for table, n in append_flawed_rows(out).items():
            counts[table] += n
    return counts


# Rows a real extract tends to carry, each breaking one rule of the input contract; the demo
# includes them so the quarantine (and the dashboard's view of it) is never empty. They are new
# records: quarantining them changes no figure.
FLAWS = {
    "persons": [{"person_id": "PFLAW001", "citizenship": "ZZ"},  # not a country code
                {"person_id": "PFLAW002", "birth_date": "31/12/1990"}],  # not an ISO date
    "return_decisions": [{"decision_id": "DFLAW001", "person_id": "PFLAW999"}],  # no such person
}


def append_flawed_rows(out: Path) -> dict[str, int]:
    """Append FLAWS to the CSV files: each a copy of the file's first row with the flawed fields."""
    appended = {}
    for table, flaws in FLAWS.items():
        path = out / f"{table}.csv"
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            template, columns = next(reader), reader.fieldnames
        with path.open("a", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writerows(template | flaw for flaw in flaws)
        appended[table] = len(flaws)
    return appended
