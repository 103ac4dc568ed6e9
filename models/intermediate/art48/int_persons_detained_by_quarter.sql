-- DET, Art. 48(1)(c): persons with at least one detention counted in the quarter
-- (int_detentions_by_quarter). Reference date: the earliest over those detentions of
-- max(start_date, quarter start) (setting `overlap`) or of start_date (setting `started`).
-- Grain: one row per (reporting_country, person_key, time_period).
with
per_person as ({{ persons_from_measures('int_detentions_by_quarter') }}),
final as ({{ with_demographics('per_person') }})
select * from final
