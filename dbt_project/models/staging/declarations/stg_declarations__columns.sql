-- One row per label or value column of every captured figure table: what it holds and, for a value
-- column, what its cells measure, as declared beside the seed (seeds/<report>/_<report>__seeds.yml,
-- column config.meta). Read from the dbt graph, so the declaration is written once and this relation
-- follows it. column_position counts the columns of one role in printed order.
{{ config(meta={'reads_declarations': true}) }}
{%- set rows = [] %}
{%- if execute %}
    {%- for table in captured_tables('figures') %}
        {%- set node = captured_table_node(table.name) %}
        {%- for role in ['label', 'value'] %}
            {%- for column in declared_columns(node, role) %}
                {%- do rows.append({'table': table.name, 'column': column.name, 'role': role, 'position': loop.index,
                                    'meta': column_meta(column)}) %}
            {%- endfor %}
        {%- endfor %}
    {%- endfor %}
{%- endif %}
{%- for row in rows %}
{%- set m = row.meta %}
{%- set period = m.get('period') or {} %}
select
    '{{ row.table }}' as source_table,
    '{{ row.column }}' as column_name,
    '{{ row.role }}' as column_role,
    {{ row.position }} as column_position,
    {{ string_literal(m.get('area')) }} as area_name,
    {{ string_literal(period.get('label')) }} as period_label,
    {{ string_literal(period.get('type')) }} as period_type,
    cast({{ string_literal(period.get('start')) }} as date) as period_start,
    cast({{ string_literal(period.get('end')) }} as date) as period_end,
    {{ string_literal(m.get('statistic') or 'level') }} as statistic,
    {{ string_literal(m.get('breakdown')) }} as column_breakdown,
    {{ string_literal(m.get('unit')) }} as bare_number_kind,
    {{ string_literal(m.get('metric')) }} as metric_id,
    {{ 'true' if m.get('dash_means_zero') else 'false' }} as dash_means_zero,
    {{ 'true' if m.get('provisional') else 'false' }} as provisional,
    {{ string_literal(m.get('header')) }} as printed_header,
    {{ string_literal(m.get('group')) }} as printed_group
{%- if not loop.last %}
union all
{%- endif %}
{%- else %}
select
    {%- for name in ['source_table', 'column_name', 'column_role'] %} cast(null as {{ dbt.type_string() }}) as {{ name }},{% endfor %}
    cast(null as integer) as column_position,
    {%- for name in ['area_name', 'period_label', 'period_type'] %} cast(null as {{ dbt.type_string() }}) as {{ name }},{% endfor %}
    cast(null as date) as period_start, cast(null as date) as period_end,
    {%- for name in ['statistic', 'column_breakdown', 'bare_number_kind', 'metric_id'] %} cast(null as {{ dbt.type_string() }}) as {{ name }},{% endfor %}
    false as dash_means_zero, false as provisional,
    cast(null as {{ dbt.type_string() }}) as printed_header, cast(null as {{ dbt.type_string() }}) as printed_group
where 1 = 0
{%- endfor %}
