-- Grain: one row per action of a published action plan (Education Excellence Strategy 2021 and SEND
-- Joint Commissioning Plan 2023-26): what will be done, by when, led by whom.
{%- set strategy_tables = ['ready_for_school', 'raise_achievement', 'send'] %}
{%- for t in strategy_tables %}
select
    report_id,
    source_table,
    source_line,
    table_title as plan_section,
    cast(null as {{ dbt.type_string() }}) as outcome,
    action,
    lead,
    by_when,
    by_when_year,
    false as is_continuation
from {{ ref('stg_strategy_2021__action_plan_' ~ t) }}
union all
{%- endfor %}
select
    report_id,
    source_table,
    source_line,
    table_title as plan_section,
    outcome,
    actions as action,
    lead,
    by_when,
    by_when_year,
    is_continuation
from {{ ref('stg_osc_2023_11_send_jcp__jcp_action_plan') }}
