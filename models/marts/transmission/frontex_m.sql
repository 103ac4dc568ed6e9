-- FRONTEX_M, Art. 48(3): per month and THIRD_COUNTRY (with TOTAL), by INDIC (no total).
-- Application indicators count events (int_readmission_events_by_month); REINT counts
-- distinct persons (int_persons_reintegrated_by_month), each person once in the TOTAL.
with
events as (
    select reporting_country as geo, time_period, indic, third_country
    from {{ ref('int_readmission_events_by_month') }}
),
reintegrated as (
    select reporting_country as geo, time_period, 'REINT' as indic, third_country, person_id
    from {{ ref('int_persons_reintegrated_by_month') }}
),
cube as (
    {{ person_cube('events', ['geo', 'time_period', 'indic'], [['third_country', 'TOTAL']]) }}
    union all by name
    {{ person_cube('reintegrated', ['geo', 'time_period', 'indic'], [['third_country', 'TOTAL']],
                   measure='count(distinct person_id)') }}
),
scope as (
    select m.reporting_country as geo, m.time_period, i.indic
    from {{ ref('int_reporting_months') }} as m
    cross join (values ('READM_APP'), ('NAT_REQ'), ('NAT_POS'), ('NAT_NEG'), ('TD_REQ'), ('TD_ISS'), ('TD_NEG'),
                       ('REINT')) as i(indic)
),
final as ({{ ensure_total_cell('cube', 'scope', ['geo', 'time_period', 'indic'], [['third_country', 'TOTAL']]) }})
select
    cast(geo as varchar) as geo,
    cast(time_period as varchar) as time_period,
    cast(third_country as varchar) as third_country,
    cast(indic as varchar) as indic,
    cast(obs_value as bigint) as obs_value
from final
