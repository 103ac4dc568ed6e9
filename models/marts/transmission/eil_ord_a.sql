-- EIL_ORD_A: persons ordered to leave per year by CITIZEN, SEX, AGE (each person once a year: not the sum
-- of the quarters). Counting rule: int_persons_ordered_to_leave_by_year. Observation status from the
-- return_decisions table's coverage.
with
persons as (
    select reporting_country as geo, time_period, citizen, sex, age
    from {{ ref('int_persons_ordered_to_leave_by_year') }}
),
scope as ({{ annual_scope('return_decisions') }})
{{ transmitted_table(
    'persons', 'scope', ['geo', 'time_period'], [['citizen', 'TOTAL'], ['sex', 'T'], ['age', 'TOTAL']]
) }}
