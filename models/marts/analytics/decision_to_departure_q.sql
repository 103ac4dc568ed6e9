-- Analytic (not transmitted). Days from the return decision to departure for the persons
-- counted in EIL_RTN_Q, by type of return. The decision is the one the counted return names
-- (decision_id) or, when it names none or one not in the warehouse, the person's latest
-- decision on or before the departure. Returns with no such decision are left out.
with
counted as (select * from {{ ref('int_persons_returned_by_quarter') }}),
decisions as (select * from {{ ref('int_orders_to_leave') }}),
named as (
    select c.reporting_country, c.person_key, c.time_period, c.return_type_code, c.reference_date, d.decision_date
    from counted as c
    left join decisions as d
        on c.reporting_country = d.reporting_country and c.decision_id = d.decision_id
),
fallback as (
    select
        n.reporting_country, n.person_key, n.time_period, n.return_type_code, n.reference_date,
        coalesce(any_value(n.decision_date), max(d.decision_date)) as decision_date
    from named as n
    left join decisions as d
        on
            n.decision_date is null
            and n.reporting_country = d.reporting_country and n.person_key = d.person_key
            and n.reference_date >= d.decision_date
    group by n.reporting_country, n.person_key, n.time_period, n.return_type_code, n.reference_date
),
final as (
    select *, {{ days_between('decision_date', 'reference_date') }} as days_to_departure
    from fallback
    where decision_date is not null
)
select
    reporting_country as geo,
    time_period,
    coalesce(return_type_code, 'TOTAL') as return_type,
    cast(count(*) as bigint) as persons,
    {{ quantile_of('days_to_departure', 0.25) }} as p25_days,
    median(days_to_departure) as median_days,
    {{ quantile_of('days_to_departure', 0.75) }} as p75_days
from final
group by grouping sets (  -- noqa: PRS
    (reporting_country, time_period, return_type_code),
    (reporting_country, time_period)
)
