{#
  Full cube with margins of a person-level relation (one row per person and cell).
  keys: columns carried as they are (e.g. geo, time_period, indic).
  dims: ordered list of [column, total_code]; every subset of dims is also written at its
  total. When one dim is `age`, the Eurostat aggregate Y_LT18 (= Y_LT14 + Y14-17) is
  added as a further age code, crossed with every subset of the other dims.
  Only non-zero cells come out; see ensure_total_cell for the always-written total.
#}
{% macro person_cube(relation, keys, dims, measure='count(*)') %}
    {%- set dim_names = dims | map(attribute=0) | list -%}
    select
        {{ keys | join(', ') }},
        {%- for name, total in dims %}
        case when grouping({{ name }}) = 1 then '{{ total }}' else {{ name }} end as {{ name }},
        {%- endfor %}
        {{ measure }} as obs_value
    from {{ relation }}
    group by {{ keys | join(', ') }}, cube({{ dim_names | join(', ') }})
    {%- if 'age' in dim_names %}
        {%- set other = dims | rejectattr(0, 'equalto', 'age') | list %}
    union all
    select
        {{ keys | join(', ') }},
        {%- for name, total in dims %}
        {%- if name == 'age' %}
        'Y_LT18' as age,
        {%- else %}
        case when grouping({{ name }}) = 1 then '{{ total }}' else {{ name }} end as {{ name }},
        {%- endif %}
        {%- endfor %}
        {{ measure }} as obs_value
    from {{ relation }}
    where age in ('Y_LT14', 'Y14-17')
    group by {{ keys | join(', ') }}{% if other %}, cube({{ other | map(attribute=0) | join(', ') }}){% endif %}
    {%- endif %}
{% endmacro %}

{#
  The cell where every dim is at its total is written for every row of `scope`, also
  when nobody is counted (obs_value 0), so that a true zero differs from a missing
  transmission. scope has the key columns.
#}
{% macro ensure_total_cell(cube_relation, scope_relation, keys, dims) %}
    select {{ (keys + dims | map(attribute=0) | list) | join(', ') }}, obs_value from {{ cube_relation }}
    union all
    select
        {%- for key in keys %} s.{{ key }},{% endfor %}
        {%- for name, total in dims %} '{{ total }}' as {{ name }},{% endfor %}
        0 as obs_value
    from {{ scope_relation }} as s
    where not exists (
        select 1 from {{ cube_relation }} as c
        where {% for key in keys %}c.{{ key }} = s.{{ key }} and {% endfor %}
              {%- for name, total in dims %} c.{{ name }} = '{{ total }}'{% if not loop.last %} and{% endif %}{% endfor %}
    )
{% endmacro %}

{#
  The transmitted cube: person_cube plus the always-written all-totals cell per scope row,
  with its observation status (macros/scope.sql). scope_relation has the keys and is_collected.
#}
{% macro transmitted_cube(relation, scope_relation, keys, dims, measure='count(*)') %}
    with
    cube_cells as ({{ person_cube(relation, keys, dims, measure) }}),
    with_totals as ({{ ensure_total_cell('cube_cells', scope_relation, keys, dims) }})
    {{ with_observation_status('with_totals', scope_relation, keys, dims) }}
{% endmacro %}

{#
  The whole transmitted table: the cube with margins and observation status of `relation`
  over `scope_relation`, with every column cast to its contract type. One statement for every
  person-counting flow; each mart says only whom it counts, where, and by what.
#}
{% macro transmitted_table(relation, scope_relation, keys, dims) %}
    {%- if builds_incrementally() %}
    {#- only the scope rows of the periods to compute, and the persons counted there (macros/incremental.sql) #}
    , scope_to_build as (
        select * from {{ scope_relation }} as s where {{ period_to_build('s', 'geo', 'geo') }}
    ),
    counted_to_build as (
        select * from {{ relation }} as r where {{ period_to_build('r', 'geo', 'geo') }}
    )
    {%- set relation, scope_relation = 'counted_to_build', 'scope_to_build' %}
    {%- endif %}
    select
        {%- for key in keys %}
        cast({{ key }} as string) as {{ key }},
        {%- endfor %}
        {%- for name, total in dims %}
        cast({{ name }} as string) as {{ name }},
        {%- endfor %}
        cast(obs_value as bigint) as obs_value,
        cast(obs_status as string) as obs_status
    from ({{ transmitted_cube(relation, scope_relation, keys, dims) }}) as transmitted
{% endmacro %}
