-- Source tables a Member State did not collect in a year, read from the statuses it sent:
-- RD L -> return_decisions, RET_ALL L -> returns, RA_SUB L -> readmission_applications,
-- CHARTER_REQ L -> return_operations (the sources of statistics v2 §8). Same shape as the
-- warehouse's int_art25a_not_collected, for the proxy.
select distinct
    geo, year,
    case indic
        when 'RD' then 'return_decisions' when 'RET_ALL' then 'returns'
        when 'RA_SUB' then 'readmission_applications' when 'CHARTER_REQ' then 'return_operations' end
        as table_name
from {{ ref('hub_art25a_a') }}
where obs_status = 'L' and geo != 'EU27_2020_EFTA' and indic in ('RD', 'RET_ALL', 'RA_SUB', 'CHARTER_REQ')
