-- EIL_RTN_A: persons returned following an order to leave, per year, by CITIZEN, SEX, AGE and C_DEST of
-- their counted return (the latest of the year).
-- Counting rule: int_persons_returned_by_year. Observation status from the returns table's coverage.
with
persons as (
    select reporting_country as geo, time_period, citizen, sex, age, c_dest
    from {{ ref('int_persons_returned_by_year') }}
),
scope as ({{ annual_scope('returns') }})
{{ transmitted_table(
    'persons', 'scope', ['geo', 'time_period'],
    [['citizen', 'TOTAL'], ['sex', 'T'], ['age', 'TOTAL'], ['c_dest', 'TOTAL']]
) }}
