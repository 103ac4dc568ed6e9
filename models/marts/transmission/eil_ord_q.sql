-- EIL_ORD_Q: persons ordered to leave per quarter by CITIZEN, SEX, AGE.
-- Counting rule: int_persons_ordered_to_leave_by_quarter. Observation status from the return_decisions
-- table's coverage.
with
persons as (
    select reporting_country as geo, time_period, citizen, sex, age
    from {{ ref('int_persons_ordered_to_leave_by_quarter') }}
),
scope as ({{ quarterly_scope('return_decisions') }})
{{ transmitted_table(
    'persons', 'scope', ['geo', 'time_period'], [['citizen', 'TOTAL'], ['sex', 'T'], ['age', 'TOTAL']]
) }}
