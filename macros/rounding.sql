{#
  Ratios and their text, computed so that every engine gives the same figure (issue 19): a
  floating-point round() of a/b rounds the binary value of the quotient, and DuckDB and Spark
  round a tie such as 0.12345 differently. These round the exact quotient instead.
#}

{#
  numerator / denominator rounded half up to `digits` decimals; NULL when the denominator is 0
  or NULL. Both must be non-negative whole numbers (counts): floor((2n·10^d + m) / 2m) is then
  the exactly rounded quotient, and a double division of integers this size is exact enough for
  floor to find it (a correctly rounded division of integers lands on the integer when the
  quotient is one, and stays below it otherwise).
#}
{% macro ratio(numerator, denominator, digits=4) -%}
    {%- set scale = 10 ** digits -%}
    (floor((2 * ({{ numerator }}) * {{ scale }} + ({{ denominator }}))
           / nullif(2 * ({{ denominator }}), 0)) / {{ scale }})
{%- endmacro %}

{# `factor` (a plain number) times the ratio `share` (4 decimals), rounded half up to 4 decimals, exactly. #}
{% macro scaled_ratio(factor, share) -%}
    cast(round(cast({{ factor }} as decimal(9, 4)) * cast({{ share }} as decimal(9, 4)), 4) as double)
{%- endmacro %}

{# A ratio of 4 decimals as a percentage with one decimal, e.g. 0.1235 -> '12.4%' (half up, exactly). #}
{% macro percent_text(share) -%}
    (cast(cast(round(cast({{ share }} as decimal(9, 4)) * 100, 1) as decimal(9, 1)) as string) || '%')
{%- endmacro %}
