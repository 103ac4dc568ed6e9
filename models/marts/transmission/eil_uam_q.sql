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
    select reporting_country, time_period, 'RTN', citizen, sex
    from {{ ref('int_persons_returned_by_quarter') }}
    where unaccompanied_minor = 'Y'
),
scope as (
    {{ quarterly_scope('return_decisions', 'ORD') }}
    union all {{ quarterly_scope('returns', 'RTN') }}
),
final as ({{ transmitted_cube('persons', 'scope', ['geo', 'time_period', 'indic'],
                                [['citizen', 'TOTAL'], ['sex', 'T']]) }})
select
    cast(geo as varchar) as geo,
    cast(time_period as varchar) as time_period,
    cast(indic as varchar) as indic,
    cast(citizen as varchar) as citizen,
    cast(sex as varchar) as sex,
    cast(obs_value as bigint) as obs_value,
    cast(obs_status as varchar) as obs_status
from final
