-- Every printed cell of every figure-bearing table, in one long relation (one row per cell).
{%- set figure_tables = [
    'stg_osc_2023_11_cmu__csc_budget',
    'stg_osc_2023_11_scorecard__absence_rate',
    'stg_osc_2023_11_scorecard__persistent_absence',
    'stg_osc_2023_11_scorecard__fixed_term_exclusions',
    'stg_osc_2023_11_scorecard__ehcp_provision',
    'stg_osc_2023_11_scorecard__ehcp_requests',
    'stg_osc_2023_11_scorecard__ehcp_neet',
    'stg_osc_2023_11_scorecard__language',
    'stg_osc_2023_11_scorecard__ofsted_schools',
    'stg_osc_2023_11_scorecard__ofsted_pupils',
    'stg_osc_2023_11_scorecard__eyfs',
    'stg_osc_2023_11_scorecard__phonics',
    'stg_osc_2023_11_scorecard__ks1',
    'stg_osc_2023_11_scorecard__ks2',
    'stg_osc_2023_11_send_jcp__ehcp_by_age',
    'stg_osc_2023_11_send_jcp__ehcp_by_ethnicity',
    'stg_osc_2023_11_send_jcp__ehcp_by_need_gender',
    'stg_osc_2024_01_cmu__neighbour_attendance',
] %}
{%- for model in figure_tables %}
select
    cell_id, source_table, report_id, section, table_title, block, source_line, row_label,
    column_name, column_position, cell_text, cell_pattern, printed_percent, printed_number,
    as_of_date, value_qualifier, printed_unit, is_provisional, cell_status
from {{ ref(model) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
