-- Grain: one row: what the published warehouse was checked against. Every reader-facing export shows
-- provenance_note; a run with SCORECARD_UNCHECKED=1 (no source reports) publishes it as not checked.
{%- set unchecked = env_var('SCORECARD_UNCHECKED', '') | lower in ('1', 'true', 'yes', 'on') %}
select
    {{ 'false' if unchecked else 'true' }} as checked_against_reports,
    '{{ "not checked against the source reports: built with SCORECARD_UNCHECKED=1, so no figure was compared with the report line it cites" if unchecked else "every printed figure checked against the report line it cites, and every report against its recorded fingerprint" }}' as provenance_note,
    cast({{ suppression_threshold() }} as integer) as suppression_threshold
