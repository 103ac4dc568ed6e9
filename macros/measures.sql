{#
  Article 48(1)(b)/(c): which measures (detentions, alternatives) count in which quarter,
  and the reference date each contributes. Setting art48_measure_count:
    overlap (default): start_date <= quarter end and (end_date is null or end_date >= quarter start);
                       reference date max(start_date, quarter start)
    started:           start_date within the quarter; reference date start_date
  One place for the rule, used by both the detention and the alternatives models.
#}
{% macro measures_in_quarter(measures, quarters) %}
    {%- set rule = var('art48_measure_count') -%}
    {%- if rule not in ('overlap', 'started') -%}
        {{ exceptions.raise_compiler_error("var art48_measure_count must be 'overlap' or 'started', not '" ~ rule ~ "'") }}
    {%- endif -%}
    select
        m.*,
        q.time_period,
        {% if rule == 'overlap' %}greatest(m.start_date, q.quarter_start){% else %}m.start_date{% endif %} as reference_date
    from {{ measures }} as m
    inner join {{ quarters }} as q
        on m.reporting_country = q.reporting_country
        {%- if rule == 'overlap' %}
        and m.start_date <= q.quarter_end
        and (m.end_date is null or m.end_date >= q.quarter_start)
        {%- else %}
        and m.start_date between q.quarter_start and q.quarter_end
        {%- endif %}
{% endmacro %}

{#
  Sex, citizenship and age class of persons at their reference date in a cell. Sex and
  citizenship come from the persons table; age as in macros/age.sql.
#}
{% macro with_demographics(relation) %}
    select
        x.*,
        coalesce(p.citizenship, 'UNK') as citizen,
        coalesce(p.sex, 'UNK') as sex,
        {{ age_class('p.birth_date', 'x.reference_date') }} as age
    from {{ relation }} as x
    left join {{ ref('stg_landing__persons') }} as p
        on p.reporting_country = x.reporting_country and p.person_id = x.person_id
{% endmacro %}

{#
  Persons with at least one event dated in the quarter; reference date = the earliest such
  date. The rule of EIL_ORD_Q (decisions) and RECOG (recognised decisions).
#}
{% macro earliest_event_in_quarter(events, date_column) %}
    select e.reporting_country, e.person_id, q.time_period, min(e.{{ date_column }}) as reference_date
    from {{ events }} as e
    inner join {{ ref('int_reporting_quarters') }} as q
        on e.reporting_country = q.reporting_country
        and e.{{ date_column }} between q.quarter_start and q.quarter_end
    group by all
{% endmacro %}

{# Persons with at least one measure counted in the quarter, at the earliest reference date. #}
{% macro persons_from_measures(measures_by_quarter) %}
    select reporting_country, person_id, time_period, min(reference_date) as reference_date
    from {{ ref(measures_by_quarter) }}
    group by all
{% endmacro %}
