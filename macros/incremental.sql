{#
  Incremental build (issue 18). The person-level models by period (models/intermediate/eil,
  art48, frontex) and the marts by period (models/marts/transmission, analytics) keep their
  rows between builds. Before a build, `returnstats build` writes
  main.build_scope in the build database: per reporting country, the earliest date any delivery
  since the last build changed (audit.delivery_touched). Each model's pre-hook deletes its rows
  of every period ending on or after that date; the model then computes every calendar period
  it holds no rows for — those just deleted, and periods new to the calendar — and appends them.
  A full build (`returnstats build --full-refresh`, or whenever the settings, the code or the
  build state changed) computes everything.
#}

{# True when this run of the model adds to the rows it keeps (not a full build, not a unit test). #}
{% macro builds_incrementally() -%}
    {#- a dbt unit test has no `this`: it always runs the model whole -#}
    {{- return(this is not none and is_incremental()) -}}
{%- endmacro %}

{#
  Predicate on a row `alias` with a reporting country and a time_period: compute this period
  now. alias_country / built_country name the country column of the row and of the model's own
  rows (reporting_country in intermediate models, geo in the marts).
#}
{% macro period_to_build(alias, alias_country='reporting_country', built_country='reporting_country') -%}
    {%- if builds_incrementally() -%}
    not exists (select 1 from (select distinct {{ built_country }}, time_period from {{ this }}) as built
                where built.{{ built_country }} = {{ alias }}.{{ alias_country }} and built.time_period = {{ alias }}.time_period)
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{# Pre-hook: drop the rows of the periods the deliveries since the last build may have changed. #}
{% macro delete_rebuilt_periods(built_country='reporting_country') -%}
    {%- if builds_incrementally() -%}
    {%- set scope = api.Relation.create(database=target.database, schema='main', identifier='build_scope') -%}
    delete from {{ this }} as built using {{ scope }} as scope
    where scope.reporting_country = built.{{ built_country }} and {{ period_end('built.time_period') }} >= scope.dirty_from
    {%- endif -%}
{%- endmacro %}

{#
  The same by reference year, for the Art. 25a models whose rows carry a `year`
  (int_art25a_persons_by_year, int_art25a_applications): compute the (reporting country, year)
  pairs this model holds no rows for.
#}
{% macro year_to_build(alias) -%}
    {%- if builds_incrementally() -%}
    not exists (select 1 from (select distinct reporting_country, year from {{ this }}) as built
                where built.reporting_country = {{ alias }}.reporting_country and built.year = {{ alias }}.year)
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{# Pre-hook: drop the rows of every year ending on or after the date the deliveries changed. #}
{% macro delete_rebuilt_years() -%}
    {%- if builds_incrementally() -%}
    {%- set scope = api.Relation.create(database=target.database, schema='main', identifier='build_scope') -%}
    delete from {{ this }} as built using {{ scope }} as scope
    where scope.reporting_country = built.reporting_country and make_date(cast(built.year as integer), 12, 31) >= scope.dirty_from
    {%- endif -%}
{%- endmacro %}
