select
    'osc_2023_11_work_programme__informal_meetings' as source_table,
    report_id,
    section,
    table_title,
    block as meeting,
    cast(source_line as integer) as source_line,
    trim(no) as item_number,
    trim(report_item) as item,
    trim(organiser) as author_or_organiser
from {{ ref('osc_2023_11_work_programme__informal_meetings') }}
