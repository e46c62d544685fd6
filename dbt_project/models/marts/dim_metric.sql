-- Grain: one row per metric: what it measures, its formula, unit, polarity, additivity and methodology.
select
    metric_id,
    metric_name,
    domain,
    definition,
    formula,
    unit,
    polarity,
    additivity,
    cast(counts_children as boolean) as counts_children,
    nullif(dfe_methodology, '') as dfe_methodology,
    cast(is_headline as boolean) as is_headline,
    cast(sort_order as integer) as sort_order
from {{ ref('metric_definitions') }}
