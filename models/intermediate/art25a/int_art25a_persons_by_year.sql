-- Art. 25a(2)(a)-(b), per person and year, with the person's citizenship as third country
-- (STLS, RNC and UNK are left out):
--   is_ordered    at least one order to leave (RETURN decision) dated in the year (as EIL_ORD_A)
--   is_returned   at least one return following an order (return_kind RETURN) in the year to a
--                 third country: not EU/EFTA (territories already folded into their Member
--                 State) and not UNK (statistics v2 §6: an unknown destination is not "outside")
--   is_forced     at least one such return of type FORCED
--   is_returned_unknown_destination   at least one such return in the year with destination UNK (RET_UNK_DEST)
-- Grain: one row per (reporting_country, person_key, year) with any of the four.
with
persons as (select * from {{ ref('stg_landing__persons') }}),
eu_efta as (select geo from {{ ref('ref_reporting_countries') }}),
-- Built by reference year (macros/incremental.sql): an incremental build computes only the
-- years its deliveries changed, and the years new to the warehouse.
orders_dated as (
    select reporting_country, person_key, {{ year_of('decision_date') }} as year
    from {{ ref('int_orders_to_leave') }}
),
ordered as (
    select o.reporting_country, o.person_key, o.year
    from orders_dated as o
    where {{ year_to_build('o') }}
    group by o.reporting_country, o.person_key, o.year
),
returns_dated as (
    select
        reporting_country, person_key, {{ year_of('departure_date') }} as year, destination, return_type
    from {{ ref('int_returns_following_orders') }}
    where destination not in (select e.geo from eu_efta as e)
),
returned as (
    select
        r.reporting_country, r.person_key, r.year,
        bool_or(r.destination != 'UNK') as is_returned,
        bool_or(r.destination != 'UNK' and r.return_type = 'FORCED') as is_forced,
        bool_or(r.destination = 'UNK') as is_returned_unknown_destination
    from returns_dated as r
    where {{ year_to_build('r') }}
    group by r.reporting_country, r.person_key, r.year
),
final as (
    select
        coalesce(o.reporting_country, r.reporting_country) as reporting_country,
        coalesce(o.person_key, r.person_key) as person_key,
        coalesce(o.year, r.year) as year,
        p.citizenship as third_country,
        o.person_key is not null as is_ordered,
        coalesce(r.is_returned, false) as is_returned,
        coalesce(r.is_forced, false) as is_forced,
        coalesce(r.is_returned_unknown_destination, false) as is_returned_unknown_destination
    from ordered as o
    full outer join returned as r using (reporting_country, person_key, year)
    inner join persons as p
        on
            p.reporting_country = coalesce(o.reporting_country, r.reporting_country)
            and p.person_key = coalesce(o.person_key, r.person_key)
    where p.citizenship not in ('STLS', 'RNC', 'UNK')
)
select * from final
