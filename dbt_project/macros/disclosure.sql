{#- Disclosure control settings, declared once (README "Disclosure control").
    suppression_threshold(): the largest count of children hidden as primary suppression
      (env SCORECARD_SUPPRESSION_THRESHOLD, else vars.suppression_threshold; 0 switches it off).
    disclosure_passes(): how many secondary-suppression passes int_disclosure__suppressed unrolls; the
      singular test assert_disclosure_converged fails if the last one still hid a figure. -#}
{% macro suppression_threshold() -%}
    {{ return(env_var('SCORECARD_SUPPRESSION_THRESHOLD', var('suppression_threshold') | string) | int) }}
{%- endmacro %}

{% macro disclosure_passes() -%}
    {{ return(6) }}
{%- endmacro %}
