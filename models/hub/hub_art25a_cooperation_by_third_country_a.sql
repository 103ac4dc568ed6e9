-- Member States per proxy level and the Commission's wording, at the hub (macros/art25a_proxy.sql).
{{ config(alias='art25a_cooperation_by_third_country_a') }}
{{ cooperation_by_third_country(ref('hub_art25a_cooperation_proxy_a'), ref('hub_art25a_indicators_a'),
                                'EU27_2020_EFTA') }}
