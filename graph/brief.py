"""The per-unit brief: the list a unit would receive, as Markdown or self-contained HTML.

Its assignments grouped by role (牵头, 责任, 配合), then by deadline (earliest first, open-ended and undated
last), each with the clause text, the other units on it, and the deadline as printed. Without a unit, one
section per unit in workload order. An assignment where a unit holds two roles is listed under the first.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from . import analysis
from .analysis import ROLE_ZH, ROLES, AssignmentView
from .build import PropertyGraph

CSS = """body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:52em;margin:2em auto;
padding:0 1em;color:#222;line-height:1.6}h1{font-size:1.5em}h2{border-bottom:2px solid #1F4E79;padding-bottom:.2em}
h3.lead{color:#1F4E79}h3.responsible{color:#2E75B6}h3.cooperating{color:#7F7F7F}h4{margin:.8em 0 .3em}
.item{border-left:4px solid #DDEBF7;padding:.2em .8em;margin:.6em 0}.item.lead{border-color:#1F4E79}
.item.responsible{border-color:#5B9BD5}.meta{color:#555;font-size:.9em}blockquote{margin:.3em 0}
.counts{color:#555}@media print{body{max-width:none;margin:0}section+section{break-before:page}}"""


# Defence in depth behind the escaping: the page may load nothing and run nothing, only its own inline style.
CSP_META = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'\">\n")


@dataclass(frozen=True)
class UnitBrief:
    unit: str
    counts: dict[str, int]
    groups: list[tuple[str, list[tuple[str, list[AssignmentView]]]]]  # role → [(deadline heading, items)]


def deadline_heading(a: AssignmentView) -> str:
    if a.recurring:
        return a.deadline_reads + (f"(至 {a.due_end.isoformat()})" if a.due_end else "")
    if a.due_end is None:
        return f"长期/持续({a.deadline_text})" if a.open_ended else "未注明时限"
    printed = a.deadline_text or a.due_end.isoformat()
    return f"{printed}(截至 {a.due_end.isoformat()})"


def _due_key(a: AssignmentView) -> tuple:
    return (a.due_end is None, a.due_end.isoformat() if a.due_end else "", not a.recurring, not a.open_ended,
            a.deadline_text)


def unit_brief(unit: str, items: list[AssignmentView], mine: list[AssignmentView] | None = None) -> UnitBrief:
    """``mine``: the unit's own of ``items`` when the caller has them already (``briefs`` sorts every
    assignment to its units once: filtering all of them per unit was a third of a corpus brief's time)."""
    mine = [a for a in items if unit in a.all_units()] if mine is None else mine
    groups = []
    for role in ROLES:
        in_role = sorted((a for a in mine if a.roles_of(unit)[0] == role),
                         key=lambda a: (_due_key(a), a.task_order, a.seq))
        by_deadline: dict[str, list[AssignmentView]] = {}
        for a in in_role:
            by_deadline.setdefault(deadline_heading(a), []).append(a)
        if in_role:
            groups.append((role, list(by_deadline.items())))
    counts = {role: sum(1 for a in mine if role in a.roles_of(unit)) for role in ROLES}
    return UnitBrief(unit, counts, groups)


def briefs(graph: PropertyGraph, unit: str | None = None) -> list[UnitBrief]:
    items = analysis.assignments(graph)
    units = [analysis.resolve_unit(graph, unit, items)] if unit is not None else \
        analysis.units_with_assignments(graph, items)
    by_unit: dict[str, list[AssignmentView]] = {u: [] for u in units}
    for a in items:
        for name in a.all_units():
            if name in by_unit:
                by_unit[name].append(a)
    return [unit_brief(u, items, by_unit[u]) for u in units]


def _title(a: AssignmentView) -> str:
    return a.task_line


def _co_line(a: AssignmentView, unit: str) -> str:
    parts = [f"{ROLE_ZH[r]}:{'、'.join(units)}" for r, units in a.co_units(unit).items() if units]
    return ";".join(parts) or "无"


def _sources(graph: PropertyGraph, units: list[UnitBrief]) -> list[str]:
    """The documents the briefs' duties come from (not every stored document: a unit's brief cites its own)."""
    cited = {a.document_id for b in units for _, groups in b.groups for _, items in groups for a in items}
    return [f"《{d.get('title') or d['id']}》" + (f"({d['doc_number']})" if d.get("doc_number") else "")
            for d in graph.rows("Document") if d["id"] in cited]


def _counts(b: UnitBrief) -> str:
    return f"共 {sum(len(items) for _, groups in b.groups for _, items in groups)} 条:" + ",".join(
        f"{ROLE_ZH[r]} {b.counts[r]}" for r in ROLES)


def status_line(a: AssignmentView, status) -> str:
    """"逾期 · 推进中(最新进展:…)" from a status.StatusContext."""
    latest = status.progress_line(a)
    return status.label(a) + (f"(最新进展:{latest})" if latest else "")


# -- Markdown --------------------------------------------------------------------------------------------

# Document text is hostile: raw HTML (<script>, <img onerror=…>), links and images ([x](javascript:…),
# ![t](http://…)) and emphasis must all render as the characters they are. HTML's three characters and the
# ones without a backslash escape in every dialect (Python-Markdown has none for | ~ =) become character
# references, which CommonMark and HTML both read as literal text; inline syntax gets a backslash, which both
# CommonMark and Python-Markdown remove.
_MD_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}
_MD_SPECIAL = re.compile(r"[&<>|~]|([\\`*_\[\]!])")
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([#+-])|(=)|(\d+)([.)]))", re.MULTILINE)


def _md_char(m: re.Match) -> str:
    return "\\" + m.group(1) if m.group(1) else _MD_REFERENCES[m.group()]


def _md_block_start(m: re.Match) -> str:
    """A heading, list item or setext underline at the start of a line is text, not structure."""
    indent, mark, equals, number, dot = m.groups()
    if mark:
        return f"{indent}\\{mark}"
    return f"{indent}&#61;" if equals else f"{indent}{number}\\{dot}"


def md_escape(text: str) -> str:
    """Text for a Markdown block: every character renders as itself, nothing as markup or a link."""
    return _MD_LINE_START.sub(_md_block_start, _MD_SPECIAL.sub(_md_char, text))


def md_inline(text: str) -> str:
    """Text inside one line of Markdown (a heading, a bold title): line breaks become spaces."""
    return md_escape(" ".join(text.split("\n")))


def markdown(graph: PropertyGraph, *, unit: str | None = None, status=None) -> str:
    units = briefs(graph, unit)
    single = unit is not None
    out = [f"# 任务清单:{md_inline(units[0].unit)}" if single else "# 各单位任务清单", ""]
    # one paragraph each: lines one under another render as one run-on paragraph
    out += [line for s in _sources(graph, units) for line in (f"来源:{md_inline(s)}", "")]
    for b in units:
        out += _md_unit(b, level=2 if single else 3, heading=not single, status=status)
    return "\n".join(out).rstrip() + "\n"


def _md_unit(b: UnitBrief, level: int, heading: bool, status=None) -> list[str]:
    out = [f"{'#' * (level - 1)} {md_inline(b.unit)}", ""] if heading else []
    out += [_counts(b), ""]
    for role, groups in b.groups:
        out += [f"{'#' * level} {ROLE_ZH[role]}({b.counts[role]})", ""]
        for deadline, items in groups:
            out += [f"{'#' * (level + 1)} {md_inline(deadline)}", ""]
            for a in items:
                out += [f"**{md_inline(_title(a))}**", "", f"协同单位:{md_inline(_co_line(a, b.unit))}", ""]
                out += [f"状态:{md_inline(status_line(a, status))}", ""] if status is not None else []
                out += ["> " + md_escape(line) for line in a.text.splitlines() or [""]] + [""]
    return out


# -- HTML ------------------------------------------------------------------------------------------------

def _e(text: str) -> str:
    return _html.escape(text, quote=True)


def html(graph: PropertyGraph, *, unit: str | None = None, status=None) -> str:
    """One self-contained page: inline CSS, no scripts, no external resources; all text escaped."""
    units = briefs(graph, unit)
    title = f"任务清单:{units[0].unit}" if unit is not None else "各单位任务清单"
    body = [f"<h1>{_e(title)}</h1>"] + [f"<p class=\"meta\">来源:{_e(s)}</p>" for s in _sources(graph, units)]
    for b in units:
        body += _html_unit(b, heading=unit is None, status=status)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n" + CSP_META +
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _html_unit(b: UnitBrief, heading: bool, status=None) -> list[str]:
    out = ["<section>"] + ([f"<h2>{_e(b.unit)}</h2>"] if heading else [])
    out.append(f"<p class=\"counts\">{_e(_counts(b))}</p>")
    for role, groups in b.groups:
        out.append(f"<h3 class=\"{role}\">{_e(ROLE_ZH[role])}({b.counts[role]})</h3>")
        for deadline, items in groups:
            out.append(f"<h4>{_e(deadline)}</h4>")
            for a in items:
                out.append(f"<div class=\"item {role}\"><strong>{_e(_title(a))}</strong>"
                           f"<div class=\"meta\">协同单位:{_e(_co_line(a, b.unit))}</div>"
                           + (f"<div class=\"meta status\">状态:{_e(status_line(a, status))}</div>"
                              if status is not None else "") +
                           f"<blockquote>{_e(a.text)}</blockquote></div>")
    out.append("</section>")
    return out
