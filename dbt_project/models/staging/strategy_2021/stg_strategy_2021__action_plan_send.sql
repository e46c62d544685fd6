select
    'strategy_2021__action_plan_send' as source_table,
    report_id,
    section,
    table_title,
    cast(source_line as integer) as source_line,
    trim(how_we_will_make_this_happen) as action,
    trim(by_when) as by_when,
    cast(nullif(regexp_extract(by_when, '(20[0-9]{2})', 1), '') as integer) as by_when_year,
    trim(lead_organisation) as lead
from {{ ref('strategy_2021__action_plan_send') }}
