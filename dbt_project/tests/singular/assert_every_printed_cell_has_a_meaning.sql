-- Every printed cell of a figure table must have a row meaning and a column meaning (reference seeds
-- row_meanings and column_meanings); otherwise it would silently drop out of the observations.
select cells.source_table, cells.source_line, cells.column_name, cells.cell_text
from {{ ref('int_table_cells__unioned') }} as cells
left join {{ ref('row_meanings') }} as rows_meaning
    on cells.source_table = rows_meaning.source_table
    and cells.source_line = cast(rows_meaning.source_line as integer)
left join {{ ref('column_meanings') }} as columns_meaning
    on cells.source_table = columns_meaning.source_table
    and cells.column_name = columns_meaning.column_name
where rows_meaning.source_table is null or columns_meaning.source_table is null
