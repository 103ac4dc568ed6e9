{#
  Art. 25a deadlines (statistics v2 §9). The deadline date of a request made on `start`:
  N calendar days -> start + N; N working days -> the N-th Monday-to-Friday strictly after
  start (public holidays are not known and not skipped). A reply or document is in time when
  dated on or before the deadline date.

  Working days in closed form, no calendar table: a start on a Saturday or Sunday counts from
  the Friday before (the first working day after it is the same Monday); from a weekday with
  ISO number b (1 = Monday), N working days later is N + 2 x floor((b - 1 + N) / 5) calendar
  days on (two weekend days for every weekend crossed).
#}
{% macro deadline_date(start, days, unit) -%}
    case when {{ unit }} = 'working' then
        cast({{ start }} + cast(
            {{ days }} + 2 * floor((least({{ iso_day_of_week(start) }}, 5) - 1 + {{ days }}) / 5)
            - least(greatest({{ iso_day_of_week(start) }} - 5, 0), 2)
        as integer) as date)
    else cast({{ start }} + {{ days }} as date) end
{%- endmacro %}

{#
  Duration class of a number of calendar days (statistics v2 §6): the suffix of NAT_D… / TD_D….
#}
{% macro duration_class(days) -%}
    case when {{ days }} is null then null
         when {{ days }} <= 15 then '0-15'
         when {{ days }} <= 30 then '16-30'
         when {{ days }} <= 60 then '31-60'
         when {{ days }} <= 90 then '61-90'
         when {{ days }} <= 180 then '91-180'
         else 'GT180' end
{%- endmacro %}

{# The duration classes, in order, as (suffix, column suffix). #}
{% macro duration_classes() -%}
    {{ return([('0-15', 'd0_15'), ('16-30', 'd16_30'), ('31-60', 'd31_60'), ('61-90', 'd61_90'),
               ('91-180', 'd91_180'), ('GT180', 'dgt180')]) }}
{%- endmacro %}

{#
  The deadlines in force for a third country, from a left join of the seed
  ref_readmission_deadlines as `d`: the instrument's deadline where it sets one (source
  INSTRUMENT), else the default of the vars in calendar days (source DEFAULT).
#}
{% macro deadline_columns(d) -%}
    coalesce({{ d }}.reply_deadline_days, {{ var('art25a_default_reply_deadline_days') }}) as reply_deadline_days,
    case when {{ d }}.reply_deadline_days is not null then {{ d }}.reply_deadline_unit else 'calendar' end
        as reply_deadline_unit,
    case when {{ d }}.reply_deadline_days is not null then 'INSTRUMENT' else 'DEFAULT' end as reply_deadline_source,
    coalesce({{ d }}.td_deadline_days, {{ var('art25a_default_td_deadline_days') }}) as td_deadline_days,
    case when {{ d }}.td_deadline_days is not null then {{ d }}.td_deadline_unit else 'calendar' end as td_deadline_unit,
    case when {{ d }}.td_deadline_days is not null then 'INSTRUMENT' else 'DEFAULT' end as td_deadline_source
{%- endmacro %}
