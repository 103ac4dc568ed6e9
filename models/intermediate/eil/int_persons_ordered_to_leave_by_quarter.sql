-- EIL_ORD_Q: persons with at least one return decision dated in the quarter.
-- Reference date: the earliest such decision_date.
-- Grain: one row per (reporting_country, person_id, time_period).
with
decisions as (select * from {{ ref('stg_landing__return_decisions') }}),
per_person as ({{ earliest_event_in_quarter('decisions', 'decision_date') }}),
final as ({{ with_demographics('per_person') }})
select * from final
