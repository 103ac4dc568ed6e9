-- RECOG, Art. 48(1)(a): persons with at least one recognition with outcome RECOGNISED
-- dated in the quarter (REFUSED recognitions are not counted). Reference date: the
-- earliest such recognition_date in the quarter.
-- Grain: one row per (reporting_country, person_id, time_period).
with
recognised as (
    select * from {{ ref('stg_landing__recognitions') }} where outcome = 'RECOGNISED'
),
quarters as (select * from {{ ref('int_reporting_quarters') }}),
per_person as (
    select r.reporting_country, r.person_id, q.time_period, min(r.recognition_date) as reference_date
    from recognised as r
    inner join quarters as q
        on r.reporting_country = q.reporting_country
        and r.recognition_date between q.quarter_start and q.quarter_end
    group by all
),
final as ({{ with_demographics('per_person') }})
select * from final
