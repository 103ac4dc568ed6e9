-- Reference years of each reporting country: the years of its reporting calendar.
select distinct reporting_country, cast(substr(time_period, 1, 4) as integer) as year
from {{ ref('int_reporting_quarters') }}
