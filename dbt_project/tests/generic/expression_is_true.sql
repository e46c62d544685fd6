{#- Every row (optionally only rows matching `where`) satisfies the SQL expression. -#}
{% test expression_is_true(model, expression, column_name=none, where=none) %}
select *
from {{ model }}
where not ({{ expression }})
    {%- if where %} and ({{ where }}){% endif %}
{% endtest %}
