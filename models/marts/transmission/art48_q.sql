-- ART48_Q, Art. 48(1): persons per quarter by INDIC (RECOG, ALT, DET), CITIZEN, SEX, AGE.
-- INDIC has no total (the three populations overlap), so the cube is built per indicator.
-- Counting rules: int_persons_recognised_by_quarter, int_persons_in_alternatives_by_quarter,
-- int_persons_detained_by_quarter. Only reporting countries bound by the Return Regulation
-- (ref_reporting_countries.bound_by_return_regulation; not DK, IE). Source tables for the
-- observation status: RECOG <- recognitions, ALT <- alternatives, DET <- detentions.
with
persons as (
    select reporting_country as geo, time_period, 'RECOG' as indic, citizen, sex, age
    from {{ ref('int_persons_recognised_by_quarter') }}
    union all
    select reporting_country, time_period, 'ALT' as indic, citizen, sex, age
    from {{ ref('int_persons_in_alternatives_by_quarter') }}
    union all
    select reporting_country, time_period, 'DET' as indic, citizen, sex, age
    from {{ ref('int_persons_detained_by_quarter') }}
),
bound as (
    select geo from {{ ref('ref_reporting_countries') }}
    where bound_by_return_regulation = 'Y'
),
unfiltered_scope as (
    {{ quarterly_scope('recognitions', 'RECOG') }}
    union all {{ quarterly_scope('alternatives', 'ALT') }}
    union all {{ quarterly_scope('detentions', 'DET') }}
),
scope as (
    select * from unfiltered_scope as s
    where s.geo in (select b.geo from bound as b)
)
{{ transmitted_table(
    'persons', 'scope', ['geo', 'time_period', 'indic'], [['citizen', 'TOTAL'], ['sex', 'T'], ['age', 'TOTAL']]
) }}
