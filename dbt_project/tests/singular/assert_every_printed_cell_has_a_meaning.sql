-- Every printed cell of a figure table must have a row meaning (reference seed row_meanings) and a
-- declared column meaning (its seed's declaration: unit and period); otherwise it would silently drop
-- out of the observations.
select cells.source_table, cells.source_line, cells.column_name, cells.cell_text
from {{ ref('int_table_cells__unioned') }} as cells
left join {{ ref('row_meanings') }} as rows_meaning
    on cells.source_table = rows_meaning.source_table
    and cells.source_line = rows_meaning.source_line
left join {{ ref('stg_declarations__columns') }} as columns_meaning
    on columns_meaning.column_role = 'value'
    and cells.source_table = columns_meaning.source_table
    and cells.column_name = columns_meaning.column_name
where rows_meaning.source_table is null
    or columns_meaning.period_label is null
    or columns_meaning.bare_number_kind is null
