{{ stage_printed_table(
    'osc_2023_11_scorecard__fixed_term_exclusions',
    label_columns=['cohort'],
    value_columns=[
        'ht_autumn1_2023_24',
        'ay_2020_21',
        'ay_2021_22',
        'ay_2022_23',
        'three_year_trend'
    ]
) }}
