-- The Art. 25a selection rule's basis at the hub, per reference year (hub-v1): the selection
-- year (year - art25a_selection_year_offset) and HUB when all the reporting countries sent
-- EIL_ORD_A of that year with a value (its all-totals cell not L), else NONE with those
-- missing. Same shape as the warehouse's art25a_selection_basis_a.
{{ config(alias='art25a_selection_basis_a') }}
with
years as (
    select distinct cast(time_period as integer) as year
    from {{ ref('stg_received__cells') }}
    where dataflow = 'ART25A_A'
),
countries as (select geo from {{ ref('ref_reporting_countries') }}),
sent as (
    select cast(time_period as integer) as year, geo
    from {{ ref('stg_received__cells') }}
    where dataflow = 'EIL_ORD_A' and citizen = 'TOTAL' and sex = 'T' and age = 'TOTAL' and obs_status != 'L'
),
per_year as (
    select
        y.year, y.year - {{ var('art25a_selection_year_offset') }} as selection_year, c.geo,
        exists (  -- noqa: LT01, LT06
            select 1 from sent as s
            where s.geo = c.geo and s.year = y.year - {{ var('art25a_selection_year_offset') }}
        ) as has_data
    from years as y cross join countries as c
)
select
    year, selection_year,
    case when bool_and(has_data) then 'HUB' else 'NONE' end as basis,
    count(*) filter (where has_data) as countries_with_data,
    string_agg(geo, ', ' order by geo) filter (where not has_data) as missing_countries
from per_year
group by year, selection_year
