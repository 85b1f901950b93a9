"""What a document says as a whole: its place and year, read from its header before the walk, and the warnings
that need every task read first (a unit whose place is undecided, a list of items naming no unit, a year guessed
from the text) and the one due date a rectification notice gives every problem.

Plain functions over the parse's shared state (``parse_state.ParseState``); ``parse`` calls them in order.
"""

from __future__ import annotations

from dataclasses import replace

from . import structure as st
from .deadlines import deadline_for_every_problem, plan_years
from .jurisdiction import Jurisdiction, city_unknown, city_unknown_says, code_place
from .parse_state import ParseState
from .resolve import Resolver
from .unit_identity import bind
from .units import split_level

_TASK_LIST_ITEMS = 2  # numbered items that make a text read as a list of tasks
# warnings that say where an attribution was looked for and not found (or not read): a document holding one is
# not silent about having no duty
_SAID_MISSING = frozenset({"task-without-attribution", "unread-attribution", "attribution-without-unit",
                           "unparsed-table", "unparsed-attribution", "read-without-structure"})


def place_and_year(doc: ParseState, header: st.Header, given: str | None) -> Jurisdiction:
    """The document's place (``given`` by the user, else read from its 文号, issuer, title or text) and the
    resolution step built for that place and the header's year: binds ``doc.units`` to the place, sets
    ``doc.resolver``, and says where the place read differs from the one given or no year was found."""
    jurisdiction, doc.units = bind(doc.units, doc_number=header.doc_number, issuers=header.issuers,
                                   title=header.title, text=doc.text, given=given)
    if (own := jurisdiction.read) is not None:
        doc.warn("jurisdiction-differs", f"placed in {jurisdiction.place} as given, but its {own.source} "
                 f"reads {own.place}: give no place (or {own.place}) if that is wrong", 0)
    say_unknown_city(doc, jurisdiction)
    doc.resolver = Resolver(doc.report, doc.units, header.year or 1970, header.date,
                            plan_years(header.title, header.year), year_known=header.year is not None)
    if header.year is None:
        doc.warn("unknown-year", "no year found (文号, date or 20xx年); a deadline that names no year is kept as "
                 "text, not dated", 0)
    return jurisdiction


def say_unknown_city(doc: ParseState, jurisdiction: Jurisdiction) -> None:
    """A district or county whose city nothing says (``city_unknown``): what its city's notices give all
    its counties does not reach it, said at ingest with the place to give; the listed cities the text names
    (贯彻落实临沂市…) are offered as that place, never taken for it."""
    places, found = doc.units.resolver.places, jurisdiction  # the data's, not with this place added
    if city_unknown(places, found.place, found.above):
        doc.warn("city-unknown", city_unknown_says(found.place, places.cities_named(doc.text)), 0)


def say_undecided_places(doc: ParseState, jurisdiction: Jurisdiction, doc_number: str) -> None:
    """区财政局 in a notice whose place has no 区 on its chain (a city's; a district's the data does not list
    and whose issuer prints none): which 区 is not guessed (never 济南市区财政局); said once per name, where it
    is first named, with what would decide it. A notice of no place whose 文号 prints a place's short name
    the data does not list (历下政办发, no issuer printing 历下区) is said once, at its 文号."""
    undecided = getattr(doc.units, "undecided_level", None)
    if undecided is None:
        return
    place, said = jurisdiction.place, set()
    units = [u for task in doc.tasks for a in task.assignments for u in (*a.lead, *a.responsible, *a.cooperating)]
    if not place and doc.units.places.names() and (short := code_place(doc_number)):  # (no data, no warning)
        levels = [w for u in units if not u.place and (w := split_level(u.name)[0]) in ("区", "县", "市")]
        if levels:
            at, level = max(doc.text.find(doc_number), 0), levels[0]
            expected = (f"an issuer such as {short}{level}人民政府办公室, or --jurisdiction {short}{level}"
                        if len(short) > 1 else "an issuer printing its place in full, or --jurisdiction")
            doc.warn("unit-place-undecided", f"文号 {doc_number} reads a place {short}… the places data does not "
                     f"list, and no issuer or title prints it in full: its {level} units are left without a "
                     f"place; expected {expected}", at, at + len(doc_number))
    for u in units:
        if u.place or u.name in said or not (level := undecided(u.name)):
            continue
        said.add(u.name)
        doc.report.warn_at("unit-place-undecided", f"{u.name!r} is a {level}'s unit, but no {level} is known for "
                           f"this document of {place}: its {level} is left unnamed; expected an issuer printing "
                           f"it (…{level}人民政府办公室) or --jurisdiction naming it", u.span)


def say_no_attribution(doc: ParseState, lines: list[st.Line], skip: set[int], first: int) -> None:
    """A notice of numbered items (一、… 二、…, (一), 1.) of which not one names a unit that does it
    (各单位要安排专人值班: an exhortation, no attribution): stored with no duty, never silently. Said once,
    at its first item, with what was looked for, unless a warning said already what was missing where (each
    item read as a task without attribution says so, task-without-attribution)."""
    if any(task.assignments for task in doc.tasks) or {i.code for i in doc.report.issues} & _SAID_MISSING:
        return
    items = [ln for i, ln in enumerate(lines, first) if i not in skip and (text := ln.text(doc.text))
             and (st.SECTION_RE.match(text) or st.ACTION_RE.match(text) or st.TASK_RE.match(text))]
    if len(items) >= _TASK_LIST_ITEMS:
        doc.warn("no-attribution", f"no attribution found: no 牵头单位/责任单位/配合单位 key and no unit with a "
                 f"role (X牵头, X负责, X配合) in {len(items)} numbered items, so no duty is stored; expected each "
                 "item, or the heading over it, to name the units that do it", items[0].start, items[0].end)


def say_guessed_year(doc: ParseState, header: st.Header) -> None:
    """A year read from the text, not from the 文号, the date or the title, that a deadline printed without its
    year (6月底前, 年底前) was resolved against: said, with where it was found, as the reader should check it."""
    if header.year is None or header.year_source in ("文号", "date", "title"):
        return
    yearless = [a.deadline.text for t in doc.tasks for a in t.assignments
                if a.deadline is not None and not st.YEAR_RE.search(a.deadline.text)]
    if yearless:
        doc.warn("year-from-text", f"no 文号, date or year in the title: {yearless[0]!r} and the other deadlines "
                 f"printed without a year resolve against {header.year}, taken from {header.year_source}", 0)


def date_every_problem(doc: ParseState) -> None:
    """A rectification notice's one due date for the problems it lists (于5月20日前将问题整改完成, in its body
    above an annex or after the list): every attribution that prints none takes it."""
    if (span := deadline_for_every_problem(doc.text)) is None:
        return
    if (deadline := doc.resolver.deadline(*span, warn=False, in_text=True)) is None:
        return
    doc.tasks = [replace(task, assignments=tuple(a if a.deadline else replace(a, deadline=deadline)
                                                 for a in task.assignments)) for task in doc.tasks]
