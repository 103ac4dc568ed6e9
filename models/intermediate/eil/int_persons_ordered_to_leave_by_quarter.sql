-- EIL_ORD_Q: persons with at least one order to leave (a RETURN decision, int_orders_to_leave)
-- dated in the quarter. Reference date: the earliest such decision_date.
-- Grain: one row per (reporting_country, person_key, time_period).
with
decisions as (select * from {{ ref('int_orders_to_leave') }}),
per_person as ({{ earliest_event_in_period('decisions', 'decision_date', 'quarter') }}),
final as ({{ with_demographics('per_person') }})
select * from final
