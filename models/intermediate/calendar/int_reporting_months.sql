-- Grain: one row per reporting country and month of its reporting calendar: the three months
-- of every quarter in int_reporting_quarters, so a quarter's three monthly files always exist
-- (and a quarter's coverage decides its months).
with
months as (
    select q.reporting_country, {{ add_months('q.quarter_start', 'm.offset_months') }} as month_start
    from {{ ref('int_reporting_quarters') }} as q
    cross join (values (0), (1), (2)) as m (offset_months)
),
final as (
    select
        reporting_country,
        {{ month_label('month_start') }} as time_period,
        {{ quarter_label('month_start') }} as quarter,
        month_start,
        {{ add_months('month_start', 1) }} - 1 as month_end
    from months
)
select * from final
