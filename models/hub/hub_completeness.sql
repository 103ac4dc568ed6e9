-- Completeness and timeliness (hub-v1): per (reporting country, dataflow, period) that any
-- country has sent — every expected country (ART48_Q: those bound by the Regulation) —
-- whether the hub received it, the first and latest receipt, the number of versions, and
-- on time or late against the legal deadline: var hub_deadline_months (2) months after the
-- end of the period for ART48_Q and the EIL flows (Art. 48(2)); the var
-- hub_frontex_deadline_day (15th) of the following month for FRONTEX_M. ART25A_A has no
-- legal transmission deadline. A period not received is "missing" once its deadline has
-- passed (as of the build day), "not yet due" before.
-- Grain: one row per (geo, dataflow, time_period).
with
vintages as (select * from {{ ref('stg_received__vintages') }}),
countries as (select * from {{ ref('ref_reporting_countries') }}),
periods as (select distinct dataflow, time_period from vintages),
expected as (
    select p.dataflow, p.time_period, c.geo
    from periods as p cross join countries as c
    where p.dataflow != 'ART48_Q' or c.bound_by_return_regulation = 'Y'
),
received as (
    select
        dataflow, geo, time_period,
        min(received_at) as first_received_at,
        max(received_at) as latest_received_at,
        count(*) as versions
    from vintages
    group by all
),
with_deadline as (
    select
        e.geo, e.dataflow, e.time_period,
        r.geo is not null as is_received,
        r.first_received_at,
        r.latest_received_at,
        coalesce(r.versions, 0) as versions,
        case
            when e.dataflow = 'ART25A_A' then null
            when e.dataflow = 'FRONTEX_M'
                then cast({{ period_end('e.time_period') }} + {{ var('hub_frontex_deadline_day') }} as date)
            else last_day(cast({{ period_end('e.time_period') }} + to_months({{ var('hub_deadline_months') }}) as date))
        end as deadline
    from expected as e
    left join received as r using (dataflow, geo, time_period)
),
final as (
    select
        *,
        case
            when deadline is null then case when is_received then 'received' else 'missing' end
            when is_received and cast(first_received_at as date) <= deadline then 'on time'
            when is_received then 'late'
            when current_date > deadline then 'missing'
            else 'not yet due'
        end as timeliness
    from with_deadline
)
select * from final
