-- Analytic (not transmitted). Detentions that ended in the quarter, by length in days
-- (end_date - start_date + 1, both days counted). The last class flags detentions beyond
-- the 12 months of Art. 32(3) (which allows an extension of up to 12 further months).
with
ended as (
    select d.*, q.time_period, {{ days_between('d.start_date', 'd.end_date') }} + 1 as length_days
    from {{ ref('stg_landing__detentions') }} as d
    inner join {{ ref('int_reporting_quarters') }} as q
        on d.reporting_country = q.reporting_country and d.end_date between q.quarter_start and q.quarter_end
    where {{ period_to_build('q', built_country='geo') }}
),
classified as (
    select
        *,
        case
            when length_days <= 7 then 'D001-007'
            when length_days <= 30 then 'D008-030'
            when length_days <= 90 then 'D031-090'
            when length_days <= 180 then 'D091-180'
            when length_days <= 365 then 'D181-365'
            else 'D_GT365'
        end as length_class
    from ended
)
select
    reporting_country as geo,
    time_period,
    length_class,
    cast(count(*) as bigint) as detentions,
    median(length_days) as median_days
from classified
group by all
