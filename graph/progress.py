"""Progress records (督办): an append-only event log per store, keyed by stable assignment ids.

The log lives in ``<store>/progress/events.jsonl``, apart from the graph built from documents, so re-ingest,
a rebuild, removing and adding a document again, or a move to Neo4j never touch it. An assignment's current
status is its latest event; a correction is a new event, never an edit. Each append takes an exclusive lock,
writes whole lines and fsyncs; readers take a shared lock, so they never see half an event.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Container
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec

from ingest.errors import PolicyKGError, StoreError, UnknownNameError
from ingest.normalize import to_simplified

from .access import check_writer

STATES = ("not_started", "in_progress", "done", "extension_requested", "on_hold")
STATE_ZH = {"not_started": "未启动", "in_progress": "推进中", "done": "已办结", "extension_requested": "延期申请",
            "on_hold": "暂缓"}
# The words staff write in a returned ledger's 填报状态 when a spreadsheet lets them type (WPS, a pasted cell): each
# means one state. A word that says more than its state (滞后, 基本完成) is kept in the report's note too.
_SYNONYMS = {
    "done": "办结 已完成 完成 已完结 完结 已结办 结办 已落实 已办理完毕 办理完毕 已销号 销号",
    "in_progress": "进行中 正在推进 正在进行 推进 持续推进 正在办理 办理中 实施中 正在实施 在办 滞后 进度滞后 "
                   "基本完成 部分完成 有序推进",
    "not_started": "未开始 尚未启动 尚未开始 未开展",
    "extension_requested": "延期 申请延期 延期办理 延期申报",
    "on_hold": "暂停 暂缓办理 中止",
}
_STATE_WORDS = {**{s: s for s in STATES}, **{zh: s for s, zh in STATE_ZH.items()},
                **{s.replace("_", " "): s for s in STATES},
                **{word: state for state, words in _SYNONYMS.items() for word in words.split()}}
# words that say more than their state: kept in the note of the report they are read into
TELLING_WORDS = frozenset("滞后 进度滞后 基本完成 部分完成".split())
# a note in brackets after the status (已办结(见附件), 推进中【已完成80%】): the status is the word before it
_BRACKETED_NOTE = re.compile(r"\s*[(（【\[].*?[)）】\]]?\s*$")
MAX_NOTE = 2000
MAX_NAME = 100


class Event(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One progress report: what state an assignment is in, said by whom and when."""

    assignment: str
    state: str
    by: str
    at: datetime  # when it was recorded (UTC)
    note: str = ""
    date: date | None = None  # completion date (已办结), new deadline (延期申请), else the date reported
    # A recurring duty's report names the period it is for (报告期; its first day) when that is not the period its
    # date falls in: the second quarter's report made on 3 July. None: the period holding its date.
    period: date | None = None
    # The unit that reports, one of the duty's (the unit a returned ledger's sheet is for; progress set --unit);
    # "": a report on the whole duty (the supervisor's own, or one recorded before reports named their unit).
    unit: str = ""

    def status_json(self) -> dict:
        """The ``status`` object of the JSON contract."""
        out = {"state": self.state, "note": self.note, "date": self.date.isoformat() if self.date else None,
               "by": self.by, "at": self.at.isoformat()}
        if self.period is not None:  # only when named: the contract's status is unchanged for every other report
            out["period"] = self.period.isoformat()
        if self.unit:  # likewise
            out["unit"] = self.unit
        return out

    def to_json(self) -> dict:
        return {"assignment": self.assignment, **self.status_json()}


class Latest(Event, frozen=True, kw_only=True):
    """A duty's latest event, with every report on it, oldest first (``ProgressLog.current``): a recurring duty
    is judged by the report for the period that counts (graph/status.py), whichever was made last; the second
    quarter's report made after the third quarter's does not undo the third. ``differs``: the latest report of
    each unit that reported, oldest first, when they do not say one state (``standing``)."""

    reports: tuple[Event, ...] = ()
    differs: tuple[Event, ...] = ()

    def status_json(self) -> dict:
        out = super().status_json()
        if self.differs:  # only when units disagree: the contract's status is unchanged otherwise
            out["differs"] = [{"unit": e.unit, "state": e.state, "date": e.date.isoformat() if e.date else None,
                               "at": e.at.isoformat()} for e in self.differs]
        return out


def standing(events: list[Event]) -> Latest:
    """The report that stands for a duty, of its reports oldest first. Each unit's latest report counts since the
    last report on the whole duty (no ``unit``: the supervisor's); when they say one state (or one unit reported),
    the latest report stands. When they disagree, the duty is not done while any unit's latest report says it is
    not: the latest of those stands, and ``differs`` lists each unit's, so that a 街道's 已办结 imported after
    the lead's 推进中 neither closes the duty nor depends on the order the files were imported in."""
    said: dict[str, Event] = {}
    for e in events:
        if e.unit:
            said[e.unit] = e
        else:
            said = {}
    latest = events[-1]
    if len({e.state for e in said.values()}) < 2:
        return Latest(**msgspec.structs.asdict(latest), reports=tuple(events))
    units = sorted(said.values(), key=lambda e: e.at)
    open_ = [e for e in units if e.state != "done"]
    stands = open_[-1] if open_ else latest
    return Latest(**msgspec.structs.asdict(stands), reports=tuple(events), differs=tuple(units))


