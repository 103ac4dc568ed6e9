-- Grain: one row per reporting country and quarter of its reporting calendar
-- (first to last quarter holding any of its events, gaps included).
with
bounds as (
    select
        reporting_country,
        min(date_trunc('quarter', event_date)) as first_start,
        max(date_trunc('quarter', event_date)) as last_start
    from {{ ref('int_reporting_events') }}
    group by reporting_country
),
quarters as (
    select reporting_country, cast(unnest(generate_series(first_start, last_start, interval 3 month)) as date) as quarter_start
    from bounds
),
final as (
    select
        reporting_country,
        {{ quarter_label('quarter_start') }} as time_period,
        quarter_start,
        cast(quarter_start + interval 3 month - interval 1 day as date) as quarter_end
    from quarters
)
select * from final
