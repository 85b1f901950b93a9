"""Which duty of a document's new version each duty of an earlier version became: the one home of that rule,
used when a changed file replaces its earlier version and when one of two stored versions of a notice is
removed. Progress records, ledgers and links name duties by assignment id, which a new version changes.

A duty is its counterpart when, in this order: its task title and clause are the same word for word; its
clause's words changed little (a new deadline printed in it) at the same place in the same task with the same
units; or the task's label, title and the clause's place are the same and the clause differs only in the names
of its units (机构改革: 市投资促进中心 became 市招商服务中心). A new duty that holds an earlier duty word for word is
that duty, never another's; a clause struck out or deleted is no one's counterpart.

Whichever way a duty was found, it stays the same duty if its units by role are the same; or the differences
are a rename: each old unit that changed appears nowhere in the new version and each new unit appeared nowhere in
the earlier one; or its units only grew or changed role beside its lead: every earlier unit is still named on it
and every earlier lead still leads (a revision adding 县住建局 as a responsible unit, or making a cooperating unit
responsible, does not undo the lead's 已办结; ``grown``). Otherwise it is assigned anew (the lead handed to another
unit, a unit dropped, or lead and cooperating swapped): not the same duty, its progress is not carried
(``reassigned``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ingest.model import PolicyDocument

from .analysis import ROLE_ZH, short_document
from .build import assignment_id
from .progress import Duty
from .task_label import qualifiers, task_key


@dataclass(frozen=True)
class Counterparts:
    moved: dict[str, str]  # earlier id → the id of the same duty in the new version
    renamed: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)  # id → (was, now)
    reassigned: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (the new id, "lead A → B")
    grown: dict[str, str] = field(default_factory=dict)  # id → "responsible + 县住建局": units added or moved beside its lead


ROLES = ("lead", "responsible", "cooperating")


def _roles(doc: PolicyDocument) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Assignment id → its units' names by role (lead, responsible, cooperating), each in printed order."""
    return {assignment_id(doc, index, a.seq): tuple(tuple(dict.fromkeys(u.name for u in units))
                                                    for units in (a.lead, a.responsible, a.cooperating))
            for index, task in enumerate(doc.tasks, start=1) for a in task.assignments}


def _change(was: tuple[tuple[str, ...], ...], now: tuple[tuple[str, ...], ...]) -> str:
    """"lead 市商务局 → 市贸促会": each role whose units differ, as they were and are."""
    return "; ".join(f"{role} {'、'.join(a) or '—'} → {'、'.join(b) or '—'}"
                     for role, a, b in zip(ROLES, was, now, strict=True) if set(a) != set(b))


def duties(doc: PolicyDocument) -> dict[str, tuple[str, str]]:
    """Assignment id → (task title, clause): what a duty is, word for word."""
    return {assignment_id(doc, index, a.seq): (task.title, a.text_span.slice(doc.text))
            for index, task in enumerate(doc.tasks, start=1) for a in task.assignments}


def _owners(doc: PolicyDocument) -> dict[str, tuple]:
    """Assignment id → (task title, how many clauses it has, the clause's place in it, its units by role)."""
    return {assignment_id(doc, index, a.seq): (task.title, len(task.assignments), a.seq,
                                               *(tuple(u.name for u in units)
                                                 for units in (a.lead, a.responsible, a.cooperating)))
            for index, task in enumerate(doc.tasks, start=1) for a in task.assignments}


def _places(doc: PolicyDocument) -> dict[str, tuple]:
    """Assignment id → (task label, task title, how many clauses, the clause's place): where a duty stands."""
    return {assignment_id(doc, index, a.seq): (task.label, task.title, len(task.assignments), a.seq)
            for index, task in enumerate(doc.tasks, start=1) for a in task.assignments}


def _units(doc: PolicyDocument) -> dict[str, tuple[tuple[str, ...], str]]:
    """Assignment id → (its units' names, its clause with every unit as printed taken out)."""
    out = {}
    for index, task in enumerate(doc.tasks, start=1):
        for a in task.assignments:
            mentions = (*a.lead, *a.responsible, *a.cooperating)
            clause = a.text_span.slice(doc.text)
            for surface in sorted({m.surface for m in mentions}, key=len, reverse=True):
                clause = clause.replace(surface, "")
            out[assignment_id(doc, index, a.seq)] = (tuple(dict.fromkeys(m.name for m in mentions)),
                                                    re.sub(r"\s", "", clause))
    return out