def parse_state(text: str) -> str:
    """未启动/推进中/已办结/延期申请/暂缓 (or in Traditional characters: 推進中, 已辦結), the words staff write for
    them (已完成, 进行中, 滞后 …; ``_SYNONYMS``), with or without a bracketed note after them (已办结(见附件)), or
    their English names → the state's English name."""
    word = status_word(text)
    state = _STATE_WORDS.get(word.lower()) or _STATE_WORDS.get(word) or _STATE_WORDS.get(to_simplified(word))
    if state is None:
        raise UnknownNameError("status", str(text), [*STATE_ZH.values(), *STATES])
    return state


def status_word(text: str) -> str:
    """The status word of a 填报状态 cell, without a bracketed note after it (已办结(见附件) → 已办结)."""
    word = str(text).strip()
    return _BRACKETED_NOTE.sub("", word) or word


def new_event(assignment: str, state: str, by: str, note: str = "", when: date | None = None,
              at: datetime | None = None, period: date | None = None, unit: str = "") -> Event:
    """An event with its fields checked: a known state, a recorder's name, a note of sane length."""
    by, note = (by or "").strip(), (note or "").strip()
    if not by:
        raise PolicyKGError("recording progress needs a name: who reports it (--by NAME)")
    if len(by) > MAX_NAME or len(note) > MAX_NOTE:
        raise PolicyKGError(f"name longer than {MAX_NAME} or note longer than {MAX_NOTE} characters")
    if state not in STATES:
        state = parse_state(state)
    if state == "extension_requested" and when is None:
        raise PolicyKGError("延期申请须以新的期限为日期;延期申请 (extension_requested) needs the new deadline as its date")
    at = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return Event(assignment=assignment, state=state, by=by, at=at, note=note, date=when, period=period, unit=unit)


class Duty(msgspec.Struct, frozen=True, kw_only=True):
    """What a duty was, kept when its document leaves the store (removed, or replaced by a version without the
    duty), so that its records, a returned ledger's row or ``progress log --unit`` can still say which duty."""

    id: str
    document: str  # graph.analysis.short_document: 文号, else the title's start
    label: str  # "19.2": the task as printed and the clause's number in it
    title: str
    text: str
    units: tuple[str, ...] = ()  # names of the units named in any role
    gone: str = ""  # "removed" or "replaced"

    def shown(self, width: int = 40) -> str:
        """``19.2 title: clause…`` in one line."""
        text = " ".join(self.text.split())
        return f"{self.label} {self.title}: {text[:width]}{'…' if len(text) > width else ''}"


_encoder = msgspec.json.Encoder()
_moves_encoder = msgspec.json.Encoder()
_moves_decoder = msgspec.json.Decoder(dict[str, str])
_decoder = msgspec.json.Decoder(Event)
_duty_decoder = msgspec.json.Decoder(Duty)


