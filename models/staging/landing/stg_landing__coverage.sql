-- What each reporting country's case system records, per table and period (coverage.csv,
-- contract v2), with each period as dates: period_start = first day of period_from,
-- period_end = last day of period_to (NULL = open-ended). No row for a (country, table,
-- quarter) means collected = Y.
-- Staging: the only place that reads the landing source.
select
    reporting_country,
    table_name,
    collected = 'Y' as is_collected,
    period_from,
    period_to,
    {{ quarter_start('period_from') }} as period_start,
    cast({{ quarter_start('period_to') }} + interval 3 month - interval 1 day as date) as period_end,
    delivery_id
from {{ source('landing', 'coverage') }}
