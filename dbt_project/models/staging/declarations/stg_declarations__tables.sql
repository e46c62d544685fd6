-- One row per captured table: its kind and how it is laid out in print (the workbook follows it), as
-- declared beside the seed (config.meta.table). Read from the dbt graph, like the value columns.
{{ config(meta={'reads_declarations': true}) }}
{%- set rows = [] %}
{%- if execute %}
    {%- for table in captured_tables() %}
        {%- set node = captured_table_node(table.name) %}
        {%- do rows.append({'table': table.name, 'kind': table.kind, 'folder': node.original_file_path.split('/')[-2],
                            'meta': (node.config.meta or {}).get('table') or {}}) %}
    {%- endfor %}
{%- endif %}
{%- for row in rows %}
{%- set layout = row.meta.get('layout') or {} %}
select
    '{{ row.table }}' as source_table,
    '{{ row.folder }}' as report_id,
    '{{ row.kind }}' as table_kind,
    {{ string_literal(row.meta.get('feeds')) }} as feeds,
    {{ string_literal(layout.get('sheet')) }} as layout_sheet,
    {{ string_literal(layout.get('heading')) }} as layout_heading,
    {{ string_literal(layout.get('label_header')) }} as label_header,
    {{ string_literal(layout.get('super_header')) }} as super_header,
    {{ string_literal((layout.get('notes') or []) | join('\n')) }} as printed_notes
{%- if not loop.last %}
union all
{%- endif %}
{%- else %}
select
    {%- for name in ['source_table', 'report_id', 'table_kind', 'feeds', 'layout_sheet', 'layout_heading', 'label_header', 'super_header'] %}
    cast(null as {{ dbt.type_string() }}) as {{ name }},
    {%- endfor %}
    cast(null as {{ dbt.type_string() }}) as printed_notes
where 1 = 0
{%- endfor %}
