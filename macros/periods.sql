{# Period labels: YYYY-Qn for quarters, YYYY-MM for months. #}
{% macro quarter_label(d) -%}
    (cast(year({{ d }}) as string) || '-Q' || cast(quarter({{ d }}) as string))
{%- endmacro %}

{% macro month_label(d) -%}
    (cast(year({{ d }}) as string) || '-' || lpad(cast(month({{ d }}) as string), 2, '0'))
{%- endmacro %}

{# Art. 25a cut-off of reference year `year`: the last day of var art25a_cutoff_months months after the year. #}
{% macro art25a_cutoff(year) -%}
    {{ add_months('make_date(' ~ year ~ ' + 1, 1, 1)', var('art25a_cutoff_months')) }} - 1
{%- endmacro %}

{# The calendar year of date `d`, as a bigint in every engine (Spark's year() is an int). #}
{% macro year_of(d) -%}
    cast(year({{ d }}) as bigint)
{%- endmacro %}

{# First day of the quarter of date `d`. #}
{% macro quarter_start_of(d) -%}
    make_date(year({{ d }}), 3 * quarter({{ d }}) - 2, 1)
{%- endmacro %}

{# First day of a quarter given as text YYYY-Qn (NULL stays NULL). #}
{% macro quarter_start(label) -%}
    make_date(cast(left({{ label }}, 4) as integer), 3 * cast(right({{ label }}, 1) as integer) - 2, 1)
{%- endmacro %}

{#
  The day up to which periods count as ended: var reporting_date (YYYY-MM-DD) when set, else
  the day of the build. Coverage-driven calendars stop at the last quarter ended by then.
#}
{% macro reporting_date() -%}
    {%- if var('reporting_date', none) -%} date '{{ var('reporting_date') }}' {%- else -%} current_date {%- endif -%}
{%- endmacro %}

{# Last day of a period given as text: YYYY, YYYY-Qn or YYYY-MM. #}
{% macro period_end(label) -%}
    case when length({{ label }}) = 4 then make_date(cast({{ label }} as integer), 12, 31)
         when {{ label }} like '%-Q%' then last_day({{ add_months(quarter_start(label), 2) }})
         else last_day(cast({{ label }} || '-01' as date)) end
{%- endmacro %}
