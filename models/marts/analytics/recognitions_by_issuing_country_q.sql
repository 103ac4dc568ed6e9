-- Analytic (not transmitted). Recognitions (Art. 9) dated in the quarter by issuing Member
-- State and outcome: persons (each counted once per issuing country and outcome).
with
recognitions as (select * from {{ ref('stg_landing__recognitions') }}),
quarters as (
    select * from {{ ref('int_reporting_quarters') }} as q
    where {{ period_to_build('q', built_country='geo') }}
)
select
    r.reporting_country as geo,
    q.time_period,
    r.issuing_country,
    r.outcome,
    cast(count(distinct r.person_key) as bigint) as persons
from recognitions as r
inner join quarters as q
    on r.reporting_country = q.reporting_country and r.recognition_date between q.quarter_start and q.quarter_end
group by all
