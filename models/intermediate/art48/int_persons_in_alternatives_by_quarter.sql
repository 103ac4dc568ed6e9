-- ALT, Art. 48(1)(b): persons with at least one alternative to detention counted in the quarter
-- (int_alternatives_by_quarter). Reference date: the earliest over those measures of
-- max(start_date, quarter start) (setting `overlap`) or of start_date (setting `started`).
-- Grain: one row per (reporting_country, person_key, time_period).
with
per_person as ({{ persons_from_measures('int_alternatives_by_quarter') }}),
final as ({{ with_demographics('per_person') }})
select * from final
