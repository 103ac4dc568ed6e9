-- Analytic (not transmitted). Persons under availability measures (Art. 23, imposed in every
-- return procedure) per quarter by type of measure; kept apart from alternatives to detention
-- (ART48_Q ALT), which they would otherwise inflate. A person under two types is in both rows
-- and once in TOTAL.
select
    reporting_country as geo,
    time_period,
    coalesce(measure_type, 'TOTAL') as measure_type,
    cast(count(distinct person_key) as bigint) as persons
from {{ ref('int_availability_measures_by_quarter') }} as src
where {{ period_to_build('src', built_country='geo') }}
group by grouping sets (  -- noqa: PRS
    (reporting_country, time_period, measure_type),
    (reporting_country, time_period)
)
