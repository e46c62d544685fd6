-- Grain: one row per period a figure refers to (academic year, term, half term, month, as-at date,
-- financial or calendar year, year to date, multi-year span, change between years).
with periods as (
    select distinct period_label, period_type, period_start, period_end
    from {{ ref('int_observations__unioned') }}
)

select
    {{ surrogate_key(['period_label', 'period_type', 'period_start', 'period_end']) }} as period_id,
    period_label,
    period_type,
    period_start,
    period_end,
    case
        when period_start is null then null
        when extract(month from period_start) >= 9
            then cast(extract(year from period_start) as integer)
        else cast(extract(year from period_start) as integer) - 1
    end as academic_year_start,
    case
        when period_start is null then null
        when extract(month from period_start) >= 4
            then cast(extract(year from period_start) as integer)
        else cast(extract(year from period_start) as integer) - 1
    end as financial_year_start,
    cast(extract(year from period_end) as integer) as calendar_year_end,
    cast({{ dbt.datediff('period_start', 'period_end', 'day') }} + 1 as integer) as days_covered
from periods
