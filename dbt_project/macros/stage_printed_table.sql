{#-
  Staging for a captured table: one row per printed cell (long form), with its provenance, its
  printed text, the pattern it follows and the typed values read from it.
  label_columns: the row-label columns as captured; value_columns: the printed value columns, in order.
-#}
{% macro stage_printed_table(seed_name, label_columns, value_columns) %}
with unpivoted as (
    {%- for col in value_columns %}
    select
        '{{ seed_name }}' as source_table,
        report_id,
        section,
        table_title,
        block,
        cast(source_line as integer) as source_line,
        {%- for label in label_columns %}
        trim({{ label }}) as {{ label }},
        {%- endfor %}
        {%- set parts = [] %}
        {%- for label in label_columns %}
            {%- do parts.append("coalesce(trim(" ~ label ~ "), '')") %}
            {%- if not loop.last %}{% do parts.append("' | '") %}{% endif %}
        {%- endfor %}
        {{ dbt.concat(parts) if parts | length > 1 else parts[0] }} as row_label,
        '{{ col }}' as column_name,
        {{ loop.index }} as column_position,
        trim({{ col }}) as cell_text
    from {{ ref(seed_name) }}
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
