-- ART25A_A as transmitted: art25a_indicators_a in long form, one row per indicator of every
-- (year, GEO, THIRD_COUNTRY) with a non-zero count; OBS_VALUE is NULL where a ratio or median
-- is undefined. ELIGIBLE is written for GEO = TOTAL only.
{%- set indicators = [
    ('RD', 'PER', 'rd'), ('RET_FORCED', 'PER', 'ret_forced'), ('RET_ALL', 'PER', 'ret_all'),
    ('RATE_FORCED', 'RATIO', 'rate_forced'), ('RATE_ALL', 'RATIO', 'rate_all'),
    ('RA_SUB', 'NR', 'ra_sub'), ('RA_ACC', 'NR', 'ra_acc'), ('RATE_ACC', 'RATIO', 'rate_acc'),
    ('TD_REQ', 'NR', 'td_req'), ('TD_ISS', 'NR', 'td_iss'), ('RATE_TD', 'RATIO', 'rate_td'),
    ('MED_DAYS_NAT', 'DAY', 'med_days_nat'), ('MED_DAYS_TD', 'DAY', 'med_days_td'),
    ('EUTD_USED', 'NR', 'eutd_used'), ('EUTD_ACC', 'NR', 'eutd_acc'), ('RATE_EUTD', 'RATIO', 'rate_eutd'),
    ('CHARTER_REQ', 'NR', 'charter_req'), ('CHARTER_ACC', 'NR', 'charter_acc'),
    ('RATE_CHARTER', 'RATIO', 'rate_charter'), ('ELIGIBLE', 'NR', 'eligible'),
] %}
with
wide as (select * from {{ ref('art25a_indicators_a') }}),
long as (
    select year, geo, third_country, unnest([
        {%- for indic, unit, column in indicators %}
        {'indic': '{{ indic }}', 'unit': '{{ unit }}', 'position': {{ loop.index }}, 'obs_value': cast({{ column }} as double)}{{ ',' if not loop.last }}
        {%- endfor %}
    ]) as i
    from wide
)
select
    cast(year as integer) as year,
    cast(geo as varchar) as geo,
    cast(third_country as varchar) as third_country,
    cast(i.indic as varchar) as indic,
    cast(i.unit as varchar) as unit,
    cast(i.position as integer) as indic_order,
    cast(i.obs_value as double) as obs_value
from long
where i.indic != 'ELIGIBLE' or geo = 'TOTAL'
