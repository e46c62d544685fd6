"""snake_case names for seeds and columns, made from printed text.

``slug("Sefton - All Schools")`` -> ``sefton_all_schools``; ``%`` reads ``pct``, ``£m`` ``gbp_m``, ``&`` is
dropped, a leading "The" too. A table's name is the first few words of its printed title that carry
meaning (``National and Sefton Language Data`` -> ``national_sefton_language``); a name already taken
gets ``_2``, ``_3``, ...
"""

from __future__ import annotations

import re

STOP_WORDS = {"a", "an", "the", "of", "and", "by", "for", "in", "with", "to", "on", "at", "as", "is", "are",
              "from", "or", "data", "table", "chart", "below", "shows", "these", "this", "will", "be"}
TABLE_WORDS = 4
MAX_COLUMN = 60


def slug(text: str) -> str:
    text = text.lower().replace("£m", " gbp_m ").replace("%", " pct ").replace("&", " ").replace("£", " gbp ")
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    text = re.sub(r"^the_", "", text)
    return text[:MAX_COLUMN].rstrip("_")


def identifier(text: str, fallback: str) -> str:
    """A column name: a slug that starts with a letter."""
    name = slug(text)
    if not name:
        return fallback
    return name if name[0].isalpha() else f"{fallback}_{name}"


def table_name(title: str) -> str:
    """The first words of a title that carry meaning (bracketed asides dropped)."""
    text = re.sub(r"\([^)]*\)", " ", title)
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text.lower()) if w and w not in STOP_WORDS]
    name = "_".join(words[:TABLE_WORDS])
    return name if name and name[0].isalpha() else f"table_{name}" if name else "table"


def unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"
