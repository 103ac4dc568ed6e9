-- EIL_ORD_Q: persons with at least one return decision dated in the quarter.
-- Reference date: the earliest such decision_date.
-- Grain: one row per (reporting_country, person_id, time_period).
with
decisions as (select * from {{ ref('stg_landing__return_decisions') }}),
quarters as (select * from {{ ref('int_reporting_quarters') }}),
per_person as (
    select d.reporting_country, d.person_id, q.time_period, min(d.decision_date) as reference_date
    from decisions as d
    inner join quarters as q
        on d.reporting_country = q.reporting_country
        and d.decision_date between q.quarter_start and q.quarter_end
    group by all
),
final as ({{ with_demographics('per_person') }})
select * from final
