-- EIL_UAM_Q ORD: persons with at least one order to leave (a RETURN decision) dated in the
-- quarter on which they were an unaccompanied minor (unaccompanied_minor = Y on that decision;
-- taken as given, not checked against age). A person with two decisions in the quarter, only
-- one of them flagged, is counted (once). Reference date: the earliest flagged decision_date.
-- Grain: one row per (reporting_country, person_key, time_period).
with
decisions as (
    select * from {{ ref('int_orders_to_leave') }}
    where unaccompanied_minor = 'Y'
),
per_person as ({{ earliest_event_in_period('decisions', 'decision_date', 'quarter') }}),
final as ({{ with_demographics('per_person') }})
select * from final
