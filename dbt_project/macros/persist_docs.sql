{#-
  The descriptions stored as DuckDB comments (+persist_docs), in one statement per relation. dbt's own
  macro looks the relation's columns up twice (dbt-core's persist_docs, then dbt-duckdb's
  alter_column_comment) and comments the relation in a statement of its own: three queries and the
  work around them, for each of the ~100 nodes. Here a model with an enforced contract needs no
  lookup: its table was created from the contract's columns and dbt has checked that the SQL returns
  exactly those; other relations look their columns up once, and a documented column the relation does
  not have is warned about and skipped, as dbt does.
-#}
{% macro duckdb__persist_docs(relation, model, for_relation, for_columns) -%}
    {%- set statements = [] -%}
    {%- if for_relation and config.persist_relation_docs() and model.description -%}
        {%- do statements.append(duckdb__alter_relation_comment(relation, model.description)) -%}
    {%- endif -%}
    {%- if for_columns and config.persist_column_docs() and model.columns -%}
        {%- if config.get('contract') and config.get('contract').enforced -%}
            {%- set columns = model.columns -%}
        {%- else -%}
            {%- set existing = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
            {%- set columns = validate_doc_columns(relation, model.columns, existing) -%}
        {%- endif -%}
        {%- for name, column in columns.items() -%}
            {%- do statements.append(
                'comment on column ' ~ relation ~ '.' ~ (adapter.quote(name) if column['quote'] else name)
                ~ ' is ' ~ duckdb_escape_comment(column['description']) ~ ';') -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if statements -%}
        {%- do run_query(statements | join('\n')) -%}
    {%- endif -%}
{%- endmacro %}
