"""What a question can name: units (with aliases and collectives), actions, task labels and industries.

Built from the graph that answers the question plus the gazetteers, so a unit that only one uploaded document
names is still understood, and aliases such as 市工信局 resolve to their canonical unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from graph.resources import load_gazetteers
from ingest.normalize import normalize_name


@dataclass(frozen=True)
class Match:
    kind: str  # unit, concept, action, task
    value: object  # canonical unit name, concept names tuple, action (seq, name), task label
    start: int
    end: int
    surface: str


@dataclass
class Lexicon:
    units: dict[str, str] = field(default_factory=dict)  # surface (normalised) → canonical unit name
    unit_names: set[str] = field(default_factory=set)  # canonical names present in the graph
    collectives: dict[str, list[str]] = field(default_factory=dict)  # unit → collectives it belongs to
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # surface → names to look for in text
    concept_label: dict[str, str] = field(default_factory=dict)  # surface → canonical label
    actions: dict[str, tuple[int, str]] = field(default_factory=dict)  # name surface → (seq, name)
    task_labels: set[str] = field(default_factory=set)  # non-numeric labels such as 保障措施
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)  # title or 文号 → (id, title)
    gazetteer = None

    def find(self, question: str) -> list[Match]:
        """Longest, left-most, non-overlapping matches of every known name in the question (case-blind)."""
        folded = question.lower()
        candidates = []
        tables = ((self.units, "unit"), (self.concepts, "concept"), (self.actions, "action"),
                  (self.documents, "document"), (dict.fromkeys(self.task_labels), "task"))
        for table, kind in tables:
            for surface in table:
                key = surface.lower()
                start = folded.find(key)
                while start >= 0:
                    candidates.append((start, len(key), kind, surface))
                    start = folded.find(key, start + 1)
        taken: list[Match] = []
        for start, length, kind, surface in sorted(candidates, key=lambda c: (-c[1], c[0])):
            end = start + length
            if any(start < t.end and end > t.start for t in taken):
                continue
            taken.append(Match(kind, self._value(kind, surface), start, end, question[start:end]))
        return sorted(taken, key=lambda t: t.start)

    def _value(self, kind: str, surface: str):
        if kind == "unit":
            return self.units[surface]
        if kind == "concept":
            return (self.concept_label[surface], self.concepts[surface])
        if kind == "action":
            return self.actions[surface]
        if kind == "document":
            return self.documents[surface]
        return surface

    def fuzzy_units(self, fragment: str) -> list[str]:
        """Units whose name holds the fragment's characters in order (自然资源局 → 市自然资源和规划局)."""
        key = normalize_name(fragment)
        names = sorted(set(self.units.values()))
        exact = [n for n in names if key in n]
        if exact:
            return exact
        return [n for n in names if _subsequence(key, n)]


    def suggest_units(self, fragment: str) -> list[str]:
        """The units a short name or a typo most likely means, units named in the documents first: names that
        hold the fragment (即墨 → 即墨区, 财政 → 市财政局), else names the fewest edits away (市财正局 →
        市财政局; one edit up to four characters, two beyond). Two characters say too little to look past the
        units the documents name, and too little for an edit."""
        key = normalize_name(fragment)
        if len(key) < 2:
            return []
        holding = {unit for surface, unit in self.units.items() if key in surface}
        if len(key) == 2:
            return sorted(holding & self.unit_names)
        if holding:
            return self._in_documents_first(holding)
        most = 1 if len(key) <= 4 else 2
        distances: dict[str, int] = {}
        for surface, unit in self.units.items():
            d = Levenshtein.distance(key, surface, score_cutoff=most)
            if d <= most:
                distances[unit] = min(d, distances.get(unit, most))
        if not distances:
            return []
        best = min(distances.values())
        return self._in_documents_first({u for u, d in distances.items() if d == best})

    def _in_documents_first(self, units: set[str]) -> list[str]:
        named = sorted(units & self.unit_names)
        return named or sorted(units)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def build_lexicon(session) -> Lexicon:
    resources = load_gazetteers()
    lex = Lexicon()
    lex.gazetteer = resources.units
    graph_units = [r[0] for r in session.query("MATCH (u:Unit) RETURN u.name")[1]]
    lex.unit_names = set(graph_units)
    for entry in resources.units.entries():
        for name in (entry.name, *entry.aliases):
            if len(name) >= 2:
                lex.units.setdefault(normalize_name(name), entry.name)
    for name in graph_units:
        lex.units.setdefault(normalize_name(name), name)
    for name in set(lex.units.values()):
        lex.collectives[name] = resources.units.collectives_of(name)
    _add_concepts(lex, resources.tagger)
    for seq, name in session.query("MATCH (x:Action) RETURN DISTINCT x.seq, x.name")[1]:
        lex.actions[name] = (seq, name)
        if name.endswith("行动") and len(name) > 4:
            lex.actions.setdefault(name[:-2], (seq, name))
    for doc_id, title, number in session.query("MATCH (d:Document) RETURN d.id, d.title, d.doc_number")[1]:
        for surface in (title, number, f"《{title}》"):
            if surface and len(surface) >= 4:
                lex.documents[surface] = (doc_id, title)
    rows = session.query("MATCH (t:Task) WHERE t.numbered = false RETURN DISTINCT t.label")[1]
    lex.task_labels = {r[0] for r in rows if r[0] and not r[0].startswith("(")}
    return lex


def _add_concepts(lex: Lexicon, tagger) -> None:
    if tagger is None:
        return
    for concept in tagger.concepts:
        if concept.kind not in ("industry", "chain", "cluster"):
            continue
        names = {concept.label, *concept.aliases}
        for narrower in tagger.narrower(concept.id, transitive=True):
            names |= {narrower.label, *narrower.aliases}
        english = (concept.id.replace("-", " "),) if "-" in concept.id else ()  # one word is too generic
        for surface in (concept.label, *concept.aliases, *english):
            if len(surface) >= 2:
                lex.concepts.setdefault(surface, tuple(sorted(names)))
                lex.concept_label.setdefault(surface, concept.label)
