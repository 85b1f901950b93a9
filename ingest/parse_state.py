"""What the steps of one parse share: the text, where its warnings go, the resolution step, and what has been
read so far (sections, actions, tasks, goals), plus the block a task is built from.

The walk (``walk``) fills it line by line, the task builder (``tasks``) and the table reader (``table_tasks``)
add tasks to it, and the whole-document checks (``whole_document``) read it at the end. It holds no logic of
its own beyond locating offsets through its ``Report``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import attributions as attr
from . import structure as st
from .model import Action, EntityMention, Goal, Section, Target, Task
from .normalize import NormalizedText
from .report import Report
from .resolve import Resolver
from .units import UnitGazetteer


@dataclass
class Block:
    """A task under construction: a numbered task, an (一) item, or loose text under a heading."""

    label: str
    start: int
    body_start: int
    end: int
    numbered: bool
    action_seq: int | None
    section_seq: int | None
    lines: list[st.Line] = field(default_factory=list)
    title: str = ""
    style: str = ""  # numbering style of a numbered task (structure.TASK_STYLES); "" for (一) items and loose text


@dataclass
class ParseState:
    """One document being parsed. Offsets are in the normalised ``text``; ``span``/``surface``/``warn`` map
    them to the original (``Report``)."""

    norm: NormalizedText
    units: UnitGazetteer  # the gazetteer bound to the document's place once its header is read
    tagger: object | None = None
    report: Report = field(init=False)
    resolver: Resolver = field(init=False)  # built once the document's year and place are known
    sections: list[Section] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    columns: list[attr.ColumnHeader] = field(default_factory=list)  # headers of tables printed one cell per line

    def __post_init__(self) -> None:
        self.report = Report(self.norm)
        self.span, self.surface, self.warn = self.report.span, self.report.surface, self.report.warn

    @property
    def text(self) -> str:
        return self.norm.text

    def target(self, target: Target) -> Target:
        return self.report.target(target)

    def mentions(self, start: int, end: int) -> list[EntityMention]:
        return self.report.mentions(self.tagger, start, end)
