"""The data frames the expectation suites run on, computed in DuckDB.

Great Expectations validates pandas frames (its SQL data source fails on DuckDB). Rather
than pulling whole tables into pandas, each check is pushed into SQL as far as it keeps
its meaning: "every value is in the code list" becomes "every *distinct* value is in the
code list"; "no end date before its start" becomes "per country, the number of such
measures is 0". The frames stay small at any scale and name the offending country,
table or cell, which is what the summary shows.

Queries see the warehouse as `wh` and the published marts as `pub`, both read-only;
`$quarter` and `$previous` are the quarter validated and the one before.
"""

from __future__ import annotations

from dataclasses import dataclass

from returnstats.ingest.contract import EVENT_DATE_COLUMN, TABLES

DATE_COLUMNS = {
    name: [c.name for c in t.columns if c.kind == "date" and c.name != "birth_date"] for name, t in TABLES.items()
}
# The event date of each table that refers to a person (operations do not).
EVENT_DATE = {t: c for t, c in EVENT_DATE_COLUMN.items() if TABLES[t].has_person_ref}


@dataclass(frozen=True)
class Frame:
    name: str
    scope: str  # "warehouse" (all loaded rows) or "quarter" (published marts of one quarter)
    keys: tuple[str, ...]  # columns that name an offending row in the summary
    sql: str


def _union(parts: list[str]) -> str:
    return "\nunion all\n".join(parts)


def _codes(*kinds: str) -> str:
    parts = [f"select '{t.name}.{c.name}' as column_name, {c.name} as code from wh.landing.{t.name}"
             for t in TABLES.values() for c in t.columns if c.kind in kinds]
    return f"select column_name, code, count(*) as n_rows from ({_union(parts)}) where code is not null group by all"


def _date_window() -> str:
    parts = [f"select '{t}' as table_name, '{c}' as column_name, min({c}) as earliest, max({c}) as latest "
             f"from wh.landing.{t}" for t, cols in DATE_COLUMNS.items() for c in cols]
    return (f"select table_name, column_name, earliest, latest, date_diff('day', current_date, latest) "
            f"as days_after_today, year(earliest) as earliest_year from ({_union(parts)}) where latest is not null")


def _birth_after_event() -> str:
    parts = [f"select '{t}' as table_name, e.reporting_country, count(*) filter (where p.birth_date > e.{d}) "
             f"as n_events_before_birth from wh.landing.{t} e join wh.landing.persons p "
             f"using (reporting_country, person_key) group by all" for t, d in EVENT_DATE.items()]
    return _union(parts)


def _measure_order() -> str:
    return _union([
        f"select '{t}' as table_name, reporting_country, count(*) filter (where end_date < start_date) "
        f"as n_end_before_start from wh.landing.{t} group by all" for t in ("detentions", "alternatives")])


WAREHOUSE_FRAMES = [
    Frame("landing_reporting_countries", "warehouse", ("column_name", "code"), _codes("geo")),
    Frame("landing_citizenships", "warehouse", ("column_name", "code"), _codes("citizen")),
    Frame("landing_countries", "warehouse", ("column_name", "code"), _codes("country", "destination", "third_country")),
    Frame("landing_date_window", "warehouse", ("table_name", "column_name"), _date_window()),
    Frame("landing_birth_dates", "warehouse", ("reporting_country",),
          "select reporting_country, date_diff('day', current_date, max(birth_date)) as days_after_today, "
          "year(min(birth_date)) as earliest_year from wh.landing.persons where birth_date is not null group by all"),
    Frame("landing_measure_order", "warehouse", ("table_name", "reporting_country"), _measure_order()),
    Frame("landing_birth_after_event", "warehouse", ("table_name", "reporting_country"), _birth_after_event()),
    Frame("landing_long_detentions", "warehouse", ("reporting_country",),
          "select reporting_country, count(*) filter (where date_diff('day', start_date, "
          "coalesce(end_date, current_date)) > 730) as n_over_24_months from wh.landing.detentions group by all"),
    Frame("landing_unknown_shares", "warehouse", ("reporting_country",),
          "select reporting_country, count(*) as persons, avg((sex = 'UNK')::int) as share_sex_unknown, "
          "avg((birth_date is null)::int) as share_age_unknown, avg((citizenship = 'UNK')::int) "
          "as share_citizenship_unknown from wh.landing.persons group by all"),
]

# The transmitted marts, their cube dimensions with total codes, and the key columns.
MARTS = {
    "ART48_Q": ("art48_q", ["indic"], [("citizen", "TOTAL"), ("sex", "T"), ("age", "TOTAL")]),
    "EIL_ORD_Q": ("eil_ord_q", [], [("citizen", "TOTAL"), ("sex", "T"), ("age", "TOTAL")]),
    "EIL_RTN_Q": ("eil_rtn_q", [], [("citizen", "TOTAL"), ("sex", "T"), ("age", "TOTAL"), ("c_dest", "TOTAL")]),
    "EIL_RTT_Q": ("eil_rtt_q", [], [("citizen", "TOTAL"), ("return_type", "TOTAL")]),
    "EIL_UAM_Q": ("eil_uam_q", ["indic"], [("citizen", "TOTAL"), ("sex", "T")]),
    "FRONTEX_M": ("frontex_m", ["indic"], [("third_country", "TOTAL")]),
}


