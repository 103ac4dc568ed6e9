-- Whether each table is collected, per reporting country and quarter, for every quarter of
-- every calendar year (the annual flows need all four): collected unless a coverage row
-- with collected = N covers the quarter (no row means collected, contract v2).
-- Grain: one row per (reporting_country, quarter_start, table_name).
with
years as (select * from {{ ref('int_reporting_years') }}),
coverage as (select * from {{ ref('stg_landing__coverage') }}),
tables as (
    select * from (
        values
        ('return_decisions'), ('recognitions'), ('detentions'), ('alternatives'), ('returns'),
        ('readmission_applications'), ('reintegration'), ('return_operations')
    ) as t (table_name)
),
quarters as (
    select
        y.reporting_country, y.year,
        {{ date_series('y.year_start', 'make_date(y.year, 10, 1)', 3) }} as quarter_start
    from years as y
),
final as (
    select
        q.reporting_country,
        q.year,
        {{ quarter_label('q.quarter_start') }} as time_period,
        q.quarter_start,
        t.table_name,
        not exists (
            select 1 from coverage as c
            where
                c.reporting_country = q.reporting_country
                and c.table_name = t.table_name
                and not c.is_collected
                and c.period_start <= q.quarter_start
                and (c.period_end is null or c.period_end >= q.quarter_start)
        ) as is_collected
    from quarters as q cross join tables as t
)
select * from final
