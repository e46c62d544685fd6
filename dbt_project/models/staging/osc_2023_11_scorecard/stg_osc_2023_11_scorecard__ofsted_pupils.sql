{{ stage_printed_table(
    'osc_2023_11_scorecard__ofsted_pupils',
    label_columns=['school_type'],
    value_columns=[
        'all_total',
        'all_grade1',
        'all_grade2',
        'all_grade3',
        'all_grade4',
        'maintained_total',
        'maintained_grade1',
        'maintained_grade2',
        'maintained_grade3',
        'maintained_grade4',
        'academies_total',
        'academies_grade1',
        'academies_grade2',
        'academies_grade3',
        'academies_grade4'
    ]
) }}
