-- EIL_RTT_Q: the persons of EIL_RTN_Q by CITIZEN and RETURN_TYPE of their counted return
-- (ASSI_FORC, ASSI_VOLU, NASSI_VOLU). Counting rule: int_persons_returned_by_quarter.
with
persons as (
    select reporting_country as geo, time_period, citizen, return_type_code as return_type
    from {{ ref('int_persons_returned_by_quarter') }}
),
scope as (select reporting_country as geo, time_period from {{ ref('int_reporting_quarters') }}),
final as ({{ transmitted_cube('persons', 'scope', ['geo', 'time_period'],
                                [['citizen', 'TOTAL'], ['return_type', 'TOTAL']]) }})
select
    cast(geo as varchar) as geo,
    cast(time_period as varchar) as time_period,
    cast(citizen as varchar) as citizen,
    cast(return_type as varchar) as return_type,
    cast(obs_value as bigint) as obs_value
from final
