-- Per (year, third country): Member States per proxy level and the Commission's three-level wording
-- applied to the proxy (macros/art25a_proxy.sql). A PROXY, not the assessment.
{{ cooperation_by_third_country(ref('art25a_cooperation_proxy_a'), ref('art25a_indicators_a'), 'TOTAL') }}
