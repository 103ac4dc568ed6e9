{#
  Days from start to end in calendar days, or in working days (Monday to Friday after the
  start day up to and including the end day; public holidays are not known and not skipped).
#}
{% macro days_elapsed(start_date, end_date, unit) -%}
    case when {{ unit }} = 'working' then
        len(list_filter(generate_series({{ start_date }} + interval 1 day, {{ end_date }}, interval 1 day),
                        lambda d: isodow(d) <= 5))
    else date_diff('day', {{ start_date }}, {{ end_date }}) end
{%- endmacro %}
