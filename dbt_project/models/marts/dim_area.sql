-- Grain: one row per area (country, region or local authority) named in the reports.
select
    area_name,
    area_code,
    cast(la_number as integer) as la_number,
    geographic_level,
    country_code,
    country_name,
    nullif(region_code, '') as region_code,
    nullif(region_name, '') as region_name,
    nullif(aliases, '') as aliases
from {{ ref('areas') }}
