-- RECOG, Art. 48(1)(a): persons with at least one recognition with outcome RECOGNISED
-- dated in the quarter (REFUSED recognitions are not counted). Reference date: the
-- earliest such recognition_date in the quarter.
-- Grain: one row per (reporting_country, person_key, time_period).
with
recognised as (
    select * from {{ ref('stg_landing__recognitions') }}
    where outcome = 'RECOGNISED'
),
per_person as ({{ earliest_event_in_period('recognised', 'recognition_date', 'quarter') }}),
final as ({{ with_demographics('per_person') }})
select * from final
