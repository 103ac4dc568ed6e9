{#
  Generic test: every (INDIC, unit, file position) a long-form model writes is listed for its
  dataflow in seeds/ref_indicators.csv — the code list of the SDMX structure and of the labels —
  so the model's list and the code list cannot drift apart.
#}
{% test indicators_in_code_list(model, dataflow) %}
select distinct m.indic, m.unit, m.indic_order
from {{ model }} as m
left join {{ ref('ref_indicators') }} as r
    on r.dataflow = '{{ dataflow }}' and r.indic = m.indic and r.unit = m.unit and r.position = m.indic_order
where r.indic is null
{% endtest %}
