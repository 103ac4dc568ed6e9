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
    {{ add_months(quarter_start('period_to'), 3) }} - 1 as period_end,
    delivery_id
from {{ source('landing', 'coverage') }}
