{#
  Article 48(1)(b)/(c): which measures (detentions, alternatives) count in which quarter,
  and the reference date each contributes. Setting art48_measure_count:
    overlap (default): start_date <= quarter end and (end_date is null or end_date >= quarter start);
                       reference date max(start_date, quarter start)
    started:           start_date within the quarter; reference date start_date
    end_of_quarter:    in force on the last day of the quarter: start_date <= quarter end and
                       (end_date is null or end_date >= quarter end); reference date quarter end
  One place for the rule, used by both the detention and the alternatives models.
#}
{% macro measures_in_quarter(measures, quarters) %}
    {%- set rule = var('art48_measure_count') -%}
    {%- if rule not in ('overlap', 'started', 'end_of_quarter') -%}
        {{ exceptions.raise_compiler_error("var art48_measure_count must be 'overlap', 'started' or 'end_of_quarter', not '" ~ rule ~ "'") }}
    {%- endif -%}
    select
        m.*,
        q.time_period,
        {% if rule == 'overlap' %}greatest(m.start_date, q.quarter_start)
        {%- elif rule == 'started' %}m.start_date
        {%- else %}q.quarter_end{% endif %} as reference_date
    from {{ measures }} as m
    inner join {{ quarters }} as q
        on m.reporting_country = q.reporting_country
        {%- if rule == 'overlap' %}
        and m.start_date <= q.quarter_end
        and (m.end_date is null or m.end_date >= q.quarter_start)
        {%- elif rule == 'started' %}
        and m.start_date between q.quarter_start and q.quarter_end
        {%- else %}
        and m.start_date <= q.quarter_end
        and (m.end_date is null or m.end_date >= q.quarter_end)
        {%- endif %}
{% endmacro %}

{#
  Sex, citizenship and age class of persons at their reference date in a cell. Sex and
  citizenship come from the persons table. The age class is the one of seeds/ref_age_classes
  whose min_age..max_age (no max_age: no upper bound) holds the age in completed years at the
  reference date (macros/age.sql); an unknown birth date or a negative age is in none: UNK.
#}
{% macro with_demographics(relation) %}
    select
        x.*,
        coalesce(p.citizenship, 'UNK') as citizen,
        coalesce(p.sex, 'UNK') as sex,
        coalesce(a.age_class, 'UNK') as age
    from {{ relation }} as x
    left join {{ ref('stg_landing__persons') }} as p
        on p.reporting_country = x.reporting_country and p.person_key = x.person_key
    left join {{ ref('ref_age_classes') }} as a
        on {{ age_in_years('p.birth_date', 'x.reference_date') }} >= a.min_age
        and {{ age_in_years('p.birth_date', 'x.reference_date') }} <= coalesce(a.max_age, 2147483647)
{% endmacro %}

{#
  Persons with at least one event dated in the period; reference date = the earliest such
  date. The rule of EIL_ORD_Q / EIL_ORD_A (decisions) and RECOG (recognised decisions).
  period: 'quarter' (int_reporting_quarters) or 'year' (int_reporting_years).
#}
{% macro earliest_event_in_period(events, date_column, period='quarter') %}
    select e.reporting_country, e.person_key, p.time_period, min(e.{{ date_column }}) as reference_date
    from {{ events }} as e
    inner join {{ reporting_periods(period) }} as p
        on e.reporting_country = p.reporting_country
        and e.{{ date_column }} between p.period_start and p.period_end
    group by all
{% endmacro %}

{# The calendar of a period kind, with its bounds named period_start and period_end; in an
   incremental build, only the periods to compute (macros/incremental.sql). #}
{% macro reporting_periods(period) -%}
    {%- if period == 'quarter' -%}
    (select reporting_country, time_period, quarter_start as period_start, quarter_end as period_end
     from {{ ref('int_reporting_quarters') }} as calendar where {{ period_to_build('calendar') }})
    {%- elif period == 'year' -%}
    (select reporting_country, time_period, year_start as period_start, year_end as period_end
     from {{ ref('int_reporting_years') }} as calendar where {{ period_to_build('calendar') }})
    {%- else -%}
    {{ exceptions.raise_compiler_error("reporting_periods: period must be 'quarter' or 'year'") }}
    {%- endif -%}
{%- endmacro %}

{# Persons with at least one measure counted in the quarter, at the earliest reference date. #}
{% macro persons_from_measures(measures_by_quarter) %}
    select reporting_country, person_key, time_period, min(reference_date) as reference_date
    from {{ ref(measures_by_quarter) }} as measure
    where {{ period_to_build('measure') }}
    group by all
{% endmacro %}
