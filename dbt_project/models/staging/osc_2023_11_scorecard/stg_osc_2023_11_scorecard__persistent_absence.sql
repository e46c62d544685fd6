{{ stage_printed_table(
    'osc_2023_11_scorecard__persistent_absence',
    label_columns=['cohort'],
    value_columns=[
        'ytd_2023_24_to_2023_10_19',
        'ay_2018_19',
        'ay_2020_21',
        'ay_2021_22',
        'ay_2022_23'
    ]
) }}
