-- Grain: one row per reporting country and year of its reporting calendar. A year is a
-- reporting period of a country when any quarter of it is (statistics v2 §8).
select distinct
    reporting_country,
    cast(year(quarter_start) as integer) as year,
    cast(year(quarter_start) as string) as time_period,
    make_date(year(quarter_start), 1, 1) as year_start,
    make_date(year(quarter_start), 12, 31) as year_end
from {{ ref('int_reporting_quarters') }}