def counterparts(before: list[PolicyDocument], doc: PolicyDocument) -> Counterparts:
    """Each duty of the documents ``before`` that has a counterpart in ``doc``, and which of them only had their
    units renamed (module docstring)."""
    old: dict[str, tuple[str, str]] = {}
    for earlier in before:
        old.update(duties(earlier))
    after = duties(doc)
    first: dict[tuple[str, str], str] = {}
    for aid, duty in after.items():
        first.setdefault(duty, aid)
    moved = {a: first[d] for a, d in old.items() if d in first}
    kept = set(old.values())
    steps = {}
    for match in (_reworded, _renamed):
        free = {a for a, d in after.items() if a not in moved.values() and d not in kept}
        steps[match] = match(before, doc, free, set(old) - moved.keys(), after, old)
        moved.update(steps[match])
    return _by_units(before, doc, moved)


def _by_units(before: list[PolicyDocument], doc: PolicyDocument, found: dict[str, str]) -> Counterparts:
    """Of the pairs ``found``, those whose units by role are the same or only renamed (module docstring) stay
    the same duty; the others are assigned anew."""
    roles_before = {a: r for earlier in before for a, r in _roles(earlier).items()}
    roles_after = _roles(doc)
    named_before = {u for r in roles_before.values() for units in r for u in units}
    named_after = {u for r in roles_after.values() for units in r for u in units}
    moved, renamed, reassigned, grown = {}, {}, {}, {}
    for a, b in found.items():
        was, now = roles_before[a], roles_after[b]
        gone = tuple(dict.fromkeys(u for x, y in zip(was, now, strict=True) for u in x if u not in y))
        came = tuple(dict.fromkeys(u for x, y in zip(was, now, strict=True) for u in y if u not in x))
        if not gone and not came:
            moved[a] = b
        elif _grown(was, now):  # before a rename: a unit added, new to the notice, is no rename either
            moved[a], grown[a] = b, _change(was, now)
        elif not any(u in named_after for u in gone) and not any(u in named_before for u in came):
            moved[a], renamed[a] = b, (gone, came)
        else:
            reassigned[a] = (b, _change(was, now))
    return Counterparts(moved, renamed, reassigned, grown)


def _grown(was: tuple[tuple[str, ...], ...], now: tuple[tuple[str, ...], ...]) -> bool:
    """Units added, or moved between the roles beside the lead, and none taken away: every earlier unit is still
    named on the duty and every earlier lead still leads it."""
    named_now = {u for units in now for u in units}
    return all(u in named_now for units in was for u in units) and all(u in now[0] for u in was[0])


def _reworded(before, doc, free, left, after, old) -> dict[str, str]:
    """A clause whose words changed a little, at the same place in the same task with the same units."""
    owners_before = _unique({a: k for earlier in before for a, k in _owners(earlier).items()})
    owners_after = _unique({a: k for a, k in _owners(doc).items() if a in free})
    out = {}
    for key, a in owners_before.items():
        target = owners_after.get(key)
        if a in left and target and _alike(old[a][1], after[target][1]):
            out[a] = target
    return out


def _renamed(before, doc, free, left, after, old) -> dict[str, str]:
    """The same task (label and title) and place, the clause the same once its units' names are taken out."""
    places_before = _unique({a: k for earlier in before for a, k in _places(earlier).items()})
    places_after = _unique({a: k for a, k in _places(doc).items() if a in free})
    units_before = {a: u for earlier in before for a, u in _units(earlier).items()}
    units_after = _units(doc)
    out = {}
    for key, a in places_before.items():
        target = places_after.get(key)
        if a in left and target and units_before[a][1] == units_after[target][1]:
            out[a] = target
    return out


def _alike(old: str, new: str) -> bool:
    """Two readings of one clause: most of the old clause's words are still there (dates and numbers aside)."""
    def words(text: str) -> str:
        return re.sub(r"[\d〇一二三四五六七八九十]+[年月日号]?|\s", "", text)

    return difflib.SequenceMatcher(None, words(old), words(new), autojunk=False).ratio() >= 0.6


def _unique(mapping: dict[str, tuple]) -> dict[tuple, str]:
    """Key → the one id holding it; keys several ids hold are left out (they name no duty for certain)."""
    seen: dict[tuple, list[str]] = {}
    for aid, key in mapping.items():
        seen.setdefault(key, []).append(aid)
    return {key: ids[0] for key, ids in seen.items() if len(ids) == 1}


