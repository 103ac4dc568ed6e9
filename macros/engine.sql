{#
  The only SQL in the project that differs between engines (issue 19). Every model and every
  other macro is written in SQL that DuckDB and Spark read alike; what the two engines spell
  differently is a macro here, dispatched on the target's adapter: `default__` is DuckDB (the
  default engine), `spark__` is Spark (`returnstats build --engine spark`).
  tests/unit/test_portable_sql.py fails when a DuckDB-only construct appears anywhere else.
#}

{# Whole days from date `start` to date `stop` (stop - start, a bigint; NULL when either is NULL). #}
{% macro days_between(start, stop) -%}
    {{- return(adapter.dispatch('days_between', 'returnstats')(start, stop)) -}}
{%- endmacro %}
{% macro default__days_between(start, stop) -%}
    date_diff('day', {{ start }}, {{ stop }})
{%- endmacro %}
{% macro spark__days_between(start, stop) -%}
    cast(datediff({{ stop }}, {{ start }}) as bigint)
{%- endmacro %}

{#
  Date `d` plus `months` calendar months, as a date. Only ever applied to the first day of a
  month here, where the engines' month-end rules cannot differ.
#}
{% macro add_months(d, months) -%}
    {{- return(adapter.dispatch('add_months', 'returnstats')(d, months)) -}}
{%- endmacro %}
{% macro default__add_months(d, months) -%}
    cast({{ d }} + to_months({{ months }}) as date)
{%- endmacro %}
{% macro spark__add_months(d, months) -%}
    add_months({{ d }}, {{ months }})
{%- endmacro %}

{#
  One row per date from `start` to `stop` (both included) every `step_months` months: a
  set-returning expression for a select list (`select …, {{ date_series(…) }} as d from …`).
#}
{% macro date_series(start, stop, step_months) -%}
    {{- return(adapter.dispatch('date_series', 'returnstats')(start, stop, step_months)) -}}
{%- endmacro %}
{% macro default__date_series(start, stop, step_months) -%}
    cast(unnest(generate_series({{ start }}, {{ stop }}, interval {{ step_months }} month)) as date)
{%- endmacro %}
{% macro spark__date_series(start, stop, step_months) -%}
    {#- sequence() fails when stop < start, where DuckDB's generate_series gives no row -#}
    explode(case when {{ start }} <= {{ stop }}
                 then sequence({{ start }}, {{ stop }}, interval {{ step_months }} month) end)
{%- endmacro %}

{#
  Continuous quantile `fraction` of `x` (linear interpolation between the two nearest ranks,
  as Hyndman and Fan's type 7): DuckDB's quantile_cont and Spark's percentile are the same rule.
#}
{% macro quantile_of(x, fraction) -%}
    {{- return(adapter.dispatch('quantile_of', 'returnstats')(x, fraction)) -}}
{%- endmacro %}
{% macro default__quantile_of(x, fraction) -%}
    quantile_cont({{ x }}, {{ fraction }})
{%- endmacro %}
{% macro spark__quantile_of(x, fraction) -%}
    percentile({{ x }}, {{ fraction }})
{%- endmacro %}

{# The values of text `x` of the rows where `condition` holds, sorted and joined by `separator`. #}
{% macro sorted_string_agg(x, separator, condition='true') -%}
    {{- return(adapter.dispatch('sorted_string_agg', 'returnstats')(x, separator, condition)) -}}
{%- endmacro %}
{% macro default__sorted_string_agg(x, separator, condition) -%}
    string_agg({{ x }}, '{{ separator }}' order by {{ x }}) filter (where {{ condition }})
{%- endmacro %}
{% macro spark__sorted_string_agg(x, separator, condition) -%}
    {#- an empty list joins to '', where string_agg of no row is NULL -#}
    nullif(array_join(array_sort(collect_list({{ x }}) filter (where {{ condition }})), '{{ separator }}'), '')
{%- endmacro %}

{# ISO day of the week of date `d`: 1 = Monday … 7 = Sunday. #}
{% macro iso_day_of_week(d) -%}
    {{- return(adapter.dispatch('iso_day_of_week', 'returnstats')(d)) -}}
{%- endmacro %}
{% macro default__iso_day_of_week(d) -%}
    isodow({{ d }})
{%- endmacro %}
{% macro spark__iso_day_of_week(d) -%}
    (weekday({{ d }}) + 1)
{%- endmacro %}

{#
  on-run-start: make the landing tables readable as source('landing', …). DuckDB attaches the
  warehouse (profiles.yml): nothing to do. Spark reads the Parquet landing that
  `returnstats build --engine spark` writes or is given (returnstats/spark.py), one folder per
  table partitioned by reporting country, declared with the warehouse's own columns (var
  spark_landing: {dir, partition_column, tables: {table: "name type, …"}}) so that an empty
  table has its columns too.
#}
{% macro register_landing() -%}
    {{- return(adapter.dispatch('register_landing', 'returnstats')()) -}}
{%- endmacro %}
{% macro default__register_landing() -%}
    select 1
{%- endmacro %}
{% macro spark__register_landing() -%}
    {%- set landing = var('spark_landing', none) -%}
    {%- if landing is none or not execute -%}
        select 1
    {%- else -%}
        {%- do run_query('create database if not exists landing') -%}
        {%- for table, columns in landing['tables'].items() -%}
            {%- do run_query('drop table if exists landing.' ~ table) -%}
            {%- do run_query('create table landing.' ~ table ~ ' (' ~ columns ~ ') using parquet'
                             ~ ' partitioned by (' ~ landing['partition_column'] ~ ')'
                             ~ " location '" ~ landing['dir'] ~ '/' ~ table ~ "'") -%}
            {%- do run_query('alter table landing.' ~ table ~ ' recover partitions') -%}
        {%- endfor -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#
  on-run-end. Spark: a seed without rows (art25a_overrides until an analyst overrides a level)
  is a table folder without a file, which no reader can take the columns from; an empty insert
  writes a Parquet file that has them (returnstats/spark.py publishes from those files).
#}
{% macro after_build(results) -%}
    {{- return(adapter.dispatch('after_build', 'returnstats')(results)) -}}
{%- endmacro %}
{% macro default__after_build(results) -%}
    select 1
{%- endmacro %}
{% macro spark__after_build(results) -%}
    {%- if execute -%}
        {%- for result in results if result.node.resource_type == 'seed' and result.status == 'success' -%}
            {%- set relation = result.node.schema ~ '.' ~ result.node.alias -%}
            {%- do run_query('insert into ' ~ relation ~ ' select * from ' ~ relation ~ ' where false') -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}
