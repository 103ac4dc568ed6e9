{#
  Seeds on Spark (issue 19). dbt-spark's loader binds every cell as f"'{value}'" and formats the
  statement with Python's %: an empty cell lands as the text 'None', an apostrophe (Côte d'Ivoire)
  breaks the statement and a backslash is taken as an escape (dbt-labs/dbt-adapters#487).
  This one writes the literals itself, without bindings: an empty cell is NULL, and backslashes
  and apostrophes are escaped as Spark's string literals need (spark.sql.parser.escapedStringLiterals
  off, the default). Spark-only: DuckDB (default__load_csv_rows) is untouched.
#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {% set column_override = model['config'].get('column_types', {}) %}
  {% set types = [] %}
  {% for col_name in agate_table.column_names %}
    {% do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) %}
  {% endfor %}
  {% set statements = [] %}
  {% for chunk in agate_table.rows | batch(get_batch_size()) %}
    {% set sql %}
      insert into {{ this.render() }} values
      {% for row in chunk -%}
        ({%- for value in row -%}
          {%- if value is none -%} cast(null as {{ types[loop.index0] }})
          {%- else -%} cast('{{ (value | string).replace("\\", "\\\\").replace("'", "\\'") }}' as {{ types[loop.index0] }})
          {%- endif -%}{%- if not loop.last -%}, {% endif -%}
        {%- endfor -%}){%- if not loop.last -%},{%- endif %}
      {% endfor %}
    {% endset %}
    {% do adapter.add_query(sql, abridge_sql_log=True) %}
    {% if loop.first %}{% do statements.append(sql) %}{% endif %}
  {% endfor %}
  {# The first statement, rendered into the compiled files as dbt's own loader does (none: no rows) #}
  {{ return(statements[0] if statements else '') }}
{% endmacro %}
