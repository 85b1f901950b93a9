"""Normalised text → PolicyDocument: sections, goals, actions, tasks and their assignments.

``parse_text`` runs the steps in order, each in its own module over one shared state (``parse_state``):
the header and what the document says as a whole (``whole_document``: its place and year first, the checks that
need every task last); the walk over the lines (``walk``: headings open sections and actions, a number opens a
task, a boxed panel stays in its task, everything else continues the current task or, outside numbered tasks,
a loose block labelled with its heading), with tables read row by row (``table_tasks``); and each finished block
turned into a task (``tasks``), where the grammar (``attributions``) finds its attributions and cuts them into
role fields and the resolution (``resolve``) turns fields into units, roles and deadlines. Each attribution
governs the text since the previous one. Everything is located in the normalised text and mapped back to the
original (``report``), so spans always slice ``PolicyDocument.text``.
"""

from __future__ import annotations

from . import attributions as attr
from . import structure as st
from . import whole_document
from .model import IgnoredSpan, Metadata, PolicyDocument
from .normalize import normalize
from .parse_state import ParseState
from .units import UnitGazetteer
from .walk import Walker


def parse_text(
    text: str,
    units: UnitGazetteer,
    *,
    doc_id: str = "",
    source_name: str = "<text>",
    media_type: str = "text/plain",
    encoding: str = "utf-8",
    ignored: tuple[IgnoredSpan, ...] = (),
    tagger=None,
    jurisdiction: str | None = None,
) -> PolicyDocument:
    """Parse already-decoded text. Pure: the same inputs give the same document. ``jurisdiction`` is the
    user's word on the issuing place; without it the document's 文号, issuer, title or text decide."""
    doc = ParseState(normalize(text), units, tagger)
    lines = st.split_run_in_items(doc.text, st.split_lines(doc.text))
    skip = doc.report.ignored_lines(lines, ignored)
    header = st.read_header(doc.text, lines, skip)
    doc.columns = attr.column_headers(doc.text, [(ln.start, ln.end) for i, ln in enumerate(lines) if i not in skip])
    place = whole_document.place_and_year(doc, header, jurisdiction)
    walker = Walker(doc, header.closings)
    body = walker.walk(lines, header.header_end, skip)
    whole_document.date_every_problem(doc)
    whole_document.say_guessed_year(doc, header)
    whole_document.say_undecided_places(doc, place, header.doc_number)
    closing = {i for start, end in header.closings.items() for i in range(start, end)}
    whole_document.say_no_attribution(doc, lines[body:], skip | closing, body)
    doc.resolver.report_unlisted()
    metadata = Metadata(header.title, header.doc_number, header.issuers, header.date, header.year or 1970,
                        place.place, place.source, place.above)
    return PolicyDocument(doc_id, source_name, media_type, encoding, text, metadata, tuple(doc.sections),
                          tuple(doc.goals), tuple(doc.actions), tuple(doc.tasks),
                          tuple(sorted((*ignored, *walker.closing), key=lambda s: (s.span.start, s.span.end))),
                          tuple(sorted(doc.report.issues, key=lambda i: (i.line, i.column))),
                          traditional=doc.norm.traditional)
