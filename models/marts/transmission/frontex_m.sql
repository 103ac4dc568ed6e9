-- FRONTEX_M, Art. 48(3): per month and THIRD_COUNTRY (with TOTAL), by INDIC (no total).
-- Application indicators count events (int_readmission_events_by_month); REINT counts
-- distinct persons (int_persons_reintegrated_by_month), each person once in the TOTAL.
-- Observation status: REINT <- reintegration, every other INDIC <- readmission_applications;
-- a quarter's coverage decides its three months. In an incremental build only the months to
-- compute (macros/incremental.sql).
{%- set application_indicators = [
    'READM_APP', 'NAT_REQ', 'NAT_POS', 'NAT_NEG', 'TD_REQ', 'TD_ISS', 'TD_EUTD', 'TD_NEG'
] %}
with
events as (
    select reporting_country as geo, time_period, indic, third_country
    from {{ ref('int_readmission_events_by_month') }} as e
    where {{ period_to_build('e', built_country='geo') }}
),
reintegrated as (
    select reporting_country as geo, time_period, 'REINT' as indic, third_country, person_key
    from {{ ref('int_persons_reintegrated_by_month') }} as r
    where {{ period_to_build('r', built_country='geo') }}
),
cube_cells as (
    {{ person_cube('events', ['geo', 'time_period', 'indic'], [['third_country', 'TOTAL']]) }}
    union all
    {{ person_cube('reintegrated', ['geo', 'time_period', 'indic'], [['third_country', 'TOTAL']],
                   measure='count(distinct person_key)') }}
),
unfiltered_scope as (
    {%- for indic in application_indicators %}
        {{ monthly_scope('readmission_applications', indic) }}
        union all
    {%- endfor %}
    {{ monthly_scope('reintegration', 'REINT') }}
),
scope as (
    select * from unfiltered_scope as s
    where {{ period_to_build('s', 'geo', 'geo') }}
),
with_totals as (
    {{ ensure_total_cell('cube_cells', 'scope', ['geo', 'time_period', 'indic'], [['third_country', 'TOTAL']]) }}
),
final as (
    {{ with_observation_status(
        'with_totals', 'scope', ['geo', 'time_period', 'indic'], [['third_country', 'TOTAL']]
    ) }}
)
select
    cast(geo as string) as geo,
    cast(time_period as string) as time_period,
    cast(third_country as string) as third_country,
    cast(indic as string) as indic,
    cast(obs_value as bigint) as obs_value,
    cast(obs_status as string) as obs_status
from final
