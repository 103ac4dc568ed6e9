-- EIL_ORD_A: persons with at least one order to leave (a RETURN decision, int_orders_to_leave)
-- dated in the year. Reference date: the earliest such decision_date. A person is counted
-- once per year, so a year is not the sum of its quarters.
-- Grain: one row per (reporting_country, person_key, time_period = YYYY).
with
decisions as (select * from {{ ref('int_orders_to_leave') }}),
per_person as ({{ earliest_event_in_period('decisions', 'decision_date', 'year') }}),
final as ({{ with_demographics('per_person') }})
select * from final
