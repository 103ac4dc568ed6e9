-- ART25A_A as transmitted: art25a_indicators_a in long form, one row per indicator of every
-- (year, GEO, THIRD_COUNTRY) with a non-zero count (statistics v2 §9). ELIGIBLE is written for
-- GEO = TOTAL only, and only for a year whose selection rule has a basis.
-- OBS_STATUS (statistics v2 §1, §8): L, with an empty value, for a reporting country whose
-- source table of the indicator is collected = N in all four quarters of the year (a ratio is
-- L when either part is); else M, with an empty value, where a ratio or median is undefined;
-- else A (P is decided at export, while the cut-off has not passed). Source tables: RD <-
-- return_decisions, RET_* <- returns, RA_*, TD_*, NAT_*, MED_*, EUTD_* <- readmission_applications,
-- CHARTER_* <- return_operations.
{%- set indicators = art25a_indicator_list() %}
with
wide as (select * from {{ ref('art25a_indicators_a') }}),
not_collected as (select * from {{ ref('int_art25a_not_collected') }}),
long as (
    select
        year, geo, third_country,
        unnest([
            {%- for indic, unit, column, sources in indicators %}
                {
                    'indic': '{{ indic }}', 'unit': '{{ unit }}', 'position': {{ loop.index }},
                    'obs_value': cast({{ column }} as double),
                    'sources': [
                        {%- for t in sources %}
                            '{{ t }}'{{ ',' if not loop.last }}
                        {%- endfor %}
                    ]::varchar[]
                }{{ ',' if not loop.last }}
            {%- endfor %}
        ]) as i
    from wide
),
with_status as (
    select
        l.*,
        exists (  -- noqa: LT01, LT06
            select 1 from not_collected as n
            where n.geo = l.geo and n.year = l.year and list_contains(l.i.sources, n.table_name)  -- noqa: RF01
        ) as is_not_collected
    from long as l
),
final as (
    select
        year, geo, third_country, i.indic, i.unit, i.position,
        case when not is_not_collected then i.obs_value end as obs_value,
        case when is_not_collected then 'L' when i.obs_value is null then 'M' else 'A' end as obs_status
    from with_status
    -- ELIGIBLE: GEO = TOTAL only, and only for a year whose selection rule has a basis
    where i.indic != 'ELIGIBLE' or geo = 'TOTAL' and i.obs_value is not null
)
select
    cast(year as integer) as year,
    cast(geo as varchar) as geo,
    cast(third_country as varchar) as third_country,
    cast(indic as varchar) as indic,
    cast(unit as varchar) as unit,
    cast(position as integer) as indic_order,
    cast(obs_value as double) as obs_value,
    cast(obs_status as varchar) as obs_status,
    -- P (provisional) is decided at export: while the export date is on or before this day
    {{ art25a_cutoff('year') }} as cutoff_date
from final
