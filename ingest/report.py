"""Offsets and issues of one parse: spans in the normalised text mapped back to the original, and warnings
located by line and column there. Shared by the parser's walk, its tasks and tables, and the resolution step:
the one place that knows how normalised and original offsets relate."""

from __future__ import annotations

import bisect
from dataclasses import replace
from itertools import accumulate

from .attributions import strip_span
from .model import EntityMention, IgnoredSpan, ParseIssue, Span, Target
from .normalize import NormalizedText
from .structure import Line, split_lines


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

    def target(self, target: Target) -> Target:
        """A target found in the normalised text, located and quoted in the original."""
        span = self.span(target.span.start, target.span.end)
        return replace(target, span=span, text=self.norm.original[span.start : span.end])

    def mentions(self, tagger, start: int, end: int) -> list[EntityMention]:
        """The entities ``tagger`` finds in the normalised text from ``start`` to ``end``, located in the original."""
        if tagger is None:
            return []
        text = self.norm.text
        found = tagger.tag(text[start:end])
        if self.norm.identity:  # the usual case: offsets need no mapping, surfaces are slices
            original = self.norm.original
            return [EntityMention(m.kind, m.name, original[start + m.span.start : start + m.span.end],
                                  Span(start + m.span.start, start + m.span.end)) for m in found]
        return [EntityMention(m.kind, m.name, self.surface(start + m.span.start, start + m.span.end),
                              self.span(start + m.span.start, start + m.span.end)) for m in found]

    def ignored_lines(self, lines: list[Line], ignored: tuple[IgnoredSpan, ...]) -> set[int]:
        """Indexes of the (normalised) lines whose text ignored spans cover; those spans are original offsets.
        A line holding more than that (a page number blanked inside a joined attribution) is read."""
        spans = sorted((s.span.start, max(s.span.end, s.span.start + 1)) for s in ignored)
        if not spans:
            return set()
        starts = [s for s, _ in spans]
        reach = list(accumulate((e for _, e in spans), max))  # the furthest end among spans starting so far
        covered = set()
        for i, ln in enumerate(lines):
            start, end = strip_span(self.norm.text, ln.start, ln.end, " \t\r")
            start, end = self.norm.original_span(start, end)
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and end <= reach[k]:
                covered.add(i)
        return covered

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
