-- EIL_RTN_Q: persons returned following an order to leave, per quarter, by CITIZEN, SEX, AGE and C_DEST of their counted return.
-- Counting rule: int_persons_returned_by_quarter. Observation status from the returns table's coverage.
with
persons as (
    select reporting_country as geo, time_period, citizen, sex, age, c_dest
    from {{ ref('int_persons_returned_by_quarter') }}
),
scope as ({{ quarterly_scope('returns') }}),
final as ({{ transmitted_cube('persons', 'scope', ['geo', 'time_period'],
                                [['citizen', 'TOTAL'], ['sex', 'T'], ['age', 'TOTAL'], ['c_dest', 'TOTAL']]) }})
select
    cast(geo as varchar) as geo,
    cast(time_period as varchar) as time_period,
    cast(citizen as varchar) as citizen,
    cast(sex as varchar) as sex,
    cast(age as varchar) as age,
    cast(c_dest as varchar) as c_dest,
    cast(obs_value as bigint) as obs_value,
    cast(obs_status as varchar) as obs_status
from final
