{{ stage_printed_table(
    'osc_2023_11_scorecard__language',
    label_columns=['language'],
    value_columns=[
        'ay_2018_19_no',
        'ay_2018_19_pct',
        'ay_2019_20_no',
        'ay_2019_20_pct',
        'ay_2020_21_no',
        'ay_2020_21_pct',
        'ay_2021_22_no',
        'ay_2021_22_pct',
        'ay_2022_23_no',
        'ay_2022_23_pct',
        'nw_2022_23_pct',
        'national_2022_23_pct'
    ]
) }}
