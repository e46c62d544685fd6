{#-
  The few dialect differences, dispatched. Models call these and never write engine-only SQL.
  Regular expressions avoid backslashes ([0-9], [.], [(]) so one literal means the same on every engine.
-#}

{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'scorecard')(expr, pattern)) }}
{%- endmacro %}
{% macro default__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, '{{ pattern }}')
{%- endmacro %}
{% macro spark__regex_matches(expr, pattern) -%}
    ({{ expr }} rlike '{{ pattern }}')
{%- endmacro %}

{#- Stop the query with a message: an unknown printed pattern must never become a silent NULL. -#}
{% macro raise_error(message_expr) -%}
    {{ return(adapter.dispatch('raise_error', 'scorecard')(message_expr)) }}
{%- endmacro %}
{% macro default__raise_error(message_expr) -%}
    error({{ message_expr }})
{%- endmacro %}
{% macro spark__raise_error(message_expr) -%}
    raise_error({{ message_expr }})
{%- endmacro %}

{#- A stable text key from several columns: md5 of the '|'-joined values (NULL as ''). -#}
{% macro surrogate_key(columns) -%}
    {%- set parts = [] -%}
    {%- for c in columns -%}
        {%- do parts.append("coalesce(cast(" ~ c ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- A CTE the engine should inline at each reference instead of materialising once: DuckDB otherwise
    writes a CTE read many times to memory (and disk, past its memory limit) and scans that copy each
    time. The keyword is DuckDB's (and PostgreSQL's); Spark inlines CTEs and has no such keyword. -#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'scorecard')()) }}
{%- endmacro %}
{% macro default__not_materialized() -%}
    not materialized
{%- endmacro %}
{% macro spark__not_materialized() -%}
{%- endmacro %}
