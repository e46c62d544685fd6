-- Grain: one row per item of the committee's 2023/24 work programme or informal-meeting schedule.
select report_id, source_table, source_line, 'formal meeting' as item_kind, meeting, item_number, item, author_or_organiser
from {{ ref('stg_osc_2023_11_work_programme__work_programme') }}
union all
select report_id, source_table, source_line, 'informal meeting or visit' as item_kind, meeting, item_number, item, author_or_organiser
from {{ ref('stg_osc_2023_11_work_programme__informal_meetings') }}
