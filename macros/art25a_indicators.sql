{#
  The ART25A_A indicators, in file order, as (INDIC, unit, column of art25a_indicators_a, source
  tables): the one list the warehouse's art25a_a and the hub's Art. 25a models read. Codes,
  names and units are also in seeds/ref_indicators.csv (the SDMX code list); the data test
  indicators_in_code_list checks that the two agree.
#}
{% macro art25a_indicator_list() %}
{%- set rd, ret, app, ops = 'return_decisions', 'returns', 'readmission_applications', 'return_operations' %}
{%- set indicators = [
    ('RD', 'PER', 'rd', [rd]), ('RET_FORCED', 'PER', 'ret_forced', [ret]), ('RET_ALL', 'PER', 'ret_all', [ret]),
    ('RATE_FORCED', 'RATIO', 'rate_forced', [ret, rd]), ('RATE_ALL', 'RATIO', 'rate_all', [ret, rd]),
    ('RET_FORCED_TRANSIT', 'PER', 'ret_forced_transit', [ret]),
    ('RATE_FORCED_INCL_TRANSIT', 'RATIO', 'rate_forced_incl_transit', [ret, rd]),
    ('RET_UNK_DEST', 'PER', 'ret_unk_dest', [ret]),
    ('RA_SUB', 'NR', 'ra_sub', [app]), ('RA_ACC', 'NR', 'ra_acc', [app]), ('RATE_ACC', 'RATIO', 'rate_acc', [app]),
    ('TD_REQ', 'NR', 'td_req', [app]), ('TD_ISS', 'NR', 'td_iss', [app]), ('RATE_TD', 'RATIO', 'rate_td', [app]),
    ('MED_DAYS_NAT', 'DAY', 'med_days_nat', [app]), ('MED_DAYS_TD', 'DAY', 'med_days_td', [app]),
    ('NAT_PENDING', 'NR', 'nat_pending', [app]), ('NAT_IN_TIME', 'NR', 'nat_in_time', [app]),
    ('NAT_LATE', 'NR', 'nat_late', [app])] %}
{%- for class, column in duration_classes() %}{% do indicators.append(('NAT_D' ~ class, 'NR', 'nat_' ~ column, [app])) %}{% endfor %}
{%- do indicators.extend([('TD_PENDING', 'NR', 'td_pending', [app]), ('TD_IN_TIME', 'NR', 'td_in_time', [app]),
                          ('TD_LATE', 'NR', 'td_late', [app])]) %}
{%- for class, column in duration_classes() %}{% do indicators.append(('TD_D' ~ class, 'NR', 'td_' ~ column, [app])) %}{% endfor %}
{%- do indicators.extend([
    ('EUTD_USED', 'NR', 'eutd_used', [app]), ('EUTD_ACC', 'NR', 'eutd_acc', [app]),
    ('RATE_EUTD', 'RATIO', 'rate_eutd', [app]),
    ('CHARTER_REQ', 'NR', 'charter_req', [ops]), ('CHARTER_ACC', 'NR', 'charter_acc', [ops]),
    ('RATE_CHARTER', 'RATIO', 'rate_charter', [ops]), ('ELIGIBLE', 'NR', 'eligible', []),
]) %}
{{ return(indicators) }}
{% endmacro %}

{# The indicators as rows, in their order: (indic, unit, position). #}
{% macro art25a_indicator_rows() -%}
    (values
    {%- for indic, unit, column, sources in art25a_indicator_list() %}
        ('{{ indic }}', '{{ unit }}', {{ loop.index }}){{ ',' if not loop.last }}
    {%- endfor %}
    ) as indicator_rows (indic, unit, position)
{%- endmacro %}

{# The source tables of each indicator as rows: (indic, table_name); ELIGIBLE has none. #}
{% macro art25a_indicator_source_rows() -%}
    {%- set pairs = [] %}
    {%- for indic, unit, column, sources in art25a_indicator_list() %}{% for table_name in sources %}
        {%- do pairs.append((indic, table_name)) %}
    {%- endfor %}{% endfor -%}
    (values
    {%- for indic, table_name in pairs %}
        ('{{ indic }}', '{{ table_name }}'){{ ',' if not loop.last }}
    {%- endfor %}
    ) as indicator_sources (indic, table_name)
{%- endmacro %}

{# The value of indicator `indic` (a column) in a row `wide` of art25a_indicators_a, as a double. #}
{% macro art25a_indicator_value(indic, wide) -%}
    case {{ indic }}
    {%- for name, unit, column, sources in art25a_indicator_list() %}
        when '{{ name }}' then cast({{ wide }}.{{ column }} as double)
    {%- endfor %}
    end
{%- endmacro %}
