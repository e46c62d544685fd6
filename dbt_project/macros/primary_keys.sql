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
  checkpoint at commit is skipped while another thread's transaction is open, which with two dbt
  threads is nearly always: at 153 authorities the marts' indexes grew to about 400 MB of the 1 GB
  memory limit and a later model ran out of memory. After a large table's key (index_checkpoint_rows()
  rows or more) this post-hook, run outside the model's transaction, checkpoints: FORCE CHECKPOINT waits
  for the other thread's open transaction to end (it does not abort it), then writes the index to the
  file, and its memory is freed. Smaller tables' indexes are left to the next checkpoint.
-#}
{% macro index_checkpoint_rows() %}
    {{ return(500000) }}
{% endmacro %}

{% macro release_index_memory() %}
    {{ return(adapter.dispatch('release_index_memory', 'scorecard')()) }}
{% endmacro %}

{% macro default__release_index_memory() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__release_index_memory() %}
    {%- if execute and model.config.materialized == 'table' and config.get('contract').enforced
        and model.constraints | selectattr('type', 'equalto', 'primary_key') | list -%}
        {%- set sizes = run_query(
            "select estimated_size from duckdb_tables() where database_name = '" ~ this.database
            ~ "' and schema_name = '" ~ this.schema ~ "' and table_name = '" ~ this.identifier ~ "'") -%}
        {%- if sizes.rows | length and sizes.rows[0][0] >= index_checkpoint_rows() -%}
            force checkpoint
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
