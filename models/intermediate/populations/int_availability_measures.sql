-- Population rule (statistics v2 §2): availability measures (Art. 23, legal_basis = ART23),
-- kept apart from alternatives to detention; counted only in the analytic table
-- availability_measures_by_type_q, never transmitted.
-- Grain: one row per (reporting_country, measure_id).
select * from {{ ref('stg_landing__alternatives') }}
where legal_basis = 'ART23'
