-- Grain: one row per reporting country and quarter of its reporting calendar.
-- A country with collected = Y coverage rows (coverage.csv, contract v2): every quarter inside
-- any of those rows, whether or not events fall in it, up to and including the last quarter
-- ended on the reporting date (macros/periods.sql). A country without coverage rows keeps
-- version 1's calendar: its first to its last quarter holding any event, gaps included.
-- Decision where the contract is silent: a country that declares only collected = N rows has
-- said what it does not record, not which quarters it reports, so it also keeps the
-- event-driven calendar (its N quarters inside it are then "not collected", status L);
-- taken literally, the contract would give it no calendar and transmit nothing at all.
with
coverage as (select * from {{ ref('stg_landing__coverage') }}),
last_ended as (
    select {{ add_months(quarter_start_of(reporting_date()), -3) }} as quarter_start
),
declared as (
    select distinct
        c.reporting_country,
        {{ date_series('c.period_start', 'least(coalesce(c.period_end, l.quarter_start), l.quarter_start)', 3) }}
            as quarter_start
    from coverage as c cross join last_ended as l
    where c.is_collected
),
event_bounds as (
    select
        reporting_country,
        min({{ quarter_start_of('event_date') }}) as first_start,
        max({{ quarter_start_of('event_date') }}) as last_start
    from {{ ref('int_reporting_events') }}
    where
        reporting_country not in (
            select c.reporting_country from coverage as c
            where c.is_collected
        )
    group by reporting_country
),
event_driven as (
    select
        reporting_country,
        {{ date_series('first_start', 'last_start', 3) }} as quarter_start
    from event_bounds
),
quarters as (
    select reporting_country, quarter_start from declared
    union all
    select reporting_country, quarter_start from event_driven
),
final as (
    select
        reporting_country,
        {{ quarter_label('quarter_start') }} as time_period,
        quarter_start,
        {{ add_months('quarter_start', 3) }} - 1 as quarter_end
    from quarters
)
select * from final
