"""Ask: question → QuerySpec → Cypher → assignments, with the reading shown. The CLI and the app both call
``answer``; nothing here knows which engine runs the query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .compile import compile_spec
from .contract import assignments as fetch_assignments
from .lexicon import Lexicon, build_lexicon
from .question import QuerySpec, parse_question

EXAMPLES = (
    "市工业和信息化局牵头哪些9月到期的任务?",
    "which tasks does 市工业和信息化局 lead that are due in September",
    "即墨区负责哪些任务?",
    "How many tasks does 市财政局 lead?",
    "第七项行动有哪些任务?",
    "哪些任务涉及集成电路?",
    "上半年到期的任务按单位统计",
    "Which tasks are overdue?",
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

    @property
    def count(self) -> int:
        return len(self.assignments)

    def by_unit(self) -> list[dict]:
        """Counts per unit and role over the answer's assignments."""
        counts: dict[str, Counter] = {}
        for a in self.assignments:
            for role in ("lead", "responsible", "cooperating"):
                for unit in a[role]:
                    counts.setdefault(unit, Counter())[role] += 1
        rows = [{"unit": u, "lead": c["lead"], "responsible": c["responsible"], "cooperating": c["cooperating"],
                 "total": sum(c.values())} for u, c in counts.items()]
        return sorted(rows, key=lambda r: (-r["total"], -r["lead"], r["unit"]))

    def interpretation(self) -> dict:
        s = self.spec
        return {
            "reading": list(s.reading),
            "not_understood": list(s.unread),
            "ambiguous": {fragment: list(c) for fragment, c in s.ambiguous},
            "units": [{"name": g.name, "as_written": g.surface, "through": list(g.via)} for g in s.units],
            "roles": list(s.roles) or ["lead", "responsible", "cooperating"],
            "shape": s.shape,
            "language": s.language,
            "understood": self.understood,
            "message": self.message,
        }

    def to_json(self) -> dict:
        data = {"question": self.question, "interpretation": self.interpretation(),
                "assignments": self.assignments, "cypher": self.cypher, "params": self.params,
                "count": self.count}
        if self.spec.shape == "by_unit":
            data["by_unit"] = self.by_unit()
        return data


def lexicon_for(session) -> Lexicon:
    """One lexicon per open session, kept on the session: a reopened store gets a fresh one."""
    lexicon = getattr(session, "_policykg_lexicon", None)
    if lexicon is None:
        lexicon = build_lexicon(session)
        session._policykg_lexicon = lexicon
    return lexicon


def _default_year(session) -> int | None:
    rows = session.query("MATCH (d:Document) RETURN d.year ORDER BY d.year DESC LIMIT 1")[1]
    return rows[0][0] if rows and rows[0][0] else None


def answer(session, question: str, today: date | str | None = None) -> Answer:
    today = date.fromisoformat(today) if isinstance(today, str) else (today or date.today())
    spec = parse_question(question, lexicon_for(session), today, _default_year(session))
    result = Answer(question, spec)
    if spec.ambiguous and not spec.units:
        result.understood = False
        result.message = _ambiguity_message(spec)
        return result
    if not spec.has_filter and not spec.everything:
        result.understood = False
        result.message = _not_understood_message(spec)
        return result
    result.cypher, result.params = compile_spec(spec)
    ids = [row[0] for row in session.query(result.cypher, result.params)[1]]
    result.assignments = fetch_assignments(session, ids)
    if not ids:
        result.message = ("没有符合条件的分工。" if spec.language == "zh" else "No assignment matches this reading.")
    return result


def _ambiguity_message(spec: QuerySpec) -> str:
    parts = [f"“{fragment}”可能是:{'、'.join(c)}" for fragment, c in spec.ambiguous]
    if spec.language == "en":
        parts = [f"'{fragment}' could be: {', '.join(c)}" for fragment, c in spec.ambiguous]
        return "Which unit do you mean? " + "; ".join(parts)
    return "请指明单位。" + ";".join(parts)


def _not_understood_message(spec: QuerySpec) -> str:
    examples = "\n".join(f"  - {e}" for e in EXAMPLES)
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
    if result.spec.unread:
        lines.append(("未能理解: " if result.spec.language == "zh" else "Not understood: ") + ", ".join(result.spec.unread))
    if result.message:
        lines.append(result.message)
    if not result.understood:
        return "\n".join(lines)
    if result.spec.shape == "count":
        lines.append(f"{'数量' if result.spec.language == 'zh' else 'Count'}: {result.count}")
    if result.spec.shape == "by_unit":
        for row in result.by_unit():
            lines.append(f"{row['unit']}\tlead {row['lead']}\tresponsible {row['responsible']}\t"
                         f"cooperating {row['cooperating']}\ttotal {row['total']}")
        return "\n".join(lines)
    for a in result.assignments:
        due = a["deadline"]["text"] if a["deadline"] else "-"
        text = a["text"] if len(a["text"]) <= 60 else a["text"][:59] + "…"
        lines.append(f"{a['task']['label']}.{a['seq']}\t{text}\t{'、'.join(a['lead']) or '-'}\t"
                     f"{'、'.join(a['responsible']) or '-'}\t{due}")
    return "\n".join(lines)
