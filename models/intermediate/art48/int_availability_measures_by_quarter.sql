-- Each availability measure (Art. 23, legal_basis ART23, int_availability_measures) in each
-- quarter it counts in, by the same setting art48_measure_count as alternatives to detention
-- (macros/measures.sql), so the two populations can be compared. Never transmitted.
-- Grain: one row per (reporting_country, measure_id, time_period).
with
measures as (select * from {{ ref('int_availability_measures') }}),
quarters as (
    select * from {{ ref('int_reporting_quarters') }} as calendar
    where {{ period_to_build('calendar') }}
),
final as ({{ measures_in_quarter('measures', 'quarters') }})
select * from final
