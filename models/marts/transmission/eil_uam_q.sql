-- EIL_UAM_Q: unaccompanied minors per quarter by INDIC (no total), CITIZEN, SEX.
--   ORD  persons ordered to leave who were unaccompanied minors on a RETURN decision of the
--        quarter (int_unaccompanied_minors_ordered_by_quarter)
--   RTN  persons of EIL_RTN_Q whose counted return has unaccompanied_minor = Y
--        (int_persons_returned_by_quarter)
-- Observation status: ORD <- return_decisions, RTN <- returns.
with
persons as (
    select reporting_country as geo, time_period, 'ORD' as indic, citizen, sex
    from {{ ref('int_unaccompanied_minors_ordered_by_quarter') }}
    union all
    select reporting_country, time_period, 'RTN' as indic, citizen, sex
    from {{ ref('int_persons_returned_by_quarter') }}
    where unaccompanied_minor = 'Y'
),
scope as (
    {{ quarterly_scope('return_decisions', 'ORD') }}
    union all {{ quarterly_scope('returns', 'RTN') }}
)
{{ transmitted_table('persons', 'scope', ['geo', 'time_period', 'indic'], [['citizen', 'TOTAL'], ['sex', 'T']]) }}
