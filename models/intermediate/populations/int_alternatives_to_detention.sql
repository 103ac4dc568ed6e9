-- Population rule (statistics v2 §2): an alternative to detention (Art. 31, legal_basis =
-- ART31), ordered against a risk of absconding. Availability measures (Art. 23, imposed in
-- every return procedure) use the same instruments but are another population: they are in
-- int_availability_measures and never in ART48_Q ALT.
-- Grain: one row per (reporting_country, measure_id).
select * from {{ ref('stg_landing__alternatives') }}
where legal_basis = 'ART31'
