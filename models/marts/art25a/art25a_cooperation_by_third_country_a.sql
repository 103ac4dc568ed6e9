-- Per (year, third country): how many Member States rate each proxy level, and the
-- Commission's three-level wording (COM(2021) 56 §4.3) applied to the proxy:
--   more than half of the rated Member States GOOD -> "works well with most Member States"
--   more than half POOR -> "needs to be improved with most Member States concerned"
--   otherwise -> "average, improvements needed with a number of Member States"
-- Rated = level GOOD, AVERAGE or POOR (overrides included). A PROXY, not the assessment.
with
pairs as (select * from {{ ref('art25a_cooperation_proxy_a') }}),
eligibility as (
    select year, third_country, eligible, rd as rd_total
    from {{ ref('art25a_indicators_a') }} where geo = 'TOTAL'
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
