"""The limit: one hand-written DuckDB query computing EIL_ORD_Q and ART48_Q straight from the
extract files (no validation, no pseudonymisation, no audit, no dbt) — what the hardware can do.

usage: python bench/limit_query.py EXTRACT_DIR csv|parquet FIRST_QUARTER LAST_QUARTER OUT.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

# Which countries the Return Regulation binds (ART48_Q is not sent by DK and IE): the seed.
REPORTING_COUNTRIES = Path(__file__).resolve().parent.parent / "seeds" / "ref_reporting_countries.csv"

QUERY = """
copy (
with
quarters as (
    select strftime(q, '%Y') || '-Q' || quarter(q) as time_period, cast(q as date) as q_start,
           cast(q + interval 3 month - interval 1 day as date) as q_end
    from generate_series(date '{first}', date '{last}', interval 3 month) t(q)
),
persons as (select * from {reader}('{folder}/persons.{ext}')),
ordered as (
    select d.reporting_country, d.person_id, q.time_period, min(cast(d.decision_date as date)) as ref,
           'EIL_ORD_Q' as flow,
           '' as indic
    from {reader}('{folder}/return_decisions.{ext}') d join quarters q
      on cast(d.decision_date as date) between q.q_start and q.q_end
    where coalesce(d.decision_type, 'RETURN') = 'RETURN' group by all
),
recognised as (
    select r.reporting_country, r.person_id, q.time_period, min(cast(r.recognition_date as date)), 'ART48_Q', 'RECOG'
    from {reader}('{folder}/recognitions.{ext}') r join quarters q
      on cast(r.recognition_date as date) between q.q_start and q.q_end
    where r.outcome = 'RECOGNISED' group by all
),
measures as (
    select reporting_country, person_id, cast(start_date as date) s, cast(end_date as date) e, 'DET' as indic
    from {reader}('{folder}/detentions.{ext}')
    union all
    select reporting_country, person_id, cast(start_date as date), cast(end_date as date), 'ALT'
    from {reader}('{folder}/alternatives.{ext}') where coalesce(legal_basis, 'ART31') = 'ART31'
),
measured as (
    select m.reporting_country, m.person_id, q.time_period, min(greatest(m.s, q.q_start)), 'ART48_Q', m.indic
    from measures m join quarters q on m.s <= q.q_end and (m.e is null or m.e >= q.q_start) group by all
),
aged as (
    select c.reporting_country as geo, c.time_period, c.flow, c.indic, p.citizenship as citizen, p.sex,
           year(c.ref) - year(b) - ((month(c.ref), day(c.ref)) < (month(b), day(b)))::int as y, b
    from (select * from ordered union all
          select * from (select * from recognised union all select * from measured)
          where reporting_country not in (select geo from read_csv('{unbound}') where bound_by_return_regulation = 'N')
         ) c
    join (select *, cast(birth_date as date) as b from persons) p
      on p.reporting_country = c.reporting_country and p.person_id = c.person_id
),
cells as (
    select geo, time_period, flow, indic, citizen, sex,
           case when b is null or y < 0 then 'UNK' when y < 14 then 'Y_LT14' when y < 18 then 'Y14-17'
                when y < 35 then 'Y18-34' when y < 65 then 'Y35-64' else 'Y_GE65' end as age
    from aged
)
select flow, geo, time_period, indic,
       case when grouping(citizen) = 1 then 'TOTAL' else citizen end as citizen,
       case when grouping(sex) = 1 then 'T' else sex end as sex,
       case when grouping(age) = 1 then 'TOTAL' else age end as age, count(*) as obs_value
from cells group by flow, geo, time_period, indic, cube(citizen, sex, age)
union all
select flow, geo, time_period, indic,
       case when grouping(citizen) = 1 then 'TOTAL' else citizen end,
       case when grouping(sex) = 1 then 'T' else sex end, 'Y_LT18', count(*)
from cells where age in ('Y_LT14', 'Y14-17') group by flow, geo, time_period, indic, cube(citizen, sex)
) to '{out}' (format parquet)
"""


def main(folder: str, fmt: str, first: str, last: str, out: str) -> None:
    def start(quarter: str) -> str:
        return f"{quarter[:4]}-{3 * int(quarter[-1]) - 2:02d}-01"

    reader = "read_csv" if fmt == "csv" else "read_parquet"
    duckdb.connect().execute(QUERY.format(reader=reader, ext=fmt, folder=folder, first=start(first),
                                          last=start(last), out=out, unbound=REPORTING_COUNTRIES))


if __name__ == "__main__":
    main(*sys.argv[1:6])
