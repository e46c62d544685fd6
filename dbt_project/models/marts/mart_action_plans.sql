-- Grain: one row per action of a published action plan (every captured text table declared with
-- feeds: action_plans): what will be done, by when, led by whom.
{{ config(meta={'reads_declarations': true}) }}
{%- set plans = captured_tables('text', feeds='action_plans') %}
{%- for plan in plans %}
{%- set have = [] %}
{%- if execute %}
    {%- for column in declared_columns(captured_table_node(plan.name), 'field') %}
        {%- do have.append(column_meta(column).get('field') or column.name) %}
    {%- endfor %}
{%- endif %}
select
    report_id,
    source_table,
    source_line,
    table_title as plan_section,
    {{ 'outcome' if 'outcome' in have else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as outcome,
    action,
    lead,
    by_when,
    cast(nullif(regexp_extract(by_when, '(20[0-9]{2})', 1), '') as integer) as by_when_year,
    -- a row whose outcome cell is blank continues the row above across a page break (as printed)
    {{ "coalesce(outcome, '') = ''" if 'outcome' in have else 'false' }} as is_continuation
from {{ ref('stg_' ~ plan.name) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
