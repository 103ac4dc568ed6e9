{#
  Cooperation PROXY per (year, reporting country, third country) — a documented heuristic
  of returnstats, NOT the Commission's assessment (which has no published formula).
  Statistics v2 §6:
    * a pair below both proxy_min_return_decisions persons ordered to leave and
      proxy_min_applications applications is INSUFFICIENT_DATA; a pair with enough persons
      but fewer applications is rated on the return rate alone, finding FEW_APPLICATIONS
      (Member States often do not apply where they expect no cooperation, COM(2021) 56);
    * the return rate is rated against the EU+ return rate of the year over all third
      countries (RET_ALL / RD summed over the Member States that collected both), thresholds
      being multipliers of it;
    * timeliness is the share in time, IN_TIME / (IN_TIME + LATE), over the deadlines that
      come from an instrument only (a DEFAULT deadline is no yardstick);
    * an indicator whose source table the country did not collect that year (status L) is
      left out (proxy inputs use only values with status A or P).
  Each available criterion is rated good (2), average (1) or poor (0) against var
  proxy_thresholds; the level is GOOD / AVERAGE / POOR by the mean of the points (var
  proxy_levels). A row of the seed art25a_overrides replaces the computed level.
  Called by the warehouse's art25a_cooperation_proxy_a (GEO TOTAL) and the hub's (GEO EU27_2020_EFTA).
#}
{% macro cooperation_proxy(indicators, timeliness, not_collected, total_geo) %}
{%- set t = var('proxy_thresholds') %}
{%- set criteria = [
    ('return_rate', 'return rate', ['returns', 'return_decisions']),
    ('acceptance_rate', 'acceptance rate', ['readmission_applications']),
    ('travel_document_rate', 'travel-document rate', ['readmission_applications']),
    ('timeliness', 'replies and documents in time (instrument deadlines)', ['readmission_applications']),
    ('eutd_acceptance', 'EU travel document accepted', ['readmission_applications']),
    ('charter_acceptance', 'charters accepted', ['return_operations']),
] %}
with
indicators as (select * from {{ indicators }} where geo != '{{ total_geo }}'),
timeliness as (select * from {{ timeliness }} where geo != '{{ total_geo }}'),
not_collected as (select * from {{ not_collected }}),
overrides as (select * from {{ ref('art25a_overrides') }}),
eu_rate as (
    -- over the Member States that collected both returns and return decisions that year: a
    -- country that did not collect returns is not a country that returned nobody
    select year, {{ ratio('sum(ret_all)', 'sum(rd)') }} as eu_return_rate
    from indicators as i
    where not exists (select 1 from not_collected as n where n.geo = i.geo and n.year = i.year
                      and n.table_name in ('returns', 'return_decisions'))
    group by year
),
inputs as (
    select
        i.year, i.geo, i.third_country, i.rd, i.ra_sub,
        e.eu_return_rate,
        {{ scaled_ratio(t.return_rate.good, 'e.eu_return_rate') }} as return_rate_good_from,
        {{ scaled_ratio(t.return_rate.poor, 'e.eu_return_rate') }} as return_rate_poor_below,
        i.rate_all as return_rate,
        i.rate_acc as acceptance_rate,
        i.rate_td as travel_document_rate,
        -- in time / (in time + late) over the instrument deadlines only
        {{ ratio(
            "case when tl.reply_deadline_source = 'INSTRUMENT' then tl.nat_in_time else 0 end
             + case when tl.td_deadline_source = 'INSTRUMENT' then tl.td_in_time else 0 end",
            "case when tl.reply_deadline_source = 'INSTRUMENT' then tl.nat_in_time + tl.nat_late else 0 end
             + case when tl.td_deadline_source = 'INSTRUMENT' then tl.td_in_time + tl.td_late else 0 end") }} as timeliness,
        case when i.eutd_used >= {{ t.eutd_acceptance.min_cases }} then i.rate_eutd end as eutd_acceptance,
        case when i.charter_req >= {{ t.charter_acceptance.min_cases }} then i.rate_charter end as charter_acceptance,
        i.rd >= {{ var('proxy_min_return_decisions') }} as has_enough_decisions,
        -- applications not collected are unknown, not few (no FEW_APPLICATIONS finding)
        not exists (select 1 from not_collected as n where n.geo = i.geo and n.year = i.year
                    and n.table_name = 'readmission_applications') as are_applications_collected,
        i.ra_sub >= {{ var('proxy_min_applications') }} as has_enough_applications
    from indicators as i
    left join timeliness as tl using (year, geo, third_country)
    left join eu_rate as e using (year)
),
usable as (
    -- a criterion is null when a source table was not collected, or when the pair is rated on
    -- the return rate alone
    select
        year, geo, third_country, rd, ra_sub, eu_return_rate, return_rate_good_from, return_rate_poor_below,
        has_enough_decisions, has_enough_applications, are_applications_collected,
        {%- for name, _, sources in criteria %}
        case when exists (select 1 from not_collected as n where n.geo = inputs.geo and n.year = inputs.year
                          and n.table_name in ({{ "'" ~ sources | join("', '") ~ "'" }}))
             {%- if name != 'return_rate' %} or not has_enough_applications or not are_applications_collected{% endif %}
             then null else {{ name }} end as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from inputs
),
rated as (
    select
        *,
        case when return_rate is null or eu_return_rate is null then null
             when return_rate >= return_rate_good_from then 2
             when return_rate < return_rate_poor_below then 0
             else 1 end as return_rate_points,
        {%- for name, _, _ in criteria if name != 'return_rate' %}
        case when {{ name }} is null then null
             when {{ name }} >= {{ t[name].good }} then 2
             when {{ name }} < {{ t[name].poor }} then 0
             else 1 end as {{ name }}_points,
        {%- endfor %}
        not has_enough_decisions and not (has_enough_applications and are_applications_collected)
            as is_insufficient,
        has_enough_decisions and are_applications_collected and not has_enough_applications as has_few_applications
    from usable
),
scored as (
    select
        *,
        -- the mean of the criteria rated (a criterion not rated is null and left out)
        ({% for name, _, _ in criteria %}coalesce({{ name }}_points, 0){{ ' + ' if not loop.last }}{% endfor %})
        / nullif({% for name, _, _ in criteria %}case when {{ name }}_points is null then 0 else 1 end{{ ' + ' if not loop.last }}{% endfor %}, 0)
            as mean_points,
        concat_ws('; ',
            {%- for name, label, _ in criteria %}
            case when {{ name }}_points is not null then '{{ label }} ' || {{ percent_text(name) }} || ' ('
                || case {{ name }}_points when 0 then 'poor' when 1 then 'average' else 'good' end || ')' end
                {{- ',' if not loop.last }}
            {%- endfor %}
        ) as reasons
    from rated
),
computed as (
    select
        *,
        case
            when is_insufficient or mean_points is null then 'INSUFFICIENT_DATA'
            when mean_points >= {{ var('proxy_levels').good }} then 'GOOD'
            when mean_points >= {{ var('proxy_levels').average }} then 'AVERAGE'
            else 'POOR'
        end as computed_level
    from scored
),
final as (
    select
        c.year, c.geo, c.third_country, c.rd, c.ra_sub,
        c.eu_return_rate, c.return_rate_good_from, c.return_rate_poor_below,
        {%- for name, _, _ in criteria %}
        c.{{ name }}, c.{{ name }}_points,
        {%- endfor %}
        c.mean_points,
        c.computed_level,
        coalesce(o.level, c.computed_level) as level,
        case when c.has_few_applications then 'FEW_APPLICATIONS' end as finding,
        o.level is not null as is_override,
        o.analyst as override_analyst,
        o.reason as override_reason,
        case when c.is_insufficient
             then 'fewer than {{ var("proxy_min_return_decisions") }} persons ordered to leave and fewer than {{ var("proxy_min_applications") }} applications'
             when c.has_few_applications
             then 'fewer than {{ var("proxy_min_applications") }} applications: rated on the return rate alone; ' || c.reasons
             else c.reasons end as reasons,
        'proxy computed by returnstats; not the Commission''s assessment' as basis
    from computed as c
    left join overrides as o
        on o.year = c.year and o.geo = c.geo and o.third_country = c.third_country
)
select * from final
{% endmacro %}

{#
  Per (year, third country): how many Member States rate each proxy level, and the
  Commission's three-level wording (COM(2021) 56 §4.3) applied to the proxy:
    more than half of the rated Member States GOOD -> "works well with most Member States"
    more than half POOR -> "needs to be improved with most Member States concerned"
    otherwise -> "average, improvements needed with a number of Member States"
  Rated = level GOOD, AVERAGE or POOR (overrides included). A PROXY, not the assessment.
#}
{% macro cooperation_by_third_country(proxy, indicators, total_geo) %}
with
pairs as (select * from {{ proxy }}),
eligibility as (
    select year, third_country, eligible, rd as rd_total
    from {{ indicators }} where geo = '{{ total_geo }}'
),
counted as (
    select
        year, third_country,
        count(*) filter (where level = 'GOOD') as n_good,
        count(*) filter (where level = 'AVERAGE') as n_average,
        count(*) filter (where level = 'POOR') as n_poor,
        count(*) filter (where level = 'INSUFFICIENT_DATA') as n_insufficient,
        count(*) filter (where is_override) as n_overrides
    from pairs
    group by all
),
final as (
    select
        c.*,
        c.n_good + c.n_average + c.n_poor as n_rated,
        case
            when c.n_good + c.n_average + c.n_poor = 0 then 'insufficient data'
            when 2 * c.n_good > c.n_good + c.n_average + c.n_poor then 'works well with most Member States'
            when 2 * c.n_poor > c.n_good + c.n_average + c.n_poor
                then 'needs to be improved with most Member States concerned'
            else 'average, improvements needed with a number of Member States'
        end as proxy_wording,
        coalesce(e.eligible, 0) as eligible,
        e.rd_total,
        'proxy computed by returnstats; not the Commission''s assessment' as basis
    from counted as c
    left join eligibility as e using (year, third_country)
)
select * from final
{% endmacro %}
