{#-
  Seeds load verbatim. A seed column is text unless the seed's YAML declares its `data_type`
  (`source_line: integer`, registry dates, ...), so a printed cell such as `38,016`, `1.0` or `2018`
  reaches staging exactly as printed instead of being re-typed by dbt's CSV type inference.
  The declarations live beside the CSVs (seeds/**/_*__seeds.yml), written once per column.
-#}
{% macro seed_column_type(model, column_name) -%}
    {%- set column = model['columns'].get(column_name) or {} -%}
    {{- return(column.get('data_type') or dbt.type_string()) -}}
{%- endmacro %}

{% macro scorecard_create_csv_table(model, agate_table) %}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ scorecard.seed_column_type(model, col_name) }}
                {%- if not loop.last -%}, {%- endif -%}
            {%- endfor -%}
        )
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}

{% macro duckdb__create_csv_table(model, agate_table) %}
    {{ return(scorecard.scorecard_create_csv_table(model, agate_table)) }}
{% endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
    {{ return(scorecard.scorecard_create_csv_table(model, agate_table)) }}
{% endmacro %}

{#-
  Seeds on Spark. dbt-spark's own spark__load_csv_rows binds values by pasting them between quotes
  unescaped when method is session: an apostrophe in a cell breaks the insert and an empty cell becomes
  the text 'None'. This twin renders each cell as a Spark literal instead: NULL for an empty cell, else a
  quoted string (backslash and quote escaped, Spark's literal rules) cast to the seed's column type.
  DuckDB keeps dbt-duckdb's loader (a COPY of the file into the table created above).
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(scorecard.seed_column_type(model, col_name)) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for value in row -%}
                    {%- if value is none -%}
                        cast(null as {{ types[loop.index0] }})
                    {%- else -%}
                        cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ types[loop.index0] }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
