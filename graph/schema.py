"""The property-graph schema, declared once.

LadybugDB DDL, Neo4j constraints, the CSV import headers, the RDF literal mapping and docs/SCHEMA.md are all
derived from ``NODES`` and ``RELS``; adding a property is a one-place change here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, cached_property

# Property types, named as LadybugDB names them; the other writers map from these.
STRING, INT, FLOAT, BOOL, DATE, STRINGS = "STRING", "INT64", "DOUBLE", "BOOLEAN", "DATE", "STRING[]"


@dataclass(frozen=True)
class Prop:
    name: str
    type: str
    doc: str = ""
    rdf: str = ""  # predicate (prefixed name) the RDF writer uses for this literal; "" = not a plain literal


@dataclass(frozen=True)
class NodeType:
    label: str
    props: tuple[Prop, ...]
    doc: str
    rdf_class: str

    @cached_property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)

    @cached_property
    def prop_set(self) -> frozenset[str]:
        return frozenset(self.prop_names)


@dataclass(frozen=True)
class RelType:
    type: str
    pairs: tuple[tuple[str, str], ...]  # (from label, to label)
    props: tuple[Prop, ...]
    doc: str


ID = Prop("id", STRING, "stable id: same document, same ids, in any store")
SPAN = (Prop("span_start", INT, "span start in the document text", "oa:start"),
        Prop("span_end", INT, "span end (exclusive)", "oa:end"))
DOC_ID = Prop("document_id", STRING, "id of the document this came from")
MENTION = (Prop("surface", STRING, "the name as printed"), Prop("span_start", INT), Prop("span_end", INT))
ROLE_MENTION = (Prop("role", STRING, "lead, responsible or cooperating (the type as data: no type(r) needed)"),
                *MENTION)
CONCEPT_PROPS = (ID, Prop("name", STRING, "preferred label", "skos:prefLabel"),
                 Prop("concept_id", STRING, "id in the industries gazetteer"),
                 Prop("aliases", STRINGS, "alternative labels"))

NODES: tuple[NodeType, ...] = (
    NodeType("Document", (
        ID, Prop("title", STRING, "title", "eli:title"), Prop("doc_number", STRING, "文号", "eli:id_local"),
        Prop("issuers", STRINGS, "issuing bodies"), Prop("date", DATE, "date of the document", "eli:date_document"),
        Prop("year", INT, "the year deadlines resolve against"),
        Prop("source_name", STRING, "file it was read from"),
        Prop("media_type", STRING, "text/plain, text/html, …"),
        Prop("extraction_version", STRING, "parser version", "pkg:extractionVersion"),
        Prop("jurisdiction", STRING, "行政区划 of the issuing government (青岛市, 即墨区); empty when unknown",
             "pkg:jurisdiction"),
        Prop("places", STRINGS, "the jurisdiction and every place above it (即墨区, 青岛市, 山东省)"),
    ), "A policy document (意见, 通知, 方案).", "pkg:PolicyDocument"),
    NodeType("Section", (ID, Prop("seq", INT, "order", "pkg:seq"), Prop("label", STRING, "一, 二", "pkg:label"),
                         Prop("title", STRING, "heading", "pkg:title"), *SPAN, DOC_ID),
             "A numbered section (一、工作目标).", "pkg:Section"),
    NodeType("Action", (ID, Prop("seq", INT, "1 for (一)", "pkg:seq"), Prop("label", STRING, "(一)", "pkg:label"),
                        Prop("name", STRING, "工业强市提振行动", "pkg:name"), *SPAN, DOC_ID),
             "An action (行动) grouping tasks.", "pkg:Action"),
    NodeType("Task", (ID, Prop("label", STRING, "number as printed, or the heading", "pkg:label"),
                      Prop("title", STRING, "first sentence", "pkg:title"),
                      Prop("seq", INT, "order in the document"),
                      Prop("numbered", BOOL, "false for attributions outside numbered tasks"),
                      Prop("action_seq", INT, "action number, 0 outside actions"),
                      Prop("section_seq", INT, "seq of the section (part: 二、重点任务) it stands in, 0 outside any"),
                      Prop("text", STRING, "the task's text", "pkg:sourceText"), *SPAN, DOC_ID),
             "A numbered task (任务), or the attributions under a heading such as 保障措施.", "pkg:Task"),
    NodeType("Assignment", (
        ID, Prop("seq", INT, "order within the task, from 1", "pkg:seq"),
        Prop("text", STRING, "the governed text", "pkg:sourceText"), *SPAN,
        Prop("attribution_start", INT), Prop("attribution_end", INT),
        Prop("deadline_text", STRING, "deadline as printed", "pkg:deadlineText"),
        Prop("due_start", DATE), Prop("due_end", DATE),
        Prop("due_year", INT, "year of due_end"), Prop("due_month", INT, "month of due_end (1-12)"),
        Prop("open_ended", BOOL, "长期/持续: no end"),
        Prop("recurring", STRING, "period of a recurring deadline (每月 month, 每季度 quarter, year, half-year, xun, "
                                  "week); empty when it does not recur", "pkg:recurrence"),
        Prop("due_day", INT, "day of each period a recurring deadline falls due on: of the month (每月10日前 → 10), "
                             "of a longer period's first month (每季度结束后10日内 → 10) or of the week (每周五 → 5, "
                             "Monday 1); 0 = the period's last day", "pkg:dueDay"),
        Prop("due_day_month", INT, "month of each year a yearly deadline's due_day is in (每年6月底前 → 6, due_day "
                                   "31); 0 = January (or the year's end when due_day is 0)", "pkg:dueMonth"),
        Prop("deadline_in_text", BOOL, "found in the task text"),
        Prop("lead_open", BOOL, "lead list ended in 等", "pkg:leadOpen"),
        Prop("responsible_open", BOOL, "", "pkg:responsibleOpen"),
        Prop("cooperating_open", BOOL, "", "pkg:cooperatingOpen"),
        Prop("leaders", STRINGS, "people from a 责任领导 column"), Prop("note", STRING, "", "pkg:note"),
        Prop("task_label", STRING, "label of its task"), Prop("task_title", STRING, "title of its task"),
        Prop("action_seq", INT, "action number, 0 outside actions"),
        Prop("action_name", STRING, "action name, empty outside actions"), DOC_ID,
        Prop("order_key", STRING, "document id, task position, clause number, zero-padded: sorts in document order"),
    ), "One attribution and the text it governs.", "pkg:Assignment"),
    NodeType("Unit", (ID, Prop("name", STRING, "canonical name as its place prints it (市财政局)", "skos:prefLabel"),
                      Prop("place", STRING, "the jurisdiction it belongs to (青岛市); empty for national bodies",
                           "pkg:jurisdiction"),
                      Prop("full_name", STRING, "name with its place (青岛市财政局)", "pkg:fullName"),
                      Prop("kind", STRING, "party_organ, government_department, …", "pkg:unitKind"),
                      Prop("aliases", STRINGS, "other names"), Prop("known", BOOL, "in the gazetteer")),
             "An organisation with duties: department, district, task force, collective; a unit is its name "
             "in its place.", "pkg:Unit"),
    NodeType("Goal", (ID, Prop("area", STRING, "综合质效跃上新台阶", "pkg:name"), *SPAN, DOC_ID),
             "A goal paragraph of the 目标 section.", "pkg:Goal"),
    NodeType("Indicator", (
        ID, Prop("metric", STRING, "what is measured", "pkg:metric"), Prop("value", FLOAT, "", "schema:value"),
        Prop("value_max", FLOAT, "upper bound of a range"), Prop("unit", STRING, "%, 家, 亿元…", "schema:unitText"),
        Prop("comparator", STRING, ">=, >, =, ~, <=, range", "pkg:comparator"),
        Prop("growth", BOOL, "a growth rate, not a level", "pkg:growth"), Prop("text", STRING, "", "pkg:sourceText"),
        *SPAN, DOC_ID,
    ), "A quantitative target.", "pkg:Indicator"),
    NodeType("Industry", CONCEPT_PROPS, "An industry (集成电路).", "pkg:Industry"),
    NodeType("IndustryChain", CONCEPT_PROPS, "An industry chain (高端化工产业链).", "pkg:IndustryChain"),
    NodeType("Cluster", CONCEPT_PROPS, "An industrial cluster.", "pkg:Cluster"),
    NodeType("Platform", CONCEPT_PROPS, "A platform, park, plan or event named in tasks.", "pkg:Platform"),
)

CONCEPT_LABELS = ("Industry", "IndustryChain", "Cluster", "Platform")
# Gazetteer kinds → node label; parks, plans and events are platforms of the work in this model.
CONCEPT_KIND_LABEL = {"industry": "Industry", "chain": "IndustryChain", "cluster": "Cluster", "platform": "Platform",
                      "park": "Platform", "plan": "Platform", "event": "Platform"}

ROLE_RELS = {"lead": "LEADS", "responsible": "RESPONSIBLE_FOR", "cooperating": "COOPERATES_ON"}

RELS: tuple[RelType, ...] = (
    RelType("HAS_SECTION", (("Document", "Section"),), (), "document → its sections"),
    RelType("HAS_ACTION", (("Document", "Action"),), (), "document → its actions"),
    RelType("HAS_TASK", (("Action", "Task"), ("Document", "Task")), (),
            "action → task; document → task for tasks outside actions"),
    RelType("HAS_ASSIGNMENT", (("Task", "Assignment"),), (), "task → its attributions"),
    RelType("LEADS", (("Unit", "Assignment"),), ROLE_MENTION, "牵头单位"),
    RelType("RESPONSIBLE_FOR", (("Unit", "Assignment"),), ROLE_MENTION, "责任单位"),
    RelType("COOPERATES_ON", (("Unit", "Assignment"),), ROLE_MENTION, "配合/参与/协助单位"),
    RelType("MEMBER_OF", (("Unit", "Unit"),), (), "district → 各区(市); task force → its collective"),
    RelType("HAS_GOAL", (("Document", "Goal"),), (), "document → goal paragraphs"),
    RelType("CONCERNS", tuple(("Task", label) for label in CONCEPT_LABELS), MENTION,
            "task → industry, chain, cluster or platform it names"),
    RelType("SETS_TARGET", (("Task", "Indicator"), ("Goal", "Indicator")), (), "task or goal → target"),
    RelType("BROADER", tuple((a, b) for a in CONCEPT_LABELS for b in CONCEPT_LABELS), (),
            "concept → broader concept (SKOS)"),
    RelType("HAS_TASK_FORCE", (("IndustryChain", "Unit"),), (), "chain → its 专班"),
)

NODE_BY_LABEL = {n.label: n for n in NODES}
REL_BY_TYPE = {r.type: r for r in RELS}


def node(label: str) -> NodeType:
    return NODE_BY_LABEL[label]


@cache
def fingerprint() -> str:
    """A digest of every label, relationship, property and type: a graph written under another schema is
    rebuilt (the embedded store) or reloaded (Neo4j) instead of answering with missing properties."""
    lines = [f"{n.label}({', '.join(f'{p.name} {p.type}' for p in n.props)})" for n in NODES]
    lines += [f"{r.type}({', '.join(f'{a}->{b}' for a, b in r.pairs)}; {', '.join(f'{p.name} {p.type}' for p in r.props)})"
              for r in RELS]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def schema_markdown() -> str:
    """docs/SCHEMA.md, generated from the declaration."""
    out = ["# Graph schema", "", "Generated from `graph/schema.py` by `policykg schema`; do not edit by hand.", ""]
    for n in NODES:
        out += [f"## (:{n.label})", "", n.doc, "", "| property | type | meaning |", "|---|---|---|"]
        out += [f"| `{p.name}` | {p.type} | {p.doc} |" for p in n.props]
        out.append("")
    out += ["## Relationships", "", "| type | from → to | properties | meaning |", "|---|---|---|---|"]
    for r in RELS:
        pairs = ", ".join(f"{a}→{b}" for a, b in r.pairs[:4]) + (" …" if len(r.pairs) > 4 else "")
        out.append(f"| `{r.type}` | {pairs} | {', '.join(p.name for p in r.props)} | {r.doc} |")
    return "\n".join(out) + "\n"
