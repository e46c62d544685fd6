-- Grain: one row per report (an agenda item of a committee pack, or a whole document).
with registry as (
    select * from {{ ref('stg_reports__registry') }}
),

figures as (
    select
        report_id,
        count(*) as figures_captured,
        sum(case when value_status = 'derived' then 1 else 0 end) as figures_derived
    from {{ ref('int_observations__unioned') }}
    group by report_id
)

select
    registry.*,
    cast(coalesce(figures.figures_captured, 0) - coalesce(figures.figures_derived, 0) as integer) as figures_printed,
    cast(coalesce(figures.figures_derived, 0) as integer) as figures_derived
from registry
left join figures
    on registry.report_id = figures.report_id
