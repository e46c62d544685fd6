{{ stage_printed_table(
    'osc_2024_01_cmu__neighbour_attendance',
    label_columns=['la', 'school'],
    value_columns=[
        'attendance_rate',
        'overall_absence_rate'
    ]
) }}
