-- Cooperation PROXY per (year, reporting country, third country) — a documented heuristic
-- of returnstats, NOT the Commission's assessment (which has no published formula).
-- Each available criterion is rated good (2), average (1) or poor (0) against the
-- thresholds in the var proxy_thresholds; the level is GOOD / AVERAGE / POOR by the mean of
-- the points (var proxy_levels), INSUFFICIENT_DATA when the pair has fewer than
-- proxy_min_return_decisions return decisions or proxy_min_applications applications.
-- A row of the seed art25a_overrides replaces the computed level and is marked as such.
{%- set t = var('proxy_thresholds') %}
{%- set criteria = [
    ('return_rate', 'i.rate_all', 'return rate'),
    ('acceptance_rate', 'i.rate_acc', 'acceptance rate'),
    ('travel_document_rate', 'i.rate_td', 'travel-document rate'),
    ('timeliness', 't.share_replies_in_time', 'replies in time'),
    ('eutd_acceptance', 'case when i.eutd_used >= ' ~ t.eutd_acceptance.min_cases ~ ' then i.rate_eutd end', 'EU travel document accepted'),
    ('charter_acceptance', 'case when i.charter_req >= ' ~ t.charter_acceptance.min_cases ~ ' then i.rate_charter end', 'charters accepted'),
] %}
with
indicators as (select * from {{ ref('art25a_indicators_a') }} where geo != 'TOTAL'),
timeliness as (select * from {{ ref('art25a_timeliness_a') }} where geo != 'TOTAL'),
overrides as (select * from {{ ref('art25a_overrides') }}),
rated as (
    select
        i.year, i.geo, i.third_country, i.rd, i.ra_sub,
        {%- for name, value, label in criteria %}
        {{ value }} as {{ name }},
        case when {{ value }} is null then null
             when {{ value }} >= {{ t[name].good }} then 2
             when {{ value }} < {{ t[name].poor }} then 0
             else 1 end as {{ name }}_points,
        {%- endfor %}
        i.rd >= {{ var('proxy_min_return_decisions') }} and i.ra_sub >= {{ var('proxy_min_applications') }}
            as has_enough_cases
    from indicators as i
    left join timeliness as t using (year, geo, third_country)
),
scored as (
    select
        *,
        list_avg(list_filter([{% for name, _, _ in criteria %}{{ name }}_points{{ ', ' if not loop.last }}{% endfor %}],
                             lambda p: p is not null)) as mean_points,
        concat_ws('; ',
            {%- for name, _, label in criteria %}
            case when {{ name }} is not null then '{{ label }} ' || printf('%.2f', {{ name }}) || ' ('
                || ['poor', 'average', 'good'][{{ name }}_points + 1] || ')' end{{ ',' if not loop.last }}
            {%- endfor %}
        ) as reasons
    from rated
),
computed as (
    select
        *,
        case
            when not has_enough_cases then 'INSUFFICIENT_DATA'
            when mean_points >= {{ var('proxy_levels').good }} then 'GOOD'
            when mean_points >= {{ var('proxy_levels').average }} then 'AVERAGE'
            else 'POOR'
        end as computed_level
    from scored
),
final as (
    select
        c.year, c.geo, c.third_country, c.rd, c.ra_sub,
        {%- for name, _, _ in criteria %}
        c.{{ name }}, c.{{ name }}_points,
        {%- endfor %}
        c.mean_points,
        c.computed_level,
        coalesce(o.level, c.computed_level) as level,
        o.level is not null as is_override,
        o.analyst as override_analyst,
        o.reason as override_reason,
        case when not c.has_enough_cases
             then 'fewer than {{ var("proxy_min_return_decisions") }} return decisions or {{ var("proxy_min_applications") }} applications'
             else c.reasons end as reasons,
        'proxy computed by returnstats; not the Commission''s assessment' as basis
    from computed as c
    left join overrides as o
        on o.year = c.year and o.geo = c.geo and o.third_country = c.third_country
)
select * from final
