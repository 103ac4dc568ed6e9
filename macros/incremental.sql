{#
  Incremental build (issue 18). The person-level models by period (models/intermediate/eil,
  art48, frontex) keep their rows between builds. Before a build, `returnstats build` writes
  main.build_scope in the build database: per reporting country, the earliest date any delivery
  since the last build changed (audit.delivery_touched). Each model's pre-hook deletes its rows
  of every period ending on or after that date; the model then computes every calendar period
  it holds no rows for — those just deleted, and periods new to the calendar — and appends them.
  A full build (`returnstats build --full-refresh`, or whenever the settings, the code or the
  build state changed) computes everything.
#}

{# Predicate on a calendar or model row `alias` (reporting_country, time_period): compute this period now. #}
{% macro period_to_build(alias) -%}
    {#- a dbt unit test has no `this`: it always runs the model whole -#}
    {%- if this is not none and is_incremental() -%}
    not exists (select 1 from {{ this }} as built
                where built.reporting_country = {{ alias }}.reporting_country and built.time_period = {{ alias }}.time_period)
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{# Pre-hook: drop the rows of the periods the deliveries since the last build may have changed. #}
{% macro delete_rebuilt_periods() -%}
    {%- if this is not none and is_incremental() -%}
    {%- set scope = api.Relation.create(database=target.database, schema='main', identifier='build_scope') -%}
    delete from {{ this }} as built using {{ scope }} as scope
    where scope.reporting_country = built.reporting_country and {{ period_end('built.time_period') }} >= scope.dirty_from
    {%- endif -%}
{%- endmacro %}
