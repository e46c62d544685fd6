{#-
  Staging of captured report tables, driven by their declarations (seeds/<report>/_<report>__seeds.yml).

  captured_table_node(seed_name)   -> the seed's node (columns with their declared meaning); execute time only.
                                      An input read by DuckDB directly (models/external/) is a model of the seed's name.
  declared_columns(node, role)     -> the node's columns of one role (label, value, field), in declared order
  stage_captured_table(seed_name)  -> a figures table: one row per printed cell; a text table: one row per row

  Each generated staging model (`make catalog`) is one call of stage_captured_table, so a new table needs
  a reviewed seed and its declaration, not SQL.
-#}

{% macro captured_table_node(seed_name) %}
    {#- a seed, or the model that reads it when the file is above the external-input size (scorecard.staging) -#}
    {%- set node = graph.nodes.get('seed.' ~ project_name ~ '.' ~ seed_name)
        or graph.nodes.get('model.' ~ project_name ~ '.' ~ seed_name) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error("seed " ~ seed_name ~ " is not in the project: run `make catalog`") }}
    {%- endif -%}
    {{ return(node) }}
{% endmacro %}

{% macro column_meta(column) %}
    {{ return((column.get('config') or {}).get('meta') or column.get('meta') or {}) }}
{% endmacro %}

{% macro declared_columns(node, role) %}
    {%- set out = [] -%}
    {%- for name, column in node.columns.items() -%}
        {%- if scorecard.column_meta(column).get('role') == role -%}{%- do out.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(out) }}
{% endmacro %}

{#- A declared value as a SQL string literal (NULL when not declared). -#}
{% macro string_literal(value) -%}
    {%- if value is none or value == '' -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{%- endmacro %}

{% macro stage_captured_table(seed_name) %}
    {%- set seed_relation = ref(seed_name) -%}
    {%- if not execute -%}
        select * from {{ seed_relation }}
    {%- else -%}
        {%- set node = scorecard.captured_table_node(seed_name) -%}
        {%- set kind = ((node.config.meta or {}).get('table') or {}).get('kind', 'figures') -%}
        {%- if kind == 'text' -%}
            {{ scorecard.stage_text_table(seed_name, seed_relation, node) }}
        {%- else -%}
            {{ scorecard.stage_printed_table(seed_name, seed_relation, node) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{#- A table of text: provenance, then each column under the name of the field it holds (trimmed). -#}
{% macro stage_text_table(seed_name, seed_relation, node) %}
select
    '{{ seed_name }}' as source_table,
    report_id,
    section,
    table_title,
    block,
    cast(source_line as integer) as source_line
    {%- for column in scorecard.declared_columns(node, 'field') %},
    trim({{ column.name }}) as {{ scorecard.column_meta(column).get('field') or column.name }}
    {%- endfor %}
from {{ seed_relation }}
{% endmacro %}

{#- A table of figures: one row per printed cell (long form), with its provenance, its printed text, the
    pattern it follows and the typed values and printed precision read from it. -#}
{% macro stage_printed_table(seed_name, seed_relation, node) %}
{%- set labels = scorecard.declared_columns(node, 'label') | map(attribute='name') | list -%}
{%- set values = scorecard.declared_columns(node, 'value') | map(attribute='name') | list -%}
with unpivoted as (
    {%- for col in values %}
    select
        '{{ seed_name }}' as source_table,
        report_id,
        section,
        table_title,
        block,
        cast(source_line as integer) as source_line,
        {%- for label in labels %}
        trim({{ label }}) as {{ label }},
        {%- endfor %}
        {%- set parts = [] %}
        {%- for label in labels %}
            {%- do parts.append("coalesce(trim(" ~ label ~ "), '')") %}
            {%- if not loop.last %}{% do parts.append("' | '") %}{% endif %}
        {%- endfor %}
        {{ dbt.concat(parts) if parts | length > 1 else parts[0] }} as row_label,
        '{{ col }}' as column_name,
        {{ loop.index }} as column_position,
        trim({{ col }}) as cell_text
    from {{ seed_relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

patterned as (
    select
        unpivoted.*,
        {{ scorecard.printed_cell_pattern('cell_text') }} as cell_pattern
    from unpivoted
)

select
    {{ scorecard.surrogate_key(['source_table', 'source_line', 'column_name']) }} as cell_id,
    patterned.*,
    {{ scorecard.printed_cell_columns('cell_text', 'cell_pattern') }}
from patterned
{% endmacro %}
