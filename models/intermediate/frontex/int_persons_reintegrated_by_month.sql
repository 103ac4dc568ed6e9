-- REINT, Art. 48(3)(d): distinct persons with reintegration assistance whose start_date is in
-- the month, by that assistance's third_country (a person helped for two countries in a
-- month is in both cells and once in the TOTAL, see the mart).
-- Grain: one row per (reporting_country, person_key, time_period, third_country).
with
assistance as (select * from {{ ref('stg_landing__reintegration') }}),
final as (
    select distinct a.reporting_country, a.person_key, a.third_country, m.time_period, m.quarter
    from assistance as a
    inner join {{ ref('int_reporting_months') }} as m
        on
            a.reporting_country = m.reporting_country and a.start_date between m.month_start and m.month_end
            and {{ period_to_build('m') }}
)
select * from final
