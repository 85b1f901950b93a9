"""Ask: question → QuerySpec → Cypher → assignments, with the reading shown. The CLI and the app both call
``answer``; nothing here knows which engine runs the query.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from graph.analysis import unit_label
from graph.build import task_of_assignment
from graph.progress import STATE_ZH
from ingest.errors import QueryError
from ingest.unit_identity import full_name

from .compile import compile_spec, printed_on
from .contract import (
    assignment_name,
    count_tasks,
    counted_reads,
    deadline_reads,
    details_query,
    document_short,
    shown,
    tsv_line,
)
from .contract import assignments as fetch_assignments
from .contract import count as count_assignments
from .lexicon import Lexicon, build_lexicon
from .question import ROLE_NAMES, QuerySpec, check_length, parse_question, simplified
from .status_filter import (
    OCCURRENCES_SHOWN,
    Dues,
    dues,
    has_window,
    in_its_period,
    occurrences,
    recurring_verdicts,
)


@dataclass
class Answer:
    question: str
    spec: QuerySpec
    cypher: str = ""
    params: dict = field(default_factory=dict)
    assignments: list[dict] = field(default_factory=list)
    understood: bool = True
    message: str = ""
    table_query: str = ""  # a named query answered instead of a list of assignments
    table: tuple[list[str], list[list]] | None = None
    total: int | None = None  # all matching assignments when ``assignments`` holds only the first page
    reference_date: date | None = None  # "now" for 本月, 30天内, overdue
    warnings: list[str] = field(default_factory=list)  # shown above the answer: what it may get wrong
    unit_counts: list[dict] | None = None  # by_unit() over every matching assignment, when they are paged
    tasks: int | None = None  # the tasks the matching assignments belong to (a question of how many)
    ranked_unit: str | None = None  # a ranking: the top unit, whose assignments are the answer's rows

    @property
    def count(self) -> int:
        return len(self.assignments) if self.total is None else self.total

    def by_unit(self, rank: str | None = None) -> list[dict]:
        """Counts per unit and role over the answer's assignments; with ``rank`` (a role), ranked by that role's
        count and only units that hold it."""
        if rank is None and self.unit_counts is not None:
            return self.unit_counts
        counts: dict[str, Counter] = {}
        for a in self.assignments:
            for role in ("lead", "responsible", "cooperating"):
                for unit in shown(a, role):  # 青岛市财政局 and 广州市财政局 are counted apart
                    counts.setdefault(unit, Counter())[role] += 1
        rows = [{"unit": u, "lead": c["lead"], "responsible": c["responsible"], "cooperating": c["cooperating"],
                 "total": sum(c.values())} for u, c in counts.items()]
        rows = [r for r in rows if rank is None or r[rank]]
        return sorted(rows, key=lambda r: (-r[rank or "total"], -r["total"], -r["lead"], r["unit"]))

    def interpretation(self) -> dict:
        s = self.spec
        return {
            "reading": list(s.reading),
            "not_understood": list(s.unread),
            "ambiguous": {fragment: list(c) for fragment, c in s.ambiguous},
            "units": [{"name": g.name, "as_written": g.surface, "through": list(g.via),
                       "roles": list(g.roles or s.roles) or ["lead", "responsible", "cooperating"]} for g in s.units],
            "roles": list(s.roles) or ["lead", "responsible", "cooperating"],
            "shape": s.shape,
            "language": s.language,
            "understood": self.understood,
            "message": self.message,
            "warnings": list(self.warnings),
            "notes": list(s.notes),
            "not_applied": [{"as_written": w, "filter": kind} for w, kind in s.unapplied],
            "suggestions": [{"as_written": w, "unit": u} for w, u in s.suggestions],
            "alternatives": [{"reading": r, "question": q} for r, q in s.alternatives],
            "relative": s.reference_date is not None,
            "reference_date": self.reference_date.isoformat() if self.reference_date else None,
        }

    def to_json(self) -> dict:
        data = {"question": self.question, "interpretation": self.interpretation(),
                "assignments": self.assignments, "cypher": self.cypher, "params": self.params,
                "count": self.count}
        if self.tasks is not None:
            data["task_count"] = self.tasks
        if self.spec.shape == "by_unit":
            data["by_unit"] = self.by_unit()
        if self.table_query:
            data["named_query"] = self.table_query
        if self.table is not None:
            columns, rows = self.table
            data["table"] = [dict(zip(columns, [_plain(v) for v in r], strict=True)) for r in rows]
        if self.ranked_unit is not None:  # a ranking's assignments are that unit's
            data["ranked_unit"] = self.ranked_unit
        return data


def lexicon_for(session) -> Lexicon:
    """One lexicon per open session, kept on the session: a reopened store gets a fresh one."""
    lexicon = getattr(session, "_policykg_lexicon", None)
    if lexicon is None:
        lexicon = build_lexicon(session)
        session._policykg_lexicon = lexicon
    return lexicon


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


_TARGETS = re.compile(r"目标|指标|\btargets?\b|\bindicators?\b", re.IGNORECASE)
_WHICH_UNITS = re.compile(r"哪些(?:牵头|责任|配合|参与|协助)?(?:单位|部门|机构)|which units|which departments|who works"
                          r"|\bwho\b", re.IGNORECASE)
_WHICH_INDUSTRIES = re.compile(r"哪些产业|哪些行业|which industries|industries (?:by|ranked)", re.IGNORECASE)


_WITHOUT_LEAD = re.compile(r"没有牵头|无牵头|未明确牵头|without (?:a |any )?lead", re.IGNORECASE)
_WITHOUT_RESPONSIBLE = re.compile(r"没有责任单位|无责任单位|without (?:a |any )?responsible", re.IGNORECASE)
_PARTNERS = re.compile(r"(?:和|与|同)哪些单位(?:合作|协作|一起)\w{0,2}最多|合作最多|partners?|works? (?:the )?most with"
                       r"|works? with most|who works? with\b(?:.*?\b(?:the )?most\b)?", re.IGNORECASE)


def _named_intent(question: str, spec: QuerySpec, lexicon: Lexicon) -> tuple[str, dict] | None:
    """Questions about targets, industries, partners and missing roles are answered by a named query, not a list
    of clauses."""
    if len(spec.units) == 1 and _PARTNERS.search(question):
        unit = spec.units[0]  # the place the question was read in: its full name picks that place's unit
        return "unit_partners", {"unit": full_name(unit.place, unit.name) if lexicon.several_places and unit.place
                                 else unit.name}
    if not spec.units and _WITHOUT_LEAD.search(question):
        return "assignments_without_lead", {}
    if not spec.units and _WITHOUT_RESPONSIBLE.search(question):
        return "assignments_without_responsible", {}
    if _TARGETS.search(question):
        if spec.task_label:
            return "targets_of_task", {"task": spec.task_label}
        seq = spec.action_seq or next((v[0] for v in lexicon.actions.values() if v[1] == spec.action_name), None)
        return ("targets_of_action", {"action": seq}) if seq else ("goal_targets", {})
    if spec.concepts and _WHICH_UNITS.search(question) and not _narrowed(spec):  # 有哪些配合单位: that role's
        return "units_on_industry", {"industry": spec.concepts[0][0], "role": ",".join(spec.roles)}
    if _WHICH_INDUSTRIES.search(question) and not spec.concepts:
        return "industries_by_task_count", {}
    return None


# The named queries whose rows do not say in which role (targets, industries, partners): a role the question
# asks for is said not to be applied, never dropped without a word. The without_* queries read the role word.
_READ_THEIR_ROLE = ("units_on_industry", "assignments_without_lead", "assignments_without_responsible")


def _roles_not_applied(spec: QuerySpec, intent: tuple[str, dict]) -> tuple[str, ...]:
    roles = tuple(dict.fromkeys((*spec.roles, *(r for g in spec.units for r in g.roles),
                                 *((spec.rank_role,) if spec.rank_role else ()))))
    if not roles or intent[0] in _READ_THEIR_ROLE:
        return ()
    zh, en = "、".join(ROLE_NAMES[r][0] for r in roles), ", ".join(ROLE_NAMES[r][1] for r in roles)
    return (f"角色({zh})未用于筛选:{intent[0]}的结果包含各角色。" if spec.language == "zh" else
            f"Role ({en}) NOT applied: {intent[0]} answers for every role.",)


def _narrowed(spec: QuerySpec, scope: str | None = None) -> bool:
    """Filters besides the industry and the role, which units_on_industry's rows cannot keep (a deadline, a
    document, a unit, progress …): such a question's units are counted over its assignments instead."""
    return bool(scope or spec.units or spec.due_from or spec.due_to or spec.due_month or spec.due_year
                or spec.open_ended or spec.recurring or spec.action_seq or spec.action_name or spec.task_label
                or spec.keywords or spec.documents or spec.states or spec.not_states or len(spec.concepts) > 1)


