-- The report registry: one row per report (an agenda item of a pack, or a whole document).
select
    report_id,
    title,
    nullif(trim(committee), '') as committee,
    cast(meeting_date as date) as meeting_date,
    cast(report_date as date) as report_date,
    nullif(trim(agenda_item), '') as agenda_item,
    author_role,
    source_file,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end,
    period_covered,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    area_name
from {{ ref('reports') }}
