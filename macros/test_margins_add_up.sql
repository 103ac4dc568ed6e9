{#
  Cube test: in every slice, the cell at `total` (or the aggregate code) equals the sum of
  its parts. parts: the codes that make up the total; by default every code of the
  dimension except the total and `exclude` (other aggregates such as Y_LT18).
  Cells absent from the table count as zero.
#}
{% test margins_add_up(model, keys, dims, dim, total, parts=none, exclude=[]) %}
{%- set others = keys + (dims | reject('equalto', dim) | list) -%}
with
cells as (select * from {{ model }}),
sum_of_parts as (
    select {{ others | join(', ') }}, sum(obs_value) as parts_value
    from cells
    where {% if parts %}{{ dim }} in ('{{ parts | join("', '") }}')
          {% else %}{{ dim }} != '{{ total }}'{% for code in exclude %} and {{ dim }} != '{{ code }}'{% endfor %}{% endif %}
    group by all
),
totals as (
    select {{ others | join(', ') }}, obs_value as total_value from cells where {{ dim }} = '{{ total }}'
)
select *
from totals
full outer join sum_of_parts using ({{ others | join(', ') }})
where coalesce(total_value, 0) != coalesce(parts_value, 0)
{% endtest %}
