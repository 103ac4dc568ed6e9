"""The data frames the expectation suites run on, computed in DuckDB.

Great Expectations validates pandas frames (its SQL data source fails on DuckDB). Rather
than pulling whole tables into pandas, each check is pushed into SQL as far as it keeps
its meaning: "no event is dated after today" becomes "per table and date column, the latest
date is not after today"; "no detention lasts over 24 months" becomes "per country, the
number of such detentions is 0". The frames stay small at any scale and name the offending
country, table or cell, which is what the summary shows.

Only plausibility checks run here — what ingestion (row rules, code lists, date order) and
dbt's data tests (keys, margins, non-negative counts, the marts' contracts) cannot see; see
docs/quality.md for which check lives where.

Queries see the warehouse as `wh` and the published marts as `pub`, both read-only;
`$quarter` and `$previous` are the quarter validated and the one before.
"""

from __future__ import annotations

from dataclasses import dataclass

from returnstats.export_flows import QUARTERLY_FLOWS
from returnstats.ingest.contract import EVENT_DATE_COLUMN, TABLES
from returnstats.structure import total_code

DATE_COLUMNS = {
    name: [c.name for c in t.columns if c.kind == "date" and c.name != "birth_date"] for name, t in TABLES.items()
}
# The event date of each table that refers to a person (operations do not).
EVENT_DATE = {t: c for t, c in EVENT_DATE_COLUMN.items() if TABLES[t].has_person_ref}


@dataclass(frozen=True)
class Frame:
    name: str
    scope: str  # "warehouse" (all loaded rows) or "quarter" (published marts of one quarter)
    keys: tuple[str, ...]  # columns that name an offending row in the summary (unique per row)
    sql: str


def _union(parts: list[str]) -> str:
    return "\nunion all\n".join(parts)


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


WAREHOUSE_FRAMES = [
    Frame("landing_date_window", "warehouse", ("table_name", "column_name"), _date_window()),
    Frame("landing_birth_dates", "warehouse", ("reporting_country",),
          "select reporting_country, date_diff('day', current_date, max(birth_date)) as days_after_today, "
          "year(min(birth_date)) as earliest_year from wh.landing.persons where birth_date is not null group by all"),
    Frame("landing_birth_after_event", "warehouse", ("table_name", "reporting_country"), _birth_after_event()),
    Frame("landing_long_detentions", "warehouse", ("reporting_country",),
          "select reporting_country, count(*) filter (where date_diff('day', start_date, "
          "coalesce(end_date, current_date)) > 730) as n_over_24_months from wh.landing.detentions group by all"),
    Frame("landing_unknown_shares", "warehouse", ("reporting_country",),
          "select reporting_country, count(*) as persons, avg((sex = 'UNK')::int) as share_sex_unknown, "
          "avg((birth_date is null)::int) as share_age_unknown, avg((citizenship = 'UNK')::int) "
          "as share_citizenship_unknown from wh.landing.persons group by all"),
]


def _totals(quarter_param: str) -> str:
    """The all-totals cell of every quarterly flow (and INDIC, which has no total), per country,
    for a quarter: the flows of the registry, their totals from the code lists."""
    parts = []
    for flow in QUARTERLY_FLOWS:
        at_total = " and ".join(f"{d} = '{total_code(d.upper())}'" for d in flow.dims if total_code(d.upper()))
        indic = "indic" if "indic" in flow.dims else "'TOTAL'"
        parts.append(f"select '{flow.code}' as dataflow, geo, {indic} as indic, obs_value from pub.{flow.table} "
                     f"where time_period = {quarter_param} and {at_total}")
    return _union(parts)


QUARTER_FRAMES = [
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
