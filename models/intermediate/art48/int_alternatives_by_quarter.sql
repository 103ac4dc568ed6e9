-- Each alternative to detention (legal_basis ART31, int_alternatives_to_detention) in each quarter it counts
-- in, per the setting art48_measure_count (macros/measures.sql), with the reference date it contributes.
-- Grain: one row per (reporting_country, measure_id, time_period).
with
measures as (select * from {{ ref('int_alternatives_to_detention') }}),
quarters as (
    select * from {{ ref('int_reporting_quarters') }} as calendar
    where {{ period_to_build('calendar') }}
),
final as ({{ measures_in_quarter('measures', 'quarters') }})
select * from final