class ProgressLog:
    """The event log of one store. Cheap to create; reads are cached until the file changes."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._cache: tuple[tuple[int, int], list[Event]] | None = None

    @property
    def path(self) -> Path:
        return self.folder / "events.jsonl"

    @contextmanager
    def _locked(self, mode: int):
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "events.lock", "a+b") as lock:
            fcntl.flock(lock, mode)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def record(self, events: list[Event], *, checked: bool = True) -> None:
        """Append all events or none: one write of whole lines, flushed to disk before returning. ``checked``:
        each recorder must be one of the store's writers (off for events the store carries over from a
        document's earlier version, whose recorders were checked when they reported)."""
        if not events:
            return
        for name in sorted({e.by for e in events}) if checked else ():
            check_writer(self.folder, name)
        data = b"".join(_encoder.encode(e) + b"\n" for e in events)
        with self._locked(fcntl.LOCK_EX):
            new = not self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                if os.write(fd, data) != len(data):
                    raise StoreError(f"{self.path}: short write; the log was not changed completely")
                os.fsync(fd)
            finally:
                os.close(fd)
            if new:
                _fsync_dir(self.folder)

    def events(self, assignment: str | None = None) -> list[Event]:
        """Every event, oldest first (the order they were recorded)."""
        if not self.path.exists():
            return []
        stat = self.path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        if self._cache is None or self._cache[0] != key:
            with self._locked(fcntl.LOCK_SH):
                self._cache = (key, self._read())
        events = self._cache[1]
        return events if assignment is None else [e for e in events if e.assignment == assignment]

    def _read(self) -> list[Event]:
        out = []
        for number, line in enumerate(self.path.read_bytes().splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(_decoder.decode(line))
            except msgspec.DecodeError as exc:
                raise StoreError(f"{self.path}:{number}: not a progress event ({exc})") from exc
        return out

    def current(self, as_of: date | None = None, late: bool = False) -> dict[str, Event]:
        """Assignment id → its latest event (a ``Latest``): the one reported last (``at``; of two in one second,
        the one recorded later), carrying every report on the duty. Records moved onto a duty (``progress
        move``) are appended after its own, yet may be older. ``as_of``: only the events known by the end of that
        day (``known_by``), as a ledger or export dated then shows them; today or later (or None): every event.
        The one rule of which progress counts at a reference date: the ledger, the exports, ask and every page
        showing a status read the progress through here with their reference date, so they agree. ``late``: a
        report recorded after ``as_of`` counts too when the date it reports is by then (已办结 on 25 November,
        recorded on 2 December, in November's 通报 compiled in December); an extension's date is no such date."""
        if as_of is not None and as_of >= date.today():
            as_of = None  # today's screens count every report, a clock a little ahead of this one's included
        by: dict[str, list[Event]] = {}
        for e in self.events():
            if as_of is None or known_by(e, as_of) or (late and reported_by(e, as_of)):
                by.setdefault(e.assignment, []).append(e)
        out: dict[str, Event] = {}
        for aid, events in by.items():
            events.sort(key=lambda e: e.at)  # stable: of two in one second, the one recorded later stays later
            out[aid] = standing(events)
        return out

    @property
    def moves_path(self) -> Path:
        return self.folder / "moved.jsonl"

    def record_moves(self, moved: dict[str, str], by: str = "") -> None:
        """Which duty of a new version each recorded duty became (old id → new id; ``Store._carry_progress``),
        so a ledger issued before the new version can still be returned and an old id still be looked up."""
        if moved:
            said = {"by": by, "at": datetime.now(UTC).replace(microsecond=0).isoformat()} if by else {}
            self._append(self.moves_path, b"".join(_moves_encoder.encode({"from": old, "to": new, **said}) + b"\n"
                                                    for old, new in moved.items()))

    def _append(self, path: Path, data: bytes) -> None:
        with self._locked(fcntl.LOCK_EX):
            with open(path, "ab") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())

    @property
    def duties_path(self) -> Path:
        return self.folder / "duties.jsonl"

    def record_duties(self, duties: list[Duty]) -> None:
        """What each duty was, as its document leaves the store (``Duty``)."""
        if duties:
            self._append(self.duties_path, b"".join(_encoder.encode(d) + b"\n" for d in duties))

    def duties(self) -> dict[str, Duty]:
        """Id → what the duty was, for duties whose document left the store (the last description of each)."""
        if not self.duties_path.exists():
            return {}
        out = {}
        for line in self.duties_path.read_bytes().splitlines():
            with contextlib.suppress(msgspec.DecodeError):
                if line.strip():
                    duty = _duty_decoder.decode(line)
                    out[duty.id] = duty
        return out

    def stranded(self, stored: Container[str]) -> dict[str, list[Event]]:
        """Records on duties of documents no longer stored (``stored``: the stored documents' ids; an assignment
        id starts with its document's) that did not move to another duty (which holds copies of them): id → its
        events, oldest first. ``progress move`` gives them a duty."""
        moves = self.moves()
        out: dict[str, list[Event]] = {}
        for e in self.events():
            if e.assignment.split("/", 1)[0] not in stored and e.assignment not in moves:
                out.setdefault(e.assignment, []).append(e)
        return out

    def moves(self) -> dict[str, str]:
        """Old id → the id it moved to, each followed to its last version."""
        if not self.moves_path.exists():
            return {}
        direct = {}
        for line in self.moves_path.read_bytes().splitlines():
            if line.strip():
                with contextlib.suppress(msgspec.DecodeError):
                    move = _moves_decoder.decode(line)
                    direct[move["from"]] = move["to"]
        final = {}
        for old in direct:
            new, seen = direct[old], {old}
            while new in direct and new not in seen:  # versions of versions; a cycle is cut
                seen.add(new)
                new = direct[new]
            final[old] = new
        return final


def known_by(event: Event, day: date) -> bool:
    """Whether ``event`` was recorded by the end of ``day`` (the machine's local day, as the reference date is
    read): a ledger dated 5 November never shows a 已办结 recorded on 2 December, whatever date it reports."""
    return event.at.astimezone().date() <= day


def reported_by(event: Event, day: date) -> bool:
    """Whether ``event`` reports work of ``day`` or earlier (its date), whenever it was recorded: a late return."""
    return event.date is not None and event.date <= day and event.state != "extension_requested"


def once(events: list[Event], moves: dict[str, str]) -> list[tuple[Event, str]]:
    """Each event once, on the duty it is on now: an event of an earlier id whose copy is on the duty it moved
    to (``moves``: a new version carried it, or ``progress move``) is left out, and the copy says which id it came
    from (event, that id or ""). An event of an earlier id without its copy is kept where it is."""
    def key(e: Event, on: str) -> tuple:
        return (on, e.at, e.state, e.by, e.note, e.date)

    present = {key(e, e.assignment) for e in events}
    came: dict[tuple, str] = {}
    for e in events:
        if e.assignment in moves and key(e, moves[e.assignment]) in present:
            came.setdefault(key(e, moves[e.assignment]), e.assignment)
    return [(e, came.get(key(e, e.assignment), "")) for e in events
            if not (e.assignment in moves and key(e, moves[e.assignment]) in present)]


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
