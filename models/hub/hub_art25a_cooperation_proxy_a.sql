-- The cooperation PROXY at the hub, from the received aggregates (macros/art25a_proxy.sql).
{{ config(alias='art25a_cooperation_proxy_a') }}
{{ cooperation_proxy(ref('hub_art25a_indicators_a'), ref('hub_art25a_timeliness_a'), ref('hub_art25a_not_collected'),
                     'EU27_2020_EFTA') }}