def described(doc: PolicyDocument, ids: set[str], gone: str) -> list[Duty]:
    """What each duty ``ids`` of ``doc`` is (``progress.Duty``), as the document leaves the store."""
    out = []
    number = short_document(doc.metadata.doc_number, doc.metadata.title)
    quals = qualifiers([(index, task.label, task.span.start) for index, task in enumerate(doc.tasks, start=1)],
                       [(s.span.start, s.title) for s in doc.sections])
    for index, task in enumerate(doc.tasks, start=1):
        for a in task.assignments:
            aid = assignment_id(doc, index, a.seq)
            if aid in ids:
                units = tuple(dict.fromkeys(u.name for u in (*a.lead, *a.responsible, *a.cooperating)))
                label = f"{task_key(task.label, quals[index])}.{a.seq}"  # "保障措施.2.1" where "2" repeats
                out.append(Duty(id=aid, document=number, label=label, title=task.title,
                                text=a.text_span.slice(doc.text), units=units, gone=gone))
    return out




def _tasks(doc: PolicyDocument) -> dict[int, tuple[str, str]]:
    """Task index (from 1) → (its key as every page names it: "7", "保障措施.2" where the number repeats, title)."""
    quals = qualifiers([(index, task.label, task.span.start) for index, task in enumerate(doc.tasks, start=1)],
                       [(s.span.start, s.title) for s in doc.sections])
    return {index: (task_key(task.label, quals[index]), task.title) for index, task in enumerate(doc.tasks, start=1)}


def _clauses(doc: PolicyDocument) -> dict[str, tuple[int, object]]:
    """Assignment id → (its task's index, the parsed assignment)."""
    return {assignment_id(doc, index, a.seq): (index, a) for index, task in enumerate(doc.tasks, start=1)
            for a in task.assignments}


def _short(title: str) -> str:
    return title if len(title) <= 16 else title[:15] + "…"


def what_changed(before: list[PolicyDocument], doc: PolicyDocument, match: Counterparts) -> list[str]:
    """What a new version ``doc`` changes of the versions ``before``, for the person who gave it (a revision
    moves deadlines, adds and drops tasks, adds units; progress is the least of it): tasks added and dropped,
    tasks renumbered, and of each duty that stayed (its counterpart, ``match``) a changed deadline and units
    added or removed by role. Units renamed (``match.renamed`` with units on both sides) are said by the
    caller. Each item a short bilingual line."""
    pairs = {**match.moved, **{a: b for a, (b, _change) in match.reassigned.items()}}
    old_tasks = {(d.id, i): t for d in before for i, t in _tasks(d).items()}
    old_clauses = {aid: (d.id, i, a) for d in before for aid, (i, a) in _clauses(d).items()}
    new_tasks, new_clauses = _tasks(doc), _clauses(doc)
    kept_old = {old_clauses[a][:2] for a in pairs if a in old_clauses}
    kept_new = {new_clauses[b][0] for b in pairs.values() if b in new_clauses}
    old_titles = {t for _k, t in old_tasks.values()}
    new_titles = {t for _k, t in new_tasks.values()}
    out = [f"任务{key} 新增 added: {_short(title)}" for i, (key, title) in new_tasks.items()
           if i not in kept_new and title not in old_titles]
    out += [f"任务{key} 删除 dropped: {_short(title)}" for place, (key, title) in old_tasks.items()
            if place not in kept_old and title not in new_titles]
    renumbered: dict[str, str] = {}
    per_duty: list[str] = []
    for old_id, new_id in pairs.items():
        if old_id not in old_clauses or new_id not in new_clauses:
            continue
        doc_id, old_index, was = old_clauses[old_id]
        new_index, now = new_clauses[new_id]
        old_key, new_key = old_tasks[(doc_id, old_index)][0], new_tasks[new_index][0]
        if old_key != new_key:
            renumbered.setdefault(old_key, new_key)
        name = f"{new_key}.{now.seq} {_short(new_tasks[new_index][1])}"
        dues = [(x.deadline.text if x.deadline else "—") for x in (was, now)]
        if dues[0] != dues[1]:
            per_duty.append(f"{name}: 期限 deadline {dues[0]} → {dues[1]}")
        gone, came = match.renamed.get(old_id, ((), ()))
        if gone and came:
            continue  # a rename, said apart
        for role in ROLES:
            a, b = ([u.name for u in getattr(x, role)] for x in (was, now))
            added, removed = [u for u in dict.fromkeys(b) if u not in a], [u for u in dict.fromkeys(a) if u not in b]
            if added:
                per_duty.append(f"{name}: {ROLE_ZH[role]}单位 {role} + {'、'.join(added)}")
            if removed:
                per_duty.append(f"{name}: {ROLE_ZH[role]}单位 {role} − {'、'.join(removed)}")
    return out + [f"任务{a} → 任务{b} 重新编号 renumbered" for a, b in renumbered.items()] + per_duty