def _units_counted(question: str, spec: QuerySpec, scope: str | None) -> QuerySpec:
    """哪些单位/who … on an industry with other filters too (9月到期, a document): the units counted over the
    assignments every filter keeps, in the role asked, rather than units_on_industry's table of every deadline and
    document."""
    if not (spec.concepts and spec.shape == "list" and _WHICH_UNITS.search(question) and _narrowed(spec, scope)):
        return spec
    role = spec.roles[0] if len(spec.roles) == 1 else None
    said = ("形式:按单位统计(问题的全部条件)" if spec.language == "zh" else
            "shape: counted by unit (every filter of the question)")
    return replace(spec, shape="by_unit", rank_role=role, reading=(*spec.reading, said))


_INTENT_WORDS = (_PARTNERS, _WITHOUT_LEAD, _WITHOUT_RESPONSIBLE, _TARGETS, _WHICH_UNITS, _WHICH_INDUSTRIES)


def _unread_by_intent(question: str, unread: tuple[str, ...]) -> tuple[str, ...]:
    """The words that chose a named query (没有牵头, partners, targets) were read."""
    chosen = " ".join(m.group(0) for r in _INTENT_WORDS for m in r.finditer(question)).lower()
    return tuple(w for w in unread if w.lower() not in chosen)


def _default_year(session) -> int | None:
    """The latest document's year, kept on the session like the lexicon (a reopened store asks again)."""
    if not hasattr(session, "_policykg_year"):
        rows = session.query("MATCH (d:Document) RETURN d.year ORDER BY d.year DESC LIMIT 1")[1]
        session._policykg_year = rows[0][0] if rows and rows[0][0] else None
    return session._policykg_year


EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def reference_date(text: str) -> date:
    """The "now" a user sets (CLI --today, the app): a real yyyy-mm-dd date in a range the windows can reach."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        value = None
    if value is None or not EARLIEST <= value <= LATEST:
        raise QueryError(f"reference date {text!r}: expected a real date yyyy-mm-dd with a year from {EARLIEST.year} "
                         f"to {LATEST.year}")
    return value


def _document_years(session) -> tuple[int, int] | None:
    if not hasattr(session, "_policykg_years"):
        rows = session.query("MATCH (d:Document) WHERE d.year IS NOT NULL RETURN min(d.year), max(d.year)")[1]
        session._policykg_years = tuple(rows[0]) if rows and rows[0][0] else None
    return session._policykg_years


def answer(session, question: str, today: date | str | None = None, limit: int | None = None,
           progress: dict | None = None, offset: int = 0, scope: str | None = None) -> Answer:
    """``limit`` returns one page of assignments, from ``offset`` on (the app shows pages); ``count`` is always
    the total.
    ``today`` is the one "now" of relative words (本月, 30天内, overdue); it defaults to the machine's date.
    ``progress`` (assignment id → latest event, ``Store.progress().current(as_of=today)``: the reports
    recorded by the end of the reference day, as a ledger dated then counts them) makes "overdue" mean due and
    not done and gives each assignment its ``status`` (None when nothing was recorded). ``scope`` (a document
    id, the app's document filter) answers from that document when the question names none, so a page of the
    answer is a page of that document's assignments."""
    check_length(question)
    today = reference_date(today) if isinstance(today, str) else (today or date.today())
    spec = parse_question(question, lexicon_for(session), today, _default_year(session), scope)
    asked = simplified(question)  # a question in Traditional characters asks what its Simplified form asks
    intent = _named_intent(asked, spec, lexicon_for(session))
    named = None
    if intent is None or _TARGETS.search(asked):  # 重点任务.1有哪些指标 names its task as answers print it
        spec, named = _printed_task(session, asked, spec, scope)
        intent = intent and _named_intent(asked, spec, lexicon_for(session))
    if intent is not None:
        spec = replace(spec, unread=_unread_by_intent(asked, spec.unread), notes=(*spec.notes, *_roles_not_applied(
            spec, intent)))
    else:
        spec = _units_counted(asked, spec, scope)
    result = Answer(question, spec, reference_date=today)
    result.warnings = _warnings(spec, today, _document_years(session))
    if intent is not None:
        from .named import get, with_task_names

        result.table_query, result.params = intent
        result.cypher = get(result.table_query).text
        columns, rows = session.query(result.cypher, result.params)
        rows = _rows_asked(columns, rows, named, spec.documents or ((scope,) if scope else ()))
        result.table = _shown_partners((columns, with_task_names(session, columns, rows)), lexicon_for(session))
        return result
    if spec.ambiguous and not spec.units:
        result.understood = False
        result.message = _ambiguity_message(spec)
        return result
    kinds = {kind for _, kind in spec.unapplied}
    if ("unit" in kinds and not spec.units) or ("document" in kinds and not spec.documents):
        result.understood = False  # every unit's (every document's) rows, as if they were the ones asked for
        result.message = ("未作回答:没有这一筛选,答案将包含全部单位或文件的分工。" if spec.language == "zh" else
                          "Not answered: without that filter the answer would hold every unit's or every "
                          "document's assignments.")
        return result
    if not spec.has_filter and not spec.everything and spec.shape != "ranking":
        result.understood = False
        from .examples import examples_for

        result.message = _not_understood_message(spec, examples_for(session))
        return result
    scoped = replace(spec, documents=(scope,)) if scope and not spec.documents else spec
    states = in_its_period(session, today, progress) if progress else progress  # what is recorded for now
    counted = dues(session, scoped, today, progress)
    selection, result.params = compile_spec(scoped, progress, recurring_verdicts(session, scoped, progress or {}),
                                            states=states, dues=counted, only=named)
    result.cypher = details_query(selection).strip()
    if spec.shape in ("ranking", "by_unit"):  # counted over every match, then paged
        everything = with_status(fetch_assignments(session, selection=selection, params=result.params), states)
        if spec.shape == "ranking":
            _rank(result, everything, limit, offset)
        else:
            result.assignments = everything
            result.unit_counts = result.by_unit(spec.rank_role)  # a role asked: that role's counts alone
            _paged(result, everything, limit, offset)
    else:
        result.assignments = with_status(
            fetch_assignments(session, selection=selection, params=result.params, limit=limit, offset=offset),
            states)
        if limit is not None:
            result.total = (len(result.assignments) if not offset and len(result.assignments) < limit
                            else count_assignments(session, selection, result.params))
    if spec.shape == "count":
        result.tasks = count_tasks(session, selection, result.params)
    with_counted(result.assignments, scoped, counted, today, progress)
    if counted.extended and has_window(scoped):
        _note_extended_out(session, result, scoped, counted, progress, states)
    if not result.assignments:
        result.message = ("没有符合条件的分工。" if spec.language == "zh" else "No assignment matches this reading.")
    return result


# A task or assignment named as answers print it: 保障措施.2, 保障措施(1).2.1, 重点任务.3, 保障措施 任务2.
_PRINTED_TASK = re.compile(r"[\u4e00-\u9fff](?:\(\d{1,2}\))?\.(?P<num>\d{1,3})(?:\.(?P<seq>\d{1,3}))?"
                           r"|[\u4e00-\u9fff]任务(?P<num2>\d{1,3})")
_RUN = re.compile(r"\(\d{1,2}\)")


def _printed_task(session, question: str, spec: QuerySpec, scope: str | None) -> tuple[QuerySpec, list | None]:
    """The spec and the assignment ids of a task named as this tool names it where numbers repeat in a document
    (保障措施.2, 保障措施(1).2.1, 保障措施 任务2); (spec, None) when the question names none. Read against the
    names the answers print (graph/task_label's one rule), never as every document's task 2."""
    text = re.sub(r"\s+", "", question)
    m = _PRINTED_TASK.search(text)
    if m is None:
        return spec, None
    number = m["num"] or m["num2"]
    documents = spec.documents or ((scope,) if scope else ())
    selection, params = compile_spec(QuerySpec(task_label=number, documents=documents))
    found = fetch_assignments(session, selection=selection, params=params)

    def written(a: dict, loose: bool) -> bool:
        key, heading = a["task"].get("key") or "", (a["task"].get("heading") or "").replace(" ", "")
        names = [n for n in (key if "." in key else "", heading if heading != f"任务{number}" else "") if n]
        return any((_RUN.sub("", n) if loose else n) in (_RUN.sub("", text) if loose else text) for n in names)

    kept = [a for a in found if written(a, False)] or [a for a in found if written(a, True)]
    if m["seq"]:
        kept = [a for a in kept if a["seq"] == int(m["seq"])]
    if not kept:
        return spec, None
    names = "、".join(dict.fromkeys(a["task"]["key"] for a in kept))
    covered = [n for a in kept for n in (f"{a['task']['key']}.{a['seq']}", (a["task"].get("heading") or "").replace(" ", ""))]
    unread = tuple(u for u in spec.unread if not any(u.replace(" ", "") in n for n in covered))
    reading = tuple(r for r in spec.reading if not r.startswith(("任务:", "task:", "部分:", "section:")))
    said = f"任务:{names}" if spec.language == "zh" else f"task: {names}"
    return replace(spec, task_label=number, unread=unread, reading=(*reading, said)), [a["id"] for a in kept]


def with_counted(rows: list[dict], spec: QuerySpec, counted: Dues, today: date, progress: dict | None) -> list[dict]:
    """Each row's ``counted``: the date that put it in the question's window when the printed deadline does not
    say it (the Deadlines page's rule): an extension's new date, or a recurring duty's first occurrence in the
    window and how many it holds; None when the printed deadline counts."""
    for a in rows:
        d, event = a.get("deadline") or {}, (progress or {}).get(a["id"])
        a["counted"] = None
        if a["id"] in counted.extended:
            a["counted"] = {"date": counted.extended[a["id"]].isoformat(), "reason": "extension",
                            "printed": d.get("end")}
        elif d.get("recurring"):
            extension = event if event is not None and event.state == "extension_requested" and event.date else None
            dates = occurrences(spec, d["recurring"], _day(d.get("start")), _day(d.get("end")), d.get("due_day") or 0,
                                d.get("due_day_month") or 0, today, extension)
            if dates:
                a["counted"] = {"date": dates[0].isoformat(), "reason": "recurring", "occurrences": len(dates),
                                "more": len(dates) >= OCCURRENCES_SHOWN}
    return rows


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else value or None


NOTE_LISTED = 5  # extended duties named in the note; the rest counted


def _note_extended_out(session, result: Answer, spec: QuerySpec, counted: Dues, progress: dict | None,
                       states) -> None:
    """A window the printed deadlines put duties in that were extended out of it (9月到期 once 9月底前 is extended
    to 10月31日) says so, naming them: an empty answer with no word of them read as nothing being due."""
    moved_in = set(result.params.get("moved_in", ()))
    out = [i for i in counted.extended if i not in moved_in and counted.printed.get(i)
           and printed_on(spec, counted.printed[i])]
    if not out:  # no extended duty was due in this window as printed: no read for the note
        return
    selection, params = compile_spec(spec, progress, states=states, only=out)  # by the printed dates alone
    rows = fetch_assignments(session, selection=selection, params=params)
    if not rows:
        return
    zh = spec.language == "zh"
    items = [f"{document_short(a['document'])} {assignment_name(a)} "
             + (f"延期至{counted.extended[a['id']]}(原{deadline_reads(a['deadline'])})" if zh else
                f"to {counted.extended[a['id']]} (printed {deadline_reads(a['deadline'])})")
             for a in rows[:NOTE_LISTED]]
    more = len(rows) - NOTE_LISTED
    listed = ("、" if zh else "; ").join(items) + (("等" if zh else f" and {more} more") if more > 0 else "")
    note = (f"另有{len(rows)}条分工按原定期限在此范围内,已申请延期至范围外:{listed}" if zh else
            f"{len(rows)} more assignment(s) fell in this window by their printed deadline and were extended out "
            f"of it: {listed}")
    result.spec = replace(result.spec, notes=(*result.spec.notes, note))


def _rows_asked(columns: list[str], rows: list[list], named: list | None, documents: tuple[str, ...]) -> list[list]:
    """A named query's rows (each naming its task by ``task_id`` or its assignment by ``id``) of the task the
    question named as answers print it (保障措施.2: ``named``, its assignment ids) or of the document it names or
    is scoped to: the queries match a label, or every assignment, in every document, and an answer read as one
    document gave every document's rows (2,000 of them on a corpus)."""
    source = next((c for c in ("task_id", "id") if c in columns), None)
    if source is None:
        return rows
    at = columns.index(source)
    if named is not None and source == "task_id":
        tasks = {task_of_assignment(i) for i in named}
        return [r for r in rows if r[at] in tasks]
    if named is not None:
        return [r for r in rows if r[at] in set(named)]
    if documents:
        from .named import of_document

        return of_document(columns, rows, documents)
    return rows


def _shown_partners(table: tuple[list[str], list[list]], lexicon: Lexicon) -> tuple[list[str], list[list]]:
    """unit_partners' partner by the one label rule (广州市财政局 among several places); other tables as read."""
    columns, rows = table
    if "partner_full_name" not in columns:
        return table
    name, full = columns.index("partner"), columns.index("partner_full_name")
    several = lexicon.several_places
    return columns, [[*r[:name], unit_label(r[name], r[full], several), *r[name + 1:]] for r in rows]


def with_status(rows: list[dict], progress: dict | None) -> list[dict]:
    """Contract objects with their recorded ``status`` joined in by assignment id (any engine)."""
    progress = progress or {}
    for a in rows:
        event = progress.get(a["id"])
        a["status"] = event.status_json() if event is not None else None
    return rows


RANKING_COLUMNS = ["unit", "lead", "responsible", "cooperating", "total"]


def _rank(result: Answer, assignments: list[dict], limit: int | None, offset: int = 0) -> None:
    """Units ranked over the matching assignments: the table is the answer, the top unit's assignments in the
    role counted its evidence. Every matching assignment under the table (13,637 on a corpus, in document order,
    the top unit's nowhere first) answered no question asked."""
    result.assignments = assignments
    rows = result.by_unit(result.spec.rank_role)[: result.spec.top]
    result.table = (RANKING_COLUMNS, [[r[c] for c in RANKING_COLUMNS] for r in rows])
    roles = (result.spec.rank_role,) if result.spec.rank_role else ("lead", "responsible", "cooperating")
    top = rows[0]["unit"] if rows else None
    result.ranked_unit = top
    held = [a for a in assignments if any(top in shown(a, role) for role in roles)]
    _paged(result, held, limit, offset)
    if limit is None:
        result.assignments = held


def _paged(result: Answer, assignments: list[dict], limit: int | None, offset: int) -> None:
    if limit is not None:
        result.total, result.assignments = len(assignments), assignments[offset : offset + limit]


def _warnings(spec: QuerySpec, today: date, years: tuple[int, int] | None) -> list[str]:
    """What the answer may get wrong, in words: never a silently wider or emptier answer."""
    zh = spec.language == "zh"
    out = []
    unread = [w for w in spec.unread if w not in {written for written, _ in spec.unapplied}]  # said below
    if unread:
        words = "、".join(unread) if zh else ", ".join(unread)
        out.append(f"未能理解“{words}”:答案没有按这些词筛选,可能比所问的范围更宽。" if zh else
                   f"Not understood: '{words}'. The answer is not filtered by these words and may be wider than "
                   "what was asked.")
    for written, kind in spec.unapplied:
        out.append(_not_applied(written, kind, zh))
    for written, unit in spec.suggestions:
        out.append(f"您是否要找“{unit}”?问题中写作“{written}”,已按“{unit}”回答。" if zh else
                   f"Did you mean {unit}? The question says '{written}'; answered for {unit}.")
    if spec.units:
        for fragment, candidates in spec.ambiguous:
            out.append(f"“{fragment}”可能是{'、'.join(candidates)},未用于筛选。" if zh else
                       f"'{fragment}' could be {', '.join(candidates)}; it was not used to filter.")
    if spec.reference_date and years and not years[0] - 1 <= today.year <= years[1] + 1:
        span = str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
        out.append(f"参考日期{today.isoformat()}与文件的年份({span})相差两年以上,“本月”“逾期”等可能没有结果或全部逾期;"
                   "请指定参考日期(命令行 --today)。" if zh else
                   f"The reference date {today.isoformat()} is years away from the documents ({span}): 'this "
                   "month' or 'overdue' may find nothing or everything; set the reference date (--today).")
    return out


def _not_applied(written: str, kind: str, zh: bool) -> str:
    """A name read as no filter, said as the filter NOT applied and how to ask for it."""
    if kind == "document":
        return (f"文件筛选未应用:库中没有文号为“{written}”的文件(policykg query documents 列出库中文件)。" if zh else
                f"Document filter NOT applied: no document of the store has the number '{written}' ('policykg "
                "query documents' lists them).")
    if kind == "unit":
        return (f"单位筛选未应用:“{written}”不是可识别的单位名称;请写单位的中文名称(如市工业和信息化局)。" if zh else
                f"Unit filter NOT applied: '{written}' is not a unit name this tool knows (nor one the store "
                "holds). Write the unit's Chinese name, e.g. 市工业和信息化局.")
    return (f"地方/单位筛选未应用:“{written}”不是库中的地方或单位,答案包含各地的分工;请写其中文名称(如苏州市)。" if zh else
            f"Place/unit filter NOT applied: '{written}' is no place or unit of the store, so the answer holds "
            "every place's assignments. Write its Chinese name, e.g. 苏州市 or 市财政局.")


def _ambiguity_message(spec: QuerySpec) -> str:
    parts = [f"“{fragment}”可能是:{'、'.join(c)}" for fragment, c in spec.ambiguous]
    if spec.language == "en":
        parts = [f"'{fragment}' could be: {', '.join(c)}" for fragment, c in spec.ambiguous]
        return "Which unit do you mean? " + "; ".join(parts)
    return "请指明单位。" + ";".join(parts)


def _not_understood_message(spec: QuerySpec, shown: tuple[str, ...]) -> str:
    examples = "\n".join(f"  - {e}" for e in shown)
    unread = "、".join(spec.unread)
    if spec.language == "en":
        head = "I could not find a unit, deadline, action, task or keyword in this question"
        return f"{head}{' (not understood: ' + unread + ')' if unread else ''}. Try for example:\n{examples}"
    head = "没有从问题中识别出单位、期限、行动、任务或关键词"
    return f"{head}{'(未能理解:' + unread + ')' if unread else ''}。可以这样问:\n{examples}"


def render_text(result: Answer) -> str:
    """The CLI's table: task, clause, lead, responsible, deadline; and the reading first."""
    label = "理解为" if result.spec.language == "zh" else "Read as"
    lines = [f"{label}: " + ("; ".join(result.spec.reading) or "-")]
    lines += [("注意: " if result.spec.language == "zh" else "Warning: ") + w for w in result.warnings]
    counted = result.spec.reference_date.isoformat() if result.spec.reference_date else None
    lines += [("说明: " if result.spec.language == "zh" else "Note: ") + n for n in result.spec.notes
              if counted is None or counted not in n]  # the reference date has its own line below
    for reading, question in result.spec.alternatives:
        lines.append(("另一种理解: " if result.spec.language == "zh" else "Another reading: ") + f"{reading}: {question}")
    if result.spec.reference_date:
        lines.append(("参考日期: " if result.spec.language == "zh" else "Reference date: ")
                     + result.spec.reference_date.isoformat())
    if result.message:
        lines.append(result.message)
    if not result.understood:
        return "\n".join(lines)
    if result.table is not None:
        columns, rows = result.table
        lines.append(tsv_line(columns))
        lines += [tsv_line(r) for r in rows]
        if not rows:
            lines.append("没有符合条件的行。" if result.spec.language == "zh" else "No rows match this reading.")
        return "\n".join(lines)
    if result.spec.shape == "count":
        lines.append(f"数量: {result.tasks} 项任务, {result.count} 条分工" if result.spec.language == "zh" else
                     f"Count: {result.tasks} task(s), {result.count} assignment(s)")
    if result.spec.shape == "by_unit":
        for row in result.by_unit():
            lines.append(tsv_line([row["unit"], f"lead {row['lead']}", f"responsible {row['responsible']}",
                                   f"cooperating {row['cooperating']}", f"total {row['total']}"]))
        return "\n".join(lines)
    several = len({a["document"]["id"] for a in result.assignments}) > 1  # rows of many documents say whose
    for a in result.assignments:
        due = counted_reads(deadline_reads(a["deadline"]), a.get("counted"))
        text = a["text"] if len(a["text"]) <= 60 else a["text"][:59] + "…"
        status = a.get("status")
        cooperating = "、".join(shown(a, "cooperating"))
        lines.append(tsv_line([*([document_short(a["document"]) or a["document"]["id"][:12]] if several else []),
                               assignment_name(a), text, "、".join(shown(a, "lead")) or "-",
                               "、".join(shown(a, "responsible")) or "-", due,
                               *([f"配合 cooperating: {cooperating}"] if cooperating else []),
                               *([f"[{STATE_ZH[status['state']]}]"] if status else [])]))
    return "\n".join(lines)

