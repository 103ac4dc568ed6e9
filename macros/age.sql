{#
  Age in completed years on a reference date: the years between the two dates, minus one
  when the reference date's (month, day) comes before the birth date's. A person born on
  29 February is therefore a year older on 1 March in non-leap years.
#}
{% macro age_in_years(birth_date, reference_date) -%}
    (year({{ reference_date }}) - year({{ birth_date }})
     - case when (month({{ reference_date }}), day({{ reference_date }}))
                 < (month({{ birth_date }}), day({{ birth_date }})) then 1 else 0 end)
{%- endmacro %}
