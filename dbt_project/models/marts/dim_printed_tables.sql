-- Grain: one row per captured report table: its printed title, where it stands in the report and how it
-- is laid out in print (the workbook follows it), from the seed's declaration.
with declared as (
    select * from {{ ref('stg_declarations__tables') }}
),

cells as (
    select
        source_table,
        min(table_title) as table_title,
        min(section) as section,
        min(source_line) as first_line,
        max(source_line) as last_line,
        count(*) as printed_cells
    from {{ ref('int_table_cells__unioned') }}
    group by source_table
),

reports as (
    select report_id, area_name, source_file from {{ ref('stg_reports__registry') }}
)

select
    declared.source_table,
    declared.report_id,
    declared.table_kind,
    cells.table_title,
    cells.section,
    reports.area_name,
    reports.source_file,
    cells.first_line,
    cells.last_line,
    cast(coalesce(cells.printed_cells, 0) as integer) as printed_cells,
    declared.layout_sheet,
    declared.layout_heading,
    declared.label_header,
    declared.super_header,
    declared.printed_notes
from declared
left join cells
    on declared.source_table = cells.source_table
left join reports
    on declared.report_id = reports.report_id
