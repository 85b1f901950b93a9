"""Offsets and issues of one parse: spans in the normalised text mapped back to the original, and warnings
located by line and column there. Shared by the parser's walk and the resolution step."""

from __future__ import annotations

import bisect

from .model import ParseIssue, Span
from .normalize import NormalizedText
from .structure import split_lines


class Report:
    def __init__(self, norm: NormalizedText):
        self.norm = norm
        self.issues: list[ParseIssue] = []
        self._line_starts = [ln.start for ln in split_lines(norm.original)]

    def span(self, start: int, end: int) -> Span:
        return Span(*self.norm.original_span(start, end))

    def surface(self, start: int, end: int) -> str:
        s = self.span(start, end)
        return self.norm.original[s.start : s.end]

    def warn(self, code: str, message: str, start: int | None, end: int | None = None) -> None:
        span = self.span(start, end if end is not None else start) if start is not None else None
        line, column = self._locate(span.start if span else 0)
        self.issues.append(ParseIssue(code, message, span, line, column))

    def warn_at(self, code: str, message: str, span: Span) -> None:
        """A warning at a span of the original text (a unit mention's)."""
        line, column = self._locate(span.start)
        self.issues.append(ParseIssue(code, message, span, line, column))

    def _locate(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[max(index, 0)] + 1
