-- Timeliness at the hub, in the shape of the warehouse's art25a_timeliness_a: NAT and TD in
-- time, late and pending from the received cells (summed for EU27_2020_EFTA in hub_art25a_a),
-- the share in time, and each deadline with its source (seed ref_readmission_deadlines).
{{ config(alias='art25a_timeliness_a') }}
with
cells as (
    pivot (
        select year, geo, third_country, lower(indic) as indic, obs_value from {{ ref('hub_art25a_a') }}
        where indic in ('NAT_IN_TIME', 'NAT_LATE', 'NAT_PENDING', 'TD_IN_TIME', 'TD_LATE', 'TD_PENDING')
    )
    on indic in ('nat_in_time', 'nat_late', 'nat_pending', 'td_in_time', 'td_late', 'td_pending')
    using first(obs_value)
    group by year, geo, third_country
)
select
    c.year, c.geo, c.third_country,
    c.nat_in_time, c.nat_late, c.nat_pending,
    round(c.nat_in_time / nullif(c.nat_in_time + c.nat_late, 0), 4) as share_nat_in_time,
    c.td_in_time, c.td_late, c.td_pending,
    round(c.td_in_time / nullif(c.td_in_time + c.td_late, 0), 4) as share_td_in_time,
    {{ deadline_columns('d') }},
    d.instrument,
    d.source as deadline_citation
from cells as c
left join {{ ref('ref_readmission_deadlines') }} as d on c.third_country = d.country_code
