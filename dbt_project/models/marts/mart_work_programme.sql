-- Grain: one row per item of a committee work programme or informal-meeting schedule (every captured text
-- table declared with feeds: work_programme; item_kind says which).
{{ config(meta={'reads_declarations': true}) }}
{%- for table in captured_tables('text', feeds='work_programme') %}
select
    report_id,
    source_table,
    source_line,
    {{ string_literal(((captured_table_node(table.name).config.meta or {}).get('table') or {}).get('item_kind') if execute else none) }} as item_kind,
    block as meeting,
    item_number,
    item,
    author_or_organiser
from {{ ref('stg_' ~ table.name) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
