{{ stage_printed_table(
    'osc_2023_11_scorecard__phonics',
    label_columns=['cohort'],
    value_columns=[
        'cy_2019',
        'cy_2022',
        'cy_2023',
        'three_year_trend',
        'change_vs_2022',
        'national_2019',
        'national_2022',
        'national_2023'
    ]
) }}
