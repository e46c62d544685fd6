-- Rows whose outcome cell is blank continue the row above across a page break (as printed).
select
    'osc_2023_11_send_jcp__jcp_action_plan' as source_table,
    report_id,
    section,
    table_title,
    cast(source_line as integer) as source_line,
    trim(outcomes_we_are_aiming_for) as outcome,
    trim(actions_we_are_taking) as actions,
    trim(why_we_are_doing_it) as rationale,
    trim(impact_we_will_have) as impact,
    trim(responsible_lead) as lead,
    trim(date_to_be_achieved_by) as by_when,
    cast(nullif(regexp_extract(date_to_be_achieved_by, '(20[0-9]{2})', 1), '') as integer) as by_when_year,
    (outcomes_we_are_aiming_for is null or trim(outcomes_we_are_aiming_for) = '') as is_continuation
from {{ ref('osc_2023_11_send_jcp__jcp_action_plan') }}
