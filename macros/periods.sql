{# Period labels: YYYY-Qn for quarters, YYYY-MM for months. #}
{% macro quarter_label(d) -%}
    (cast(year({{ d }}) as varchar) || '-Q' || cast(quarter({{ d }}) as varchar))
{%- endmacro %}

{% macro month_label(d) -%}
    strftime({{ d }}, '%Y-%m')
{%- endmacro %}
