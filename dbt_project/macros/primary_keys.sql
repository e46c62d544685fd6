{#-
  Primary keys on DuckDB are added once the rows are in (ALTER TABLE ... ADD PRIMARY KEY, a post-hook
  on the marts): DuckDB then builds the key's index in one pass instead of row by row during the insert,
  a third of the time on a large table (make bench, 153 authorities). A duplicate or NULL key still fails
  the model, inside the same transaction. Other engines create the key with the table, as dbt does.
-#}
{% macro duckdb__get_table_columns_and_constraints() -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=model['columns']) -%}
    {%- set later = model['constraints'] | selectattr('type', 'equalto', 'primary_key') | list -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(
        raw_constraints=model['constraints'] | reject('in', later) | list) -%}
    (
    {% for c in raw_column_constraints -%}
      {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}

{% macro add_primary_key() %}
    {{ return(adapter.dispatch('add_primary_key', 'scorecard')()) }}
{% endmacro %}

{#- engines other than DuckDB create the key with the table (dbt's own DDL) -#}
{% macro default__add_primary_key() %}
    {{ return('') }}
{% endmacro %}

{% macro spark__add_primary_key() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__add_primary_key() %}
    {%- if model.config.materialized == 'table' and config.get('contract').enforced -%}
        {%- for constraint in model.constraints if constraint.type == 'primary_key' -%}
            alter table {{ this }} add primary key ({{ constraint.columns | join(', ') }});
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}

{#-
  A primary key's index stays in DuckDB's memory until the next checkpoint, and the automatic
  checkpoint at commit is skipped while any other transaction is open, which with two dbt threads is
  nearly always: at 153 authorities the marts' indexes grew to about 400 MB of the 1 GB memory limit and
  a later model ran out of memory. After a table's key, when the indexes held in memory have reached
  index_memory_mb() MB, this post-hook (outside the model's transaction) checkpoints: FORCE CHECKPOINT
  waits for the other thread's open transaction to end (it does not abort it), writes the indexes to the
  file and frees their memory. Below that size nothing waits (the project's own marts never get there).
  SCORECARD_INDEX_MEMORY_MB moves the size (with a smaller SCORECARD_DUCKDB_MEMORY_LIMIT, say).
-#}
{% macro index_memory_mb() %}
    {{ return(env_var('SCORECARD_INDEX_MEMORY_MB', '256') | int) }}
{% endmacro %}

{% macro release_index_memory() %}
    {{ return(adapter.dispatch('release_index_memory', 'scorecard')()) }}
{% endmacro %}

{% macro default__release_index_memory() %}
    {{ return('') }}
{% endmacro %}

{% macro spark__release_index_memory() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__release_index_memory() %}
    {%- if execute and model.config.materialized == 'table' and config.get('contract').enforced
        and model.constraints | selectattr('type', 'equalto', 'primary_key') | list -%}
        {%- set held = run_query(
            "select coalesce(sum(memory_usage_bytes), 0) // (1024 * 1024) from duckdb_memory() where tag = 'ART_INDEX'") -%}
        {%- if held.rows[0][0] >= index_memory_mb() -%}
            force checkpoint
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
