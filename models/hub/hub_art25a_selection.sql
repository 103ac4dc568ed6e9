-- EU+ persons ordered to leave in the selection year of each reference year, per third
-- country: EIL_ORD_A (CITIZEN = the third country, SEX = T, AGE = TOTAL) summed over the
-- reporting countries, for the years whose basis is HUB (all 31 sent it with a value).
-- Grain: one row per (year, third_country) with persons.
select b.year, c.citizen as third_country, sum(c.obs_value) as persons
from {{ ref('hub_art25a_selection_basis_a') }} as b
inner join {{ ref('stg_received__cells') }} as c
    on
        c.dataflow = 'EIL_ORD_A' and c.time_period = cast(b.selection_year as varchar)
        and c.sex = 'T' and c.age = 'TOTAL' and c.citizen != 'TOTAL'
where b.basis = 'HUB'
group by all
