-- Cooperation PROXY per (year, reporting country, third country): macros/art25a_proxy.sql, where
-- every rule is documented. NOT the Commission's assessment.
{{ cooperation_proxy(
    ref('art25a_indicators_a'), ref('art25a_timeliness_a'), ref('int_art25a_not_collected'), 'TOTAL'
) }}
