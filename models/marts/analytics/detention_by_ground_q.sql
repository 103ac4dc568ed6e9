-- Analytic (not transmitted). Persons detained per quarter by ground of detention
-- (Art. 29(3)(a)-(e)). A person detained on two grounds in a quarter is in both ground
-- rows and once in TOTAL. Detentions are counted per quarter as for DET (setting art48_measure_count).
select
    reporting_country as geo,
    time_period,
    coalesce(ground, 'TOTAL') as ground,
    cast(count(distinct person_key) as bigint) as persons
from {{ ref('int_detentions_by_quarter') }} as src
where {{ period_to_build('src', built_country='geo') }}
group by grouping sets (  -- noqa: PRS
    (reporting_country, time_period, ground),
    (reporting_country, time_period)
)
