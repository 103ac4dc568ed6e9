-- ART25A_A as transmitted: art25a_indicators_a in long form, one row per indicator of every
-- (year, GEO, THIRD_COUNTRY) with a non-zero count. ELIGIBLE is written for GEO = TOTAL only.
-- OBS_STATUS (statistics v2 §1, §8): L, with an empty value, for a reporting country whose
-- source table of the indicator is collected = N in all four quarters of the year (a ratio is
-- L when either part is); else M, with an empty value, where a ratio or median is undefined;
-- else A. Source tables: RD <- return_decisions, RET_* <- returns, RA_*, TD_*, MED_*, EUTD_*
-- <- readmission_applications, CHARTER_* <- return_operations.
{%- set rd, ret, app, ops = 'return_decisions', 'returns', 'readmission_applications', 'return_operations' %}
{%- set indicators = [
    ('RD', 'PER', 'rd', [rd]), ('RET_FORCED', 'PER', 'ret_forced', [ret]), ('RET_ALL', 'PER', 'ret_all', [ret]),
    ('RATE_FORCED', 'RATIO', 'rate_forced', [ret, rd]), ('RATE_ALL', 'RATIO', 'rate_all', [ret, rd]),
    ('RA_SUB', 'NR', 'ra_sub', [app]), ('RA_ACC', 'NR', 'ra_acc', [app]), ('RATE_ACC', 'RATIO', 'rate_acc', [app]),
    ('TD_REQ', 'NR', 'td_req', [app]), ('TD_ISS', 'NR', 'td_iss', [app]), ('RATE_TD', 'RATIO', 'rate_td', [app]),
    ('MED_DAYS_NAT', 'DAY', 'med_days_nat', [app]), ('MED_DAYS_TD', 'DAY', 'med_days_td', [app]),
    ('EUTD_USED', 'NR', 'eutd_used', [app]), ('EUTD_ACC', 'NR', 'eutd_acc', [app]),
    ('RATE_EUTD', 'RATIO', 'rate_eutd', [app]),
    ('CHARTER_REQ', 'NR', 'charter_req', [ops]), ('CHARTER_ACC', 'NR', 'charter_acc', [ops]),
    ('RATE_CHARTER', 'RATIO', 'rate_charter', [ops]), ('ELIGIBLE', 'NR', 'eligible', []),
] %}
with
wide as (select * from {{ ref('art25a_indicators_a') }}),
not_collected as (
    -- (reporting country, year, table) collected = N in all four quarters of the year
    select reporting_country as geo, year, table_name
    from {{ ref('int_coverage_by_quarter') }}
    group by all
    having not bool_or(is_collected)
),
long as (
    select year, geo, third_country, unnest([
        {%- for indic, unit, column, sources in indicators %}
        {'indic': '{{ indic }}', 'unit': '{{ unit }}', 'position': {{ loop.index }},
         'obs_value': cast({{ column }} as double),
         'sources': [{% for t in sources %}'{{ t }}'{{ ', ' if not loop.last }}{% endfor %}]::varchar[]}{{ ',' if not loop.last }}
        {%- endfor %}
    ]) as i
    from wide
),
with_status as (
    select
        l.*,
        exists (
            select 1 from not_collected as n
            where n.geo = l.geo and n.year = l.year and list_contains(l.i.sources, n.table_name)
        ) as is_not_collected
    from long as l
),
final as (
    select
        year, geo, third_country, i.indic, i.unit, i.position,
        case when not is_not_collected then i.obs_value end as obs_value,
        case when is_not_collected then 'L' when i.obs_value is null then 'M' else 'A' end as obs_status
    from with_status
    where i.indic != 'ELIGIBLE' or geo = 'TOTAL'
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
