{#
  EIL_RTN / EIL_RTT, per period ('quarter' or 'year'): persons with at least one return
  following an order to leave (int_returns_following_orders) dated in the period.
  The counted return is the one with the latest departure_date in the period; ties go to the
  greatest return_id in plain text (binary) order. Reference date: its departure_date.
  C_DEST of the counted return, decided in this order: UNK when the destination is UNK;
  EU27_2020_EFTA_FOR when it is an EU/EFTA country; THRD_CTZ when it equals the person's
  citizenship; otherwise THRD_OTH.
  RETURN_TYPE: the code of seeds/ref_return_types for the return's (return_type, assisted):
  ASSI_FORC (FORCED, assisted), ASSI_VOLU (VOLUNTARY, assisted), NASSI_VOLU (VOLUNTARY, not assisted).
  unaccompanied_minor is that of the counted return (EIL_UAM_Q RTN).
#}
{% macro persons_returned_in_period(period) %}
    with
    returns as (select * from {{ ref('int_returns_following_orders') }}),
    eu_efta as (select geo from {{ ref('ref_reporting_countries') }}),
    in_period as (
        select
            r.*,
            p.time_period,
            row_number() over (
                partition by r.reporting_country, r.person_key, p.time_period
                order by r.departure_date desc, r.return_id desc
            ) as rank_in_period
        from returns as r
        inner join {{ reporting_periods(period) }} as p
            on r.reporting_country = p.reporting_country
            and r.departure_date between p.period_start and p.period_end
    ),
    counted as (
        select
            reporting_country, person_key, time_period, return_id, decision_id, destination, return_type, assisted,
            unaccompanied_minor, departure_date as reference_date
        from in_period
        where rank_in_period = 1
    ),
    with_person as ({{ with_demographics('counted') }})
    select
        w.*,
        case
            when w.destination = 'UNK' then 'UNK'
            when w.destination in (select geo from eu_efta) then 'EU27_2020_EFTA_FOR'
            when w.destination = w.citizen then 'THRD_CTZ'
            else 'THRD_OTH'
        end as c_dest,
        rt.return_type_code
    from with_person as w
    -- RETURN_TYPE is the code seeds/ref_return_types gives the (return_type, assisted) pair; the
    -- contract refuses a FORCED return that is not assisted, so every pair has its code
    left join {{ ref('ref_return_types') }} as rt on w.return_type = rt.return_type and w.assisted = rt.assisted
{% endmacro %}
