-- Source tables a reporting country did not collect in any quarter of a year (coverage.csv,
-- collected = N in all four quarters): its Art. 25a indicators from those tables are L in
-- ART25A_A and left out of the cooperation proxy (statistics v2 §8). A partly collected year
-- is counted as it is.
-- Grain: one row per (geo, year, table_name) not collected.
select reporting_country as geo, year, table_name
from {{ ref('int_coverage_by_quarter') }}
group by all
having not bool_or(is_collected)
