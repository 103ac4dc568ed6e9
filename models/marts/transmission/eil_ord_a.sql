-- EIL_ORD_A: persons ordered to leave per year by CITIZEN, SEX, AGE (each person once a year: not the sum of the quarters).
-- Counting rule: int_persons_ordered_to_leave_by_year. Observation status from the return_decisions table's coverage.
with
persons as (
    select reporting_country as geo, time_period, citizen, sex, age
    from {{ ref('int_persons_ordered_to_leave_by_year') }}
),
scope as ({{ annual_scope('return_decisions') }}),
final as ({{ transmitted_cube('persons', 'scope', ['geo', 'time_period'],
                                [['citizen', 'TOTAL'], ['sex', 'T'], ['age', 'TOTAL']]) }})
select
    cast(geo as varchar) as geo,
    cast(time_period as varchar) as time_period,
    cast(citizen as varchar) as citizen,
    cast(sex as varchar) as sex,
    cast(age as varchar) as age,
    cast(obs_value as bigint) as obs_value,
    cast(obs_status as varchar) as obs_status
from final
