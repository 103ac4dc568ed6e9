-- EU aggregates of the transmitted flows (hub-v1 "Aggregates"): GEO = EU27_2020 (the 27
-- Member States) and EU27_2020_EFTA (the 31 reporting countries), the sum of the national
-- cells of the current vintages (a person counted in two countries counts twice, as in
-- Eurostat's EU totals). ART48_Q is summed over the countries bound by the Regulation only.
-- Rows: the union of the national cells plus every all-totals cell of each (flow, period)
-- for which at least one file was accepted — also for an aggregate none of whose members
-- sent it (0, P, every member missing).
-- OBS_STATUS: A when every member of the aggregate sent the flow for the period with a value
-- (its file accepted and its all-totals cell, per INDIC where INDIC has no total, not L);
-- otherwise P, the sum over those that did, and countries_missing / countries_not_collected
-- say who is not in it. L (empty) when no member has a value for the cell.
-- ART25A_A is aggregated apart (hub_art25a_a). Grain: one row per aggregate cell.
with
cells as (
    select * from {{ ref('stg_received__cells') }}
    where dataflow != 'ART25A_A'
),
countries as (select * from {{ ref('ref_reporting_countries') }}),
aggregate_members as (
    select 'EU27_2020' as aggregate, geo, bound_by_return_regulation = 'Y' as is_bound
    from countries
    where membership = 'EU'
    union all
    select 'EU27_2020_EFTA' as aggregate, geo, bound_by_return_regulation = 'Y' as is_bound from countries
),
flows as (select distinct dataflow from cells),
members as (
    select a.aggregate, f.dataflow, a.geo
    from aggregate_members as a cross join flows as f
    where f.dataflow != 'ART48_Q' or a.is_bound
),
all_totals as (
    select dataflow, time_period, coalesce(indic, '') as indic_group, geo, obs_status != 'L' as has_value
    from cells
    where
        coalesce(citizen, 'TOTAL') = 'TOTAL' and coalesce(sex, 'T') = 'T' and coalesce(age, 'TOTAL') = 'TOTAL'
        and coalesce(c_dest, 'TOTAL') = 'TOTAL' and coalesce(return_type, 'TOTAL') = 'TOTAL'
        and coalesce(third_country, 'TOTAL') = 'TOTAL'
),
file_groups as (select distinct dataflow, time_period, indic_group from all_totals),
completeness as (
    select
        m.aggregate, g.dataflow, g.time_period, g.indic_group,
        count(*) as countries_expected,
        count(*) filter (where t.has_value) as countries_with_value,
        string_agg(m.geo, ', ' order by m.geo) filter (where t.geo is null) as countries_missing,
        string_agg(m.geo, ', ' order by m.geo) filter (where not t.has_value) as countries_not_collected
    from file_groups as g
    inner join members as m using (dataflow)
    left join all_totals as t
        on
            g.dataflow = t.dataflow and g.time_period = t.time_period and g.indic_group = t.indic_group
            and m.geo = t.geo
    group by all
),
summed_cells as (
    select
        m.aggregate as geo, c.dataflow, c.time_period, c.freq, c.unit,
        c.indic, c.citizen, c.sex, c.age, c.c_dest, c.return_type, c.third_country,
        sum(c.obs_value) as obs_value,
        count(c.obs_value) as countries_contributing,
        false as is_unsent
    from cells as c
    inner join members as m on c.dataflow = m.dataflow and c.geo = m.geo
    group by all
),
total_keys as (
    -- the all-totals cell(s) of every (flow, period) any country sent
    select distinct dataflow, time_period, freq, unit, indic, citizen, sex, age, c_dest, return_type, third_country
    from cells
    where
        coalesce(citizen, 'TOTAL') = 'TOTAL' and coalesce(sex, 'T') = 'T' and coalesce(age, 'TOTAL') = 'TOTAL'
        and coalesce(c_dest, 'TOTAL') = 'TOTAL' and coalesce(return_type, 'TOTAL') = 'TOTAL'
        and coalesce(third_country, 'TOTAL') = 'TOTAL'
),
member_flows as (select distinct aggregate, dataflow from members),
unsent_totals as (
    -- an aggregate none of whose members sent the flow for the period still gets its all-totals
    -- cell: 0 over the countries that did (none), P, every member listed as missing
    select
        m.aggregate as geo, k.dataflow, k.time_period, k.freq, k.unit,
        k.indic, k.citizen, k.sex, k.age, k.c_dest, k.return_type, k.third_country,
        0 as obs_value, 0 as countries_contributing, true as is_unsent
    from total_keys as k
    inner join member_flows as m using (dataflow)
    where not exists (
        select 1 from summed_cells as s
        where
            s.geo = m.aggregate and s.dataflow = k.dataflow and s.time_period = k.time_period
            and s.indic is not distinct from k.indic and s.citizen is not distinct from k.citizen
            and s.sex is not distinct from k.sex and s.age is not distinct from k.age
            and s.c_dest is not distinct from k.c_dest and s.return_type is not distinct from k.return_type
            and s.third_country is not distinct from k.third_country
    )
),
summed as (
    select * from summed_cells
    union all
    select * from unsent_totals
),
final as (
    select
        s.geo, s.dataflow, s.time_period, s.freq, s.unit,
        s.indic, s.citizen, s.sex, s.age, s.c_dest, s.return_type, s.third_country,
        case when s.countries_contributing > 0 or s.is_unsent then cast(s.obs_value as bigint) end as obs_value,
        case
            when s.is_unsent then 'P'
            when s.countries_contributing = 0 then 'L'
            when k.countries_with_value = k.countries_expected then 'A'
            else 'P'
        end as obs_status,
        k.countries_expected,
        k.countries_with_value,
        k.countries_missing,
        k.countries_not_collected
    from summed as s
    inner join completeness as k
        on
            s.geo = k.aggregate and s.dataflow = k.dataflow and s.time_period = k.time_period
            and k.indic_group = coalesce(s.indic, '')
)
select * from final
