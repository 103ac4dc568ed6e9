{#
  Art. 25a figures exist per reporting country and for GEO = TOTAL, the sum over countries.
  group by {{ per_country_and_total('year_expr') }} computes both in one pass;
  {{ geo_or_total() }} names the TOTAL rows.
#}
{% macro per_country_and_total(year_expr) -%}
    grouping sets (({{ year_expr }}, reporting_country, third_country), ({{ year_expr }}, third_country))
{%- endmacro %}

{% macro geo_or_total() -%}
    case when grouping(reporting_country) = 1 then 'TOTAL' else reporting_country end
{%- endmacro %}
