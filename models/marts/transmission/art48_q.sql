-- ART48_Q, Art. 48(1): persons per quarter by INDIC (RECOG, ALT, DET), CITIZEN, SEX, AGE.
-- INDIC has no total (the three populations overlap), so the cube is built per indicator.
-- Counting rules: int_persons_recognised_by_quarter, int_persons_in_alternatives_by_quarter,
-- int_persons_detained_by_quarter.
with
persons as (
    select reporting_country as geo, time_period, 'RECOG' as indic, citizen, sex, age
    from {{ ref('int_persons_recognised_by_quarter') }}
    union all
    select reporting_country, time_period, 'ALT', citizen, sex, age
    from {{ ref('int_persons_in_alternatives_by_quarter') }}
    union all
    select reporting_country, time_period, 'DET', citizen, sex, age
    from {{ ref('int_persons_detained_by_quarter') }}
),
scope as (
    select q.reporting_country as geo, q.time_period, i.indic
    from {{ ref('int_reporting_quarters') }} as q
    cross join (values ('RECOG'), ('ALT'), ('DET')) as i(indic)
),
final as ({{ transmitted_cube('persons', 'scope', ['geo', 'time_period', 'indic'],
                                [['citizen', 'TOTAL'], ['sex', 'T'], ['age', 'TOTAL']]) }})
select
    cast(geo as varchar) as geo,
    cast(time_period as varchar) as time_period,
    cast(indic as varchar) as indic,
    cast(citizen as varchar) as citizen,
    cast(sex as varchar) as sex,
    cast(age as varchar) as age,
    cast(obs_value as bigint) as obs_value
from final
