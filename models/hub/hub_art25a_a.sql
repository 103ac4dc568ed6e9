-- Art. 25a at the hub (hub-v1 "Aggregates", "Details, settled"), long form as ART25A_A: the
-- Member States' cells as received (their TOTAL rows were not kept) and GEO = EU27_2020_EFTA
-- computed from them, per (year, third country):
--   counts    summed over the Member States that sent the pair;
--   ratios    recomputed from the summed parts (RATE_FORCED_INCL_TRANSIT from RET_FORCED +
--             RET_FORCED_TRANSIT over RD); L when a part has no member value (all L), else M
--             when the denominator is 0 (precedence L > M > P > A);
--   medians   grouped medians from the duration classes: classes read as day intervals
--             [0,16) [16,31) [31,61) [61,91) [91,181) [181,inf); median = lower bound +
--             (N/2 - count below the class) / class count x class width; 181 when the median
--             class is the open one; M when no reply or document;
--   ELIGIBLE  Annex I on 31 December and the EIL_ORD_A of the selection year (CITIZEN = the
--             third country, SEX = T, AGE = TOTAL) summed over the 31 reporting countries above
--             art25a_min_return_decisions; written only when all 31 sent EIL_ORD_A of that year
--             with a value.
-- An aggregate cell is P when a member's cell (for a ratio or median, a part's) is L or P, else
-- A (L when no member has a value). Units and file order from seeds/ref_indicators.csv.
{#- the counts: every indicator of the one list (macros/art25a_indicators.sql) counted in persons or
    applications, ELIGIBLE aside (the hub decides it) #}
{%- set counts = [] %}
{%- for indic, unit, _, _ in art25a_indicator_list() if unit in ('PER', 'NR') and indic != 'ELIGIBLE' %}{% do counts.append(indic) %}{% endfor %}
{%- set ratios = [('RATE_FORCED', ['RET_FORCED'], 'RD'), ('RATE_ALL', ['RET_ALL'], 'RD'),
                  ('RATE_FORCED_INCL_TRANSIT', ['RET_FORCED', 'RET_FORCED_TRANSIT'], 'RD'),
                  ('RATE_ACC', ['RA_ACC'], 'RA_SUB'), ('RATE_TD', ['TD_ISS'], 'TD_REQ'),
                  ('RATE_EUTD', ['EUTD_ACC'], 'EUTD_USED'), ('RATE_CHARTER', ['CHARTER_ACC'], 'CHARTER_REQ')] %}
{%- set class_bounds = [('0-15', 0, 16), ('16-30', 16, 31), ('31-60', 31, 61), ('61-90', 61, 91),
                        ('91-180', 91, 181), ('GT180', 181, none)] %}
{%- set aggregate = 'EU27_2020_EFTA' %}
with
received as (
    select cast(time_period as integer) as year, geo, third_country, indic, obs_value, obs_status
    from {{ ref('stg_received__cells') }}
    where dataflow = 'ART25A_A'
),
indicators as (select indic, unit, position from {{ ref('ref_indicators') }} where dataflow = 'ART25A_A'),
-- one row per (year, third country, count indicator): the sum and whether a member is L or P
summed as (
    select year, third_country, indic,
           sum(obs_value) as obs_value,
           count(obs_value) as with_value,
           bool_or(obs_status in ('L', 'P')) as is_partial
    from received
    where indic in ({{ "'" ~ counts | join("', '") ~ "'" }})
    group by all
),
pairs as (select distinct year, third_country from received),
count_cells as (
    select year, third_country, indic,
           case when with_value > 0 then obs_value end as obs_value,
           case when with_value = 0 then 'L' when is_partial then 'P' else 'A' end as obs_status
    from summed
),
wide as (
    pivot count_cells on indic in ({{ "'" ~ counts | join("', '") ~ "'" }}) using first(obs_value) as v, first(obs_status) as s
    group by year, third_country
),
ratio_cells as (
    {%- for indic, parts, denominator in ratios %}
    select year, third_country, '{{ indic }}' as indic,
           round(({% for p in parts %}coalesce("{{ p }}_v", 0){{ ' + ' if not loop.last }}{% endfor %})
                 / nullif("{{ denominator }}_v", 0), 4) as obs_value,
           case when 'L' in ({% for p in parts + [denominator] %}"{{ p }}_s"{{ ', ' if not loop.last }}{% endfor %})
                    and ({% for p in parts + [denominator] %}"{{ p }}_v" is null{{ ' or ' if not loop.last }}{% endfor %})
                then 'L'
                when coalesce("{{ denominator }}_v", 0) = 0 then 'M'
                when 'P' in ({% for p in parts + [denominator] %}"{{ p }}_s"{{ ', ' if not loop.last }}{% endfor %})
                  or 'L' in ({% for p in parts + [denominator] %}"{{ p }}_s"{{ ', ' if not loop.last }}{% endfor %})
                then 'P' else 'A' end as obs_status
    from wide
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
median_cells as (
    {%- for prefix in ['NAT', 'TD'] %}
    select year, third_country, 'MED_DAYS_{{ prefix }}' as indic,
        case
        {%- for class, lower, upper in class_bounds %}
            {%- set below %}({% for c, _, _ in class_bounds[:loop.index0] %}coalesce("{{ prefix }}_D{{ c }}_v", 0){{ ' + ' if not loop.last }}{% endfor %}{{ '0' if loop.first }}){% endset %}
            when n = 0 then null
            when {{ below }} + coalesce("{{ prefix }}_D{{ class }}_v", 0) >= n / 2.0
                then {% if upper is none %}{{ lower }}{% else %}round({{ lower }} + (n / 2.0 - {{ below }}) / "{{ prefix }}_D{{ class }}_v" * {{ upper - lower }}, 1){% endif %}
        {%- endfor %}
        end as obs_value,
        case when {% for c, _, _ in class_bounds %}"{{ prefix }}_D{{ c }}_s" = 'L'{{ ' and ' if not loop.last }}{% endfor %} then 'L'
             when n = 0 then 'M'
             when {% for c, _, _ in class_bounds %}"{{ prefix }}_D{{ c }}_s" in ('L', 'P'){{ ' or ' if not loop.last }}{% endfor %} then 'P'
             else 'A' end as obs_status
    from (select *, {% for c, _, _ in class_bounds %}coalesce("{{ prefix }}_D{{ c }}_v", 0){{ ' + ' if not loop.last }}{% endfor %} as n from wide)
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
-- the selection rule's basis and EU+ figures have one home: art25a_selection_basis_a (HUB when
-- all 31 sent EIL_ORD_A of the selection year with a value) and hub_art25a_selection
selection as (select year, third_country, persons from {{ ref('hub_art25a_selection') }}),
selection_years as (select year from {{ ref('hub_art25a_selection_basis_a') }} where basis = 'HUB'),
eligible_cells as (
    select p.year, p.third_country, 'ELIGIBLE' as indic,
           case when a.country_code is not null and coalesce(s.persons, 0) > {{ var('art25a_min_return_decisions') }}
                then 1 else 0 end as obs_value,
           'A' as obs_status
    from pairs as p
    inner join selection_years as y using (year)
    left join selection as s using (year, third_country)
    left join {{ ref('ref_visa_annexes') }} as a
        on a.country_code = p.third_country and a.annex = 'I'
        and a.valid_from <= make_date(p.year, 12, 31)
        and (a.valid_to is null or a.valid_to >= make_date(p.year, 12, 31))
),
aggregated as (
    select year, third_country, indic, obs_value, obs_status from count_cells
    union all select year, third_country, indic, obs_value, obs_status from ratio_cells
    union all select year, third_country, indic, obs_value, obs_status from median_cells
    union all select year, third_country, indic, obs_value, obs_status from eligible_cells
),
final as (
    select year, '{{ aggregate }}' as geo, third_country, indic, obs_value, obs_status from aggregated
    union all
    select year, geo, third_country, indic, obs_value, obs_status from received
)
select
    cast(f.year as integer) as year,
    cast(f.geo as varchar) as geo,
    cast(f.third_country as varchar) as third_country,
    cast(f.indic as varchar) as indic,
    cast(i.unit as varchar) as unit,
    cast(i.position as integer) as indic_order,
    cast(f.obs_value as double) as obs_value,
    cast(f.obs_status as varchar) as obs_status,
    {{ art25a_cutoff('f.year') }} as cutoff_date
from final as f
inner join indicators as i using (indic)
