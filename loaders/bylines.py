"""Bylines: "By Hanna Lind", "By Lena Fischer and Tomás Aguirre" on a line of their own at the top of an
article name its authors, people the parser seldom recognises in a line without a verb."""

from __future__ import annotations

import re

# How many lines from the top of the body a byline may stand on.
BYLINE_LINES = 6
_BYLINE = re.compile(r"[ \t]*By[ \t]+(?P<names>[^\n]{3,160}?)[ \t]*$")
_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3}")
_SEPARATOR = re.compile(r"[ \t]*(?:,|\band\b|&)[ \t]*")


def byline_names(text: str) -> list[tuple[int, int]]:
    """Character spans of the names of a byline near the top of ``text``; none if a part of the line is no
    name ("By the time talks began", "By Monday")."""
    offset = 0
    for line in text.split("\n")[:BYLINE_LINES]:
        found = _BYLINE.fullmatch(line)
        if found is not None:
            return _names(found.group("names"), offset + found.start("names"))
        offset += len(line) + 1
    return []


def _names(names: str, start: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = 0
    for separator in [*_SEPARATOR.finditer(names), None]:
        end = separator.start() if separator is not None else len(names)
        part = names[position:end]
        if not _NAME.fullmatch(part):
            return []
        spans.append((start + position, start + end))
        position = separator.end() if separator is not None else end
    return spans
