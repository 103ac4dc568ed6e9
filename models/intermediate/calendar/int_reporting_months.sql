-- Grain: one row per reporting country and month of its reporting calendar: every month
-- of the quarters in int_reporting_quarters, so a quarter's three monthly files always exist.
with
bounds as (
    select
        reporting_country,
        min(quarter_start) as first_start,
        max(quarter_start) + interval 2 month as last_start
    from {{ ref('int_reporting_quarters') }}
    group by reporting_country
),
months as (
    select reporting_country, cast(unnest(generate_series(first_start, last_start, interval 1 month)) as date) as month_start
    from bounds
),
final as (
    select
        reporting_country,
        {{ month_label('month_start') }} as time_period,
        {{ quarter_label('month_start') }} as quarter,
        month_start,
        cast(month_start + interval 1 month - interval 1 day as date) as month_end
    from months
)
select * from final
