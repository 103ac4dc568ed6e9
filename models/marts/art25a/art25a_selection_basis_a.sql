-- The Art. 25a selection rule's basis per reference year Y (statistics v2 §6, §9;
-- COM(2021) 56 §4.1): the EU+ persons ordered to leave in the selection year
-- Y - var art25a_selection_year_offset come from, in order,
--   SEED       the seed ref_selection_return_decisions, when it has any row for that year
--              (Eurostat's migr_eiord figures supplied by the user);
--   WAREHOUSE  the warehouse's EIL_ORD_A summed over the 31 reporting countries, when every one
--              of them has data or coverage for that year: a collected = Y coverage row
--              covering a quarter of it, or a loaded RETURN decision dated in it;
--   NONE       otherwise: ELIGIBLE is not written for Y, and missing_countries says why.
-- Grain: one row per reference year.
with
years as (select distinct year from {{ ref('int_art25a_reporting_years') }}),
reporting_countries as (select geo from {{ ref('ref_reporting_countries') }}),
seeded as (select distinct year from {{ ref('ref_selection_return_decisions') }}),
-- a country "has data" for a year through its return decisions: a loaded RETURN decision dated in
-- it, or a collected = Y coverage row of return_decisions covering a quarter of it
coverage as (
    select * from {{ ref('stg_landing__coverage') }}
    where is_collected and table_name = 'return_decisions'
),
decisions as (
    select distinct reporting_country, {{ year_of('decision_date') }} as year from {{ ref('int_orders_to_leave') }}
),
selection_years as (
    select year, year - {{ var('art25a_selection_year_offset') }} as selection_year from years
),
countries_with_data as (
    select
        s.year, r.geo,
        exists (
            select 1 from decisions as d
            where d.reporting_country = r.geo and d.year = s.selection_year
        )
        or exists (
            select 1 from coverage as c
            where
                c.reporting_country = r.geo
                and c.period_start <= make_date(s.selection_year, 12, 31)
                and (c.period_end is null or c.period_end >= make_date(s.selection_year, 1, 1))
        ) as has_data
    from selection_years as s cross join reporting_countries as r
),
summary as (
    select
        year,
        count(*) filter (where has_data) as countries_with_data,
        {{ sorted_string_agg('geo', ', ', 'not has_data') }} as missing_countries
    from countries_with_data
    group by year
),
final as (
    select
        s.year,
        s.selection_year,
        case
            when s.selection_year in (select sd.year from seeded as sd) then 'SEED'
            when m.countries_with_data = (select count(*) from reporting_countries) then 'WAREHOUSE'
            else 'NONE'
        end as basis,
        m.countries_with_data,
        m.missing_countries
    from selection_years as s
    inner join summary as m using (year)
)
select * from final
