-- Analytic (not transmitted). Persons in alternatives to detention per quarter by type of
-- measure (Art. 31(2)(a)-(e)); a person under two types is in both rows and once in TOTAL.
select
    reporting_country as geo,
    time_period,
    coalesce(measure_type, 'TOTAL') as measure_type,
    cast(count(distinct person_key) as bigint) as persons
from {{ ref('int_alternatives_by_quarter') }} as src
where {{ period_to_build('src', built_country='geo') }}
group by grouping sets (  -- noqa: PRS
    (reporting_country, time_period, measure_type),
    (reporting_country, time_period)
)
