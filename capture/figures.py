"""Figures stated in a sentence of running text.

``sentences(line)`` splits a printed line into sentences (list numbering such as ``- 2.1`` dropped, so each
sentence still stands inside the line). ``figures(sentence)`` returns each stated figure as printed: a
percentage (``8.2%``), a count (``5,403``), an amount (``£1.2m``), a qualified figure (``over 100``,
``at least another 20``), a number with its unit (``3 days``). Numbers that are not stated figures are
left out: years and dates, ordinals, the ends of ranges (``0 – 25``, ``16-19``), ages and waiting-time
thresholds (``aged 11``, ``less than 18 weeks``), page, item and key stage numbers, telephone numbers,
postcodes, web addresses and report references.
"""

from __future__ import annotations

import re

QUALIFIERS = ("approximately", r"approx\.", "nearly", "over", "more than", "less than", "under", "up to",
              "at least another", "at least", "just over", "around", "almost")
UNIT_WORDS = ("days", "weeks", "hours", "nights", "months")
NUMBER = r"£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
FIGURE = re.compile(rf"(?:(?:{'|'.join(QUALIFIERS)})\s+)?{NUMBER}(?:%|m\b|\+|\s(?:{'|'.join(UNIT_WORDS)})\b)?", re.I)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# a number printed after one of these words is a label, not a figure: Year 1, Page 115, Key Stage 2, ...
LABEL_WORDS = re.compile(r"(?:\byear|page|stage|\bks|aged|ages|\bage|\bage of|item|appendix|section|table|chart|priority|"
                         r"phase|tier|level|grade|\bq|no\.|fd\.*|ld\.*|last|next|past|post|\bact|attainment|progress|"
                         rf"\b{MONTH})\s*$", re.I)
DURATION_AFTER = re.compile(r"^\s*(?:weeks?|years?|months?|days?|hours?|yrs?|year-olds?)\b", re.I)
MONTH_AFTER = re.compile(rf"^\s*{MONTH}(?:\s|$)", re.I)
PHONE = re.compile(r"\b0\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(£])")
_NUMBERING = re.compile(r"^\s*(?:[-•●]\s*)?(?:(?:\(?\d+(?:\.\d+)*[.)]|\d+\.\d+)\s+)?")  # - 2.1 / 1. / (1)


def sentences(line: str) -> list[str]:
    text = re.sub(r"\s+", " ", line.replace("**", "")).strip()
    text = _NUMBERING.sub("", text, count=1)
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _token(sentence: str, start: int, end: int) -> str:
    """The whitespace-separated word a match stands in."""
    left = sentence.rfind(" ", 0, start) + 1
    right = sentence.find(" ", end)
    return sentence[left: right if right >= 0 else len(sentence)]


def _not_a_figure(sentence: str, match: re.Match, phones: list[tuple[int, int]]) -> bool:
    value = match.group(0).strip()
    before, after = sentence[: match.start()], sentence[match.end():]
    number = re.sub(r"^[^\d£]*", "", value)
    percent = "%" in value
    return (
        before.endswith(("/", "-", ".", "–")) or after.startswith(("/", "-", "–"))  # a date, range or reference
        or bool(re.match(r"^\s?(st|nd|rd|th)\b", after))  # an ordinal: 21st, 30 th
        or bool(re.match(r"^\.\d", after))
        or (not percent and bool(re.match(r"^\s*(?:-|–|to)\s*\d", after)))  # the start of a range: 5 to 19
        or bool(re.search(r"(?<![/\d])\d{1,3}\s*(?:to|–|-)\s*$", before))  # the end of a range: 0 – 25
        or bool(re.fullmatch(r"(?:19|20)\d{2}", number))  # a year
        or bool(LABEL_WORDS.search(before))
        or number.startswith("0") and len(number) > 1 and number[1].isdigit()  # a code
        or any(a <= match.start() < b for a, b in phones)
        or (not percent and (bool(DURATION_AFTER.match(after)) or (value.endswith(UNIT_WORDS) and not value[0].isdigit())))
        or bool(re.search(r"[/=_]|[A-Za-z]\d|\d[A-Za-ln-z]", _token(sentence, match.start(), match.end())))  # web, postcode
        or bool(MONTH_AFTER.match(after))  # a date: 15 February
    )


def figures(sentence: str) -> list[str]:
    phones = [p.span() for p in PHONE.finditer(sentence)]
    return [m.group(0).strip() for m in FIGURE.finditer(sentence) if not _not_a_figure(sentence, m, phones)]


def unit_of(value: str) -> str:
    """The unit a printed figure states: percent, count, days, weeks, gbp_m, gbp."""
    if value.endswith(("days", "weeks")):
        return value.rsplit(" ", 1)[1]
    if value.endswith("%"):
        return "percent"
    if "£" in value:
        return "gbp_m" if value.lower().endswith("m") else "gbp"
    return "count"
