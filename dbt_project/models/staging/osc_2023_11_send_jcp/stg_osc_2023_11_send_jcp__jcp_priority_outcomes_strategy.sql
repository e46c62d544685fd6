select
    'osc_2023_11_send_jcp__jcp_priority_outcomes_strategy' as source_table,
    report_id,
    section,
    table_title,
    cast(source_line as integer) as source_line,
    trim(outcomes_actions) as outcome_action,
    coalesce(trim(priority_1) = 'X', false) as supports_priority_1,
    coalesce(trim(priority_2) = 'X', false) as supports_priority_2,
    coalesce(trim(priority_3) = 'X', false) as supports_priority_3,
    coalesce(trim(priority_4) = 'X', false) as supports_priority_4
from {{ ref('osc_2023_11_send_jcp__jcp_priority_outcomes_strategy') }}
