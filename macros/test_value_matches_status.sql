{#
  Statistics v2 §1: a cube cell has an empty value exactly when its status is L (not
  collected), and then it is the all-totals cell. Rows returned break the rule.
#}
{% test value_matches_status(model, total_cell) %}
select * from {{ model }}
where (obs_value is null) != (obs_status = 'L')
   or (obs_status = 'L' and not ({{ total_cell }}))
   or obs_status not in ('A', 'L')
{% endtest %}
