-- The Member States' answers to the optional Art. 25a questionnaire (1 poor - 3 good), with
-- the question's text: shown in the hub's assessment pack beside the indicators, never mixed
-- into the proxy.
{{ config(alias='art25a_questionnaire') }}
select q.year, q.reporting_country as geo, q.third_country, q.question, r.criterion, r.text, q.answer, q.comment
from {{ source('received', 'questionnaire') }} as q
left join {{ ref('ref_art25a_questions') }} as r using (question)
