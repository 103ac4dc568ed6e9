-- ART25A_A as transmitted: art25a_indicators_a in long form, one row per indicator of every
-- (year, GEO, THIRD_COUNTRY) with a non-zero count (statistics v2 §9). ELIGIBLE is written for
-- GEO = TOTAL only, and only for a year whose selection rule has a basis.
-- OBS_STATUS (statistics v2 §1, §8): L, with an empty value, for a reporting country whose
-- source table of the indicator is collected = N in all four quarters of the year (a ratio is
-- L when either part is); else M, with an empty value, where a ratio or median is undefined;
-- else A (P is decided at export, while the cut-off has not passed). Source tables: RD <-
-- return_decisions, RET_* <- returns, RA_*, TD_*, NAT_*, MED_*, EUTD_* <- readmission_applications,
-- CHARTER_* <- return_operations.
with
wide as (select * from {{ ref('art25a_indicators_a') }}),
not_collected as (select * from {{ ref('int_art25a_not_collected') }}),
indicator_list as (
    select * from {{ art25a_indicator_rows() }}
),
indicator_sources as (
    select * from {{ art25a_indicator_source_rows() }}
),
long as (
    select
        w.year, w.geo, w.third_country, i.indic, i.unit, i.position,
        {{ art25a_indicator_value('i.indic', 'w') }} as obs_value
    from wide as w cross join indicator_list as i
),
-- the indicators of each (geo, year) with a source table not collected in all four quarters
not_collected_indicators as (
    select distinct n.geo, n.year, s.indic
    from not_collected as n
    inner join indicator_sources as s on n.table_name = s.table_name
),
with_status as (
    select l.*, nc.indic is not null as is_not_collected
    from long as l
    left join not_collected_indicators as nc on l.geo = nc.geo and l.year = nc.year and l.indic = nc.indic
),
final as (
    select
        year, geo, third_country, indic, unit, position,
        case when not is_not_collected then obs_value end as obs_value,
        case when is_not_collected then 'L' when obs_value is null then 'M' else 'A' end as obs_status
    from with_status
    -- ELIGIBLE: GEO = TOTAL only, and only for a year whose selection rule has a basis
    where indic != 'ELIGIBLE' or geo = 'TOTAL' and obs_value is not null
)
select
    cast(year as integer) as year,
    cast(geo as string) as geo,
    cast(third_country as string) as third_country,
    cast(indic as string) as indic,
    cast(unit as string) as unit,
    cast(position as integer) as indic_order,
    cast(obs_value as double) as obs_value,
    cast(obs_status as string) as obs_status,
    -- P (provisional) is decided at export: while the export date is on or before this day
    {{ art25a_cutoff('year') }} as cutoff_date
from final
