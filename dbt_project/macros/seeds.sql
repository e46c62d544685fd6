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

{#-
  Seeds on Spark. dbt hands a seed to the adapter as an agate table whose values it has already typed
  by inference: '23%' and '1,048' arrive as the numbers 23 and 1048, so they can no longer be loaded as
  printed. Spark reads the file itself instead, every field as text (its CSV reader without schema
  inference; RFC 4180 quoting, cells over several lines), and each column is cast to the seed's type
  (seed_column_type), as on DuckDB, where dbt-duckdb COPYs the file into the table created above.
-#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set view = this.identifier ~ '__csv' -%}
    {% call statement('_csv_view') -%}
        create or replace temporary view {{ view }}
        using csv
        options (path '{{ path | replace("'", "\\'") }}', header 'true', multiLine 'true', quote '"', escape '"', mode 'FAILFAST')
    {%- endcall %}
    {% set sql %}
        create table {{ this.render() }} using parquet as
        select
            {%- for col_name in agate_table.column_names %}
            cast({{ col_name }} as {{ scorecard.seed_column_type(model, col_name) }}) as {{ col_name }}
            {%- if not loop.last -%}, {%- endif -%}
            {%- endfor %}
        from {{ view }}
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}

{#- The rows are already in the table spark__create_csv_table made from the file. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {{ return('') }}
{% endmacro %}
