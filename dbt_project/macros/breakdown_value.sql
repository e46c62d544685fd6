{#- The value of one "key=value" part of an observation's breakdown ("school type=Primary; grade=2 Good"). -#}
{% macro breakdown_value(column, key) -%}
    nullif(regexp_extract({{ column }}, '{{ key }}=([^;]+)', 1), '')
{%- endmacro %}