def _in_quarter(flow: str) -> str:
    """FRONTEX_M is monthly: its months of the quarter."""
    if flow == "FRONTEX_M":
        return ("substr(time_period, 1, 4) = substr($quarter, 1, 4) and "
                "(cast(substr(time_period, 6, 2) as int) + 2) // 3 = cast(substr($quarter, 7, 1) as int)")
    return "time_period = $quarter"


def _values() -> str:
    return _union([f"select '{flow}' as dataflow, geo, min(obs_value) as min_obs_value, "
                   f"count(*) filter (where obs_value != floor(obs_value)) as n_not_whole "
                   f"from pub.marts.{table} where {_in_quarter(flow)} group by all"
                   for flow, (table, _, _) in MARTS.items()])


def _margin_check(flow: str, dim: str, total: str, parts: list[str] | None) -> str:
    table, keys, dims = MARTS[flow]
    others = ["geo", "time_period", *keys, *[d for d, _ in dims if d != dim]]
    cols = ", ".join(others)
    where_parts = (f"{dim} in ({', '.join(repr(p) for p in parts)})" if parts else
                   f"{dim} != '{total}'" + (" and age != 'Y_LT18'" if dim == "age" else ""))
    # REINT counts distinct persons: a person helped for two countries is in both cells, once in TOTAL.
    skip = " and indic != 'REINT'" if flow == "FRONTEX_M" else ""
    label = f"{dim}={total}" if not parts else f"{dim}={total} (= {' + '.join(parts)})"
    return f"""select '{flow}' as dataflow, geo, '{label}' as margin,
        count(*) as slices, count(*) filter (where coalesce(t, 0) != coalesce(s, 0)) as mismatched
    from (select {cols}, obs_value as t from pub.marts.{table} where {dim} = '{total}' and {_in_quarter(flow)}{skip})
    full join (select {cols}, sum(obs_value) as s from pub.marts.{table}
               where {where_parts} and {_in_quarter(flow)}{skip} group by all) using ({cols})
    group by all"""


def _margins() -> str:
    checks = []
    for flow, (_, _, dims) in MARTS.items():
        for dim, total in dims:
            checks.append(_margin_check(flow, dim, total, None))
        if any(d == "age" for d, _ in dims):
            checks.append(_margin_check(flow, "age", "Y_LT18", ["Y_LT14", "Y14-17"]))
    return _union(checks)


def _totals(quarter_param: str) -> str:
    """The all-totals cell of every quarterly flow (and INDIC), per country, for a quarter."""
    parts = []
    for flow, (table, keys, dims) in MARTS.items():
        if flow == "FRONTEX_M":
            continue
        at_total = " and ".join(f"{d} = '{t}'" for d, t in dims)
        indic = "indic" if keys else "'TOTAL'"
        parts.append(f"select '{flow}' as dataflow, geo, {indic} as indic, obs_value from pub.marts.{table} "
                     f"where time_period = {quarter_param} and {at_total}")
    return _union(parts)


QUARTER_FRAMES = [
    Frame("mart_values", "quarter", ("dataflow", "geo"), _values()),
    Frame("mart_margins", "quarter", ("dataflow", "geo", "margin"), _margins()),
    Frame("mart_change_vs_previous", "quarter", ("dataflow", "geo", "indic"), f"""
        select dataflow, geo, indic, c.obs_value as current, p.obs_value as previous,
               abs(c.obs_value - p.obs_value) / p.obs_value as relative_change
        from ({_totals('$quarter')}) c join ({_totals('$previous')}) p using (dataflow, geo, indic)
        where p.obs_value >= 20"""),
    Frame("mart_returned_vs_ordered", "quarter", ("geo",), f"""
        select geo, o.obs_value as ordered, r.obs_value as returned,
               case when o.obs_value > 0 then r.obs_value / o.obs_value end as returned_per_ordered
        from ({_totals('$quarter')}) o join ({_totals('$quarter')}) r using (geo)
        where o.dataflow = 'EIL_ORD_Q' and r.dataflow = 'EIL_RTN_Q'"""),
    Frame("mart_completeness", "quarter", ("geo",), f"""
        select geo, coalesce(sum(c.obs_value), 0) > 0 as has_data_now
        from (select geo, sum(obs_value) as sent from ({_totals('$previous')}) group by geo having sent > 0) p
        left join ({_totals('$quarter')}) c using (geo)
        group by geo"""),
]

FRAMES = {f.name: f for f in WAREHOUSE_FRAMES + QUARTER_FRAMES}
