"""Dates in text ("on Thursday", "November 21", "last week", "in August 2025") resolved against the article date.

Parsing is dateparser's; this module only decides which expressions name a
point in time (not a duration such as "three years" or "the 1990s") and, for
expressions without a year, which reading lies closest to the article date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from peacegraph.graph.model import DatePrecision

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_RELATIVE = r"yesterday|today|tonight|(?:last|this|next|past)\s+(?:week|month|year)"
_POINT_IN_TIME = re.compile(rf"\b(?:{_MONTH}|{_WEEKDAY}|{_RELATIVE})\b|\b(?:19|20)\d\d\b(?!s)", re.I)
_DURATION = re.compile(
    r"\b(?:years?|months?|weeks?|days?|decades?|centur(?:y|ies))\s+(?:long|old|later|ago|earlier)\b"
    r"|-(?:year|month|week|day)\b|\b(?:19|20)\d0s\b|\bsince\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
_WEEKDAY_RE = re.compile(rf"\b(?:{_WEEKDAY}|yesterday|today|tonight)\b", re.I)
# "December 18-19", "4–6 December": a run of days is dated by its first (dateparser reads "18-19" as a year).
_DAY_RANGE = re.compile(r"(?<![\d\-/.])\b(\d{1,2})\s*(?:-|–|—|to)\s*\d{1,2}\b(?![\-/.]\d)")
_LEADING_PREPOSITION = re.compile(r"^\s*(?:on|in|at|by|during|from|of|until|till)\s+", re.I)


@dataclass(frozen=True)
class ResolvedDate:
    """An ISO date and how exactly the text fixes it."""

    iso: str
    precision: DatePrecision

    @property
    def day(self) -> date:
        return date.fromisoformat(self.iso)


@lru_cache(maxsize=8)
def _parser(base: date, prefer: str) -> DateDataParser:
    settings: dict[str, Any] = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)


def names_point_in_time(text: str) -> bool:
    """True for "on Thursday", "November 21", "last week", "August 2025"; False for durations."""
    return bool(_POINT_IN_TIME.search(text)) and not _DURATION.search(text)


def _precision(text: str, period: str | None) -> DatePrecision:
    if period == "year":
        return "year"
    if period in ("month", "week"):
        return "month"
    if _DAY_NUMBER.search(_YEAR.sub("", text)) or _WEEKDAY_RE.search(text):
        return "day"
    return "month"


# The longest text read as a date expression. Dates in the news are short ("the week of November 17",
# at most 26 characters in the seeds and a synthetic corpus of 400 articles); dateparser takes time in
# proportion to the text, several times over, so a "date" the parser ran through thousands of words
# ("Monday and Monday and ...") is no date and is not parsed.
MAX_DATE_CHARS = 80


@lru_cache(maxsize=4096)
def resolve_date(text: str, base: date | None) -> ResolvedDate | None:
    """The date ``text`` names, read relative to ``base`` (the article date), or None.

    Without a base date only expressions that carry their own year resolve.
    """
    if len(text) > MAX_DATE_CHARS or not names_point_in_time(text):
        return None
    has_year = bool(_YEAR.search(text))
    if base is None and not has_year:
        return None
    cleaned = _DAY_RANGE.sub(r"\1", _LEADING_PREPOSITION.sub("", text.strip()))
    anchor = base or date(int(_YEAR.search(text).group(0)), 1, 1)  # type: ignore[union-attr]
    readings = []
    for prefer in ("current_period", "past", "future"):
        data = _parser(anchor, prefer).get_date_data(cleaned)
        if data.date_obj is not None:
            readings.append((abs((data.date_obj.date() - anchor).days), data.date_obj.date(), data.period))
        if has_year:
            break
    if not readings:
        return None
    _, found, period = min(readings, key=lambda reading: reading[0])
    precision = _precision(cleaned, period)
    if precision == "month":
        found = found.replace(day=1)
    elif precision == "year":
        found = found.replace(month=1, day=1)
    return ResolvedDate(found.isoformat(), precision)
