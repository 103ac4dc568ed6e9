-- EIL_RTN_Q / EIL_RTT_Q: persons with at least one return dated in the quarter.
-- The counted return is the one with the latest departure_date in the quarter; ties go to
-- the greatest return_id in plain text (binary) order. Reference date: its departure_date.
-- C_DEST of the counted return, decided in this order: UNK when the destination is UNK;
-- EU27_2020_EFTA_FOR when it is an EU/EFTA country; THRD_CTZ when it equals the person's
-- citizenship; otherwise THRD_OTH.
-- RETURN_TYPE: ASSI_FORC (FORCED), ASSI_VOLU (VOLUNTARY, assisted), NASSI_VOLU (VOLUNTARY, not assisted).
-- Grain: one row per (reporting_country, person_id, time_period).
with
returns as (select * from {{ ref('stg_landing__returns') }}),
quarters as (select * from {{ ref('int_reporting_quarters') }}),
eu_efta as (select geo from {{ ref('ref_reporting_countries') }}),
in_quarter as (
    select
        r.*,
        q.time_period,
        row_number() over (
            partition by r.reporting_country, r.person_id, q.time_period
            order by r.departure_date desc, r.return_id collate "binary" desc
        ) as rank_in_quarter
    from returns as r
    inner join quarters as q
        on r.reporting_country = q.reporting_country
        and r.departure_date between q.quarter_start and q.quarter_end
),
counted as (
    select
        reporting_country, person_id, time_period, return_id, decision_id, destination, return_type, assisted,
        departure_date as reference_date
    from in_quarter
    where rank_in_quarter = 1
),
with_person as ({{ with_demographics('counted') }}),
final as (
    select
        *,
        case
            when destination = 'UNK' then 'UNK'
            when destination in (select geo from eu_efta) then 'EU27_2020_EFTA_FOR'
            when destination = citizen then 'THRD_CTZ'
            else 'THRD_OTH'
        end as c_dest,
        case
            when return_type = 'FORCED' then 'ASSI_FORC'
            when assisted = 'Y' then 'ASSI_VOLU'
            else 'NASSI_VOLU'
        end as return_type_code
    from with_person
)
select * from final
