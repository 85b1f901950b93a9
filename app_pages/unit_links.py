"""A unit named in a link or typed in a box (a short name, an alias, a full name, a bookmark from before the
store held several places) read as the question box reads it: the one unit it means, the units it may mean, or
said to be absent from the place it names; never silently dropped for "all units" or another place's unit.
The Units and Deadlines pages share it."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from graph.analysis import unit_label
from ingest.unit_identity import full_name
from queries.question import simplified

from .common import current, plain
from .views import Links


def resolve_alias(names: list[str], lexicon, by_name: dict[str, list[str]], links: Links, page: str = "units") -> None:
    """A short name, alias or full name → the unit picked; a name several places hold lists their full names."""
    text = (st.session_state.get("unit_alias") or "").strip()
    if text and not _absent(text, names, lexicon, by_name, links, page) and not _place(text, names, lexicon,
                                                                                       by_name, links, page):
        _pick(text, _candidates(text, names, lexicon, by_name), links, page)


def _candidates(text: str, names: list[str], lexicon, by_name: dict[str, list[str]]) -> list[str]:
    """The units (as the page lists them) a short name, alias or full name may mean: the first unit the text
    names, in the place it names (a place holding no such unit is ``_absent``'s), else the names holding it."""
    def shown(found: list[str]) -> list[str]:
        return list(dict.fromkeys(label for n in found for label in by_name.get(n, [n]) if label in names))

    if text in names:
        return [text]
    text = simplified(text)
    matches = [m for m in lexicon.find(text) if m.kind == "unit"][:1]
    placed = [full_name(lexicon.qualified[m.surface], m.value) for m in matches if m.surface in lexicon.qualified]
    return [p for p in placed if p in names] or shown([m.value for m in matches]) or shown(lexicon.fuzzy_units(text))


def _absent(text: str, names: list[str], lexicon, by_name: dict[str, list[str]], links: Links,
            page: str) -> bool:
    """平度市城市管理局 where 平度市 holds no 城市管理局: said so, with links to the places' units that hold it;
    never another place's unit picked in its stead."""
    if text in names:
        return False
    found = next((m for m in lexicon.find(simplified(text)) if m.kind == "absent"), None)
    if found is None:
        return False
    absent = found.value
    labels = [full for full in absent.full_names if full in names] or \
        [label for _p, n in absent.holders for label in by_name.get(n, [n]) if label in names]
    held = _linked(labels, links, page)
    text, place, body = plain(text), plain(absent.place), plain(absent.body)
    st.session_state["unit_alias_note"] = (
        "warning", f"“{text}”:库中{place}没有{body}。{place} has no {body} in the store"
        + (f";{body} 见于 is held by: {held}" if held else "") + "。")
    return True


def _linked(labels, links: Links, page: str) -> str:
    """Each unit as a Markdown link opening it on ``page`` (the shared state kept)."""
    return "、".join(f"[{plain(label)}]({page}?{urlencode({'unit': label, **links.shared})})"
                    for label in dict.fromkeys(labels))


def _place(text: str, names: list[str], lexicon, by_name: dict[str, list[str]], links: Links, page: str) -> bool:
    """A place that is no unit the page lists (青岛市, 山东省, 历下区): said so, with its own units to open and the
    question that lists its duties; never a unit whose name holds the place's (人民银行青岛市分行)."""
    match = next((m for m in lexicon.find(simplified(text)) if m.kind == "unit"), None)
    if text in names or match is None or match.value in by_name or not lexicon.is_place(match.value) \
            or match.surface != simplified(text):
        return False
    place = match.value
    places = lexicon.printed_places.get(place) or (place,)  # 市中区: 济南市市中区 and 枣庄市市中区, each linked
    # each unit as the page lists it (graph.analysis.unit_label): 沂南县发展改革局, never 县发展改革局 of a document
    # of unknown place that a store of several places lists by its short name
    units = [label for p in places for n in lexicon.units_in(p)
             if (label := unit_label(n, full_name(p, n), lexicon.several_places)) in names]
    ask = "、".join(f"[问答 Ask: {plain(q)}](ask?{urlencode({'q': q, **links.shared})})"
                   for q in (f"{p}有哪些任务" for p in places))
    st.session_state["unit_alias_note"] = (
        "warning", f"“{plain(text)}”是地方,不是单位。{plain(place)} is a place, not a unit: {ask}"
        + (f";其单位 its units: {_linked(units, links, page)}" if units else "") + "。")
    return True


def _pick(text: str, candidates: list[str], links: Links, page: str) -> None:
    """One candidate is the unit shown; several are links for the user to choose; none is said."""
    text = plain(text)  # typed in the box or read from a link: hostile until escaped
    if len(candidates) == 1:
        st.session_state["unit"] = candidates[0]
        st.session_state["unit_alias_note"] = ("info", f"“{text}” → {plain(candidates[0])}")
    elif candidates:
        st.session_state["unit_alias_note"] = ("warning", f"“{text}” 可能是 could be: {_linked(candidates, links, page)}")
    else:
        st.session_state["unit_alias_note"] = ("warning", f"没有找到单位“{text}”。No unit called '{text}'.")


def unit_from_link(names: list[str], lexicon, by_name: dict[str, list[str]], links: Links,
                   page: str = "units") -> bool:
    """A link's ``?unit=`` that is not a name the page lists (a short name once the store holds several places,
    an alias, a bookmark from before): read as the alias box reads it, never dropped for the first unit. False:
    the link names a place's unit the store does not hold, or no unit at all (its document was removed), and no
    unit is shown (the link stays as it is); nor when it may mean several units, each offered as a link, or names
    a place that is no unit, its units offered."""
    wanted = (st.query_params.get("unit") or "").strip()
    if wanted and wanted not in names and current("unit") not in names:
        if _absent(wanted, names, lexicon, by_name, links, page) or _place(wanted, names, lexicon, by_name, links,
                                                                           page):
            return False
        candidates = _candidates(wanted, names, lexicon, by_name)
        _pick(wanted, candidates, links, page)
        if len(candidates) == 1:
            st.query_params["unit"] = candidates[0]
        return len(candidates) == 1  # several: links to each, and no unit's figures (never one not asked for)
    return True


def show_note() -> None:
    note = st.session_state.pop("unit_alias_note", None)
    if note:
        getattr(st, note[0])(note[1])
