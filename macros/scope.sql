{#
  The scope of a transmitted flow: every (geo, period[, indic]) of the reporting calendar it
  is written for, and whether its source table is collected there (coverage.csv, contract
  v2). Statistics v2 §1 and §10: a flow's cells in a not-collected period are one all-totals
  cell with status L; a quarter's coverage decides its three months; a year is L only when
  the source table is not collected in any of its four quarters.
#}
{% macro quarterly_scope(source_table, indic=none) %}
    select q.reporting_country as geo, q.time_period,
           {%- if indic %} '{{ indic }}' as indic,{% endif %} c.is_collected
    from {{ ref('int_reporting_quarters') }} as q
    inner join {{ ref('int_coverage_by_quarter') }} as c
        on c.reporting_country = q.reporting_country and c.quarter_start = q.quarter_start
        and c.table_name = '{{ source_table }}'
{% endmacro %}

{% macro monthly_scope(source_table, indic) %}
    select m.reporting_country as geo, m.time_period, '{{ indic }}' as indic, c.is_collected
    from {{ ref('int_reporting_months') }} as m
    inner join {{ ref('int_coverage_by_quarter') }} as c
        on c.reporting_country = m.reporting_country and c.time_period = m.quarter
        and c.table_name = '{{ source_table }}'
{% endmacro %}

{% macro annual_scope(source_table, indic=none) %}
    select y.reporting_country as geo, y.time_period,
           {%- if indic %} '{{ indic }}' as indic,{% endif %} bool_or(c.is_collected) as is_collected
    from {{ ref('int_reporting_years') }} as y
    inner join {{ ref('int_coverage_by_quarter') }} as c
        on c.reporting_country = y.reporting_country and c.year = y.year
        and c.table_name = '{{ source_table }}'
    group by all
{% endmacro %}

{#
  OBS_STATUS (statistics v2 §1): cells of a collected scope row are A (a true zero too);
  a not-collected scope row gets only its all-totals cell, with an empty value and L.
  Cells outside the scope (e.g. ART48_Q of a country the Regulation does not bind) are dropped.
#}
{% macro with_observation_status(cells, scope_relation, keys, dims) %}
    {#- the union's branches list the same columns in the same order: keys, dims, obs_value, obs_status #}
    select
        {%- for column in keys + dims | map(attribute=0) | list %} c.{{ column }},{% endfor %}
        c.obs_value, 'A' as obs_status
    from {{ cells }} as c
    inner join {{ scope_relation }} as s
        on {% for key in keys %}c.{{ key }} = s.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
    where s.is_collected
    union all
    select
        {%- for key in keys %} s.{{ key }},{% endfor %}
        {%- for name, total in dims %} '{{ total }}' as {{ name }},{% endfor %}
        cast(null as bigint) as obs_value,
        'L' as obs_status
    from {{ scope_relation }} as s
    where not s.is_collected
{% endmacro %}
