"""Example questions made of what the open store holds: its busiest lead units, their months, an action, an industry.

The Ask page offered the bundled sample's questions (市工业和信息化局, 即墨区, 第七项行动, 集成电路) on every store:
on a province's documents they answered nothing, or named a place the store does not hold. Each example here is
read from the graph (a few aggregate queries, once per opened store) and kept only if it is read without asking back
and has an answer (a unit of no known place in a store of several is asked which); two questions that
need no name (上半年到期的任务按单位统计, Which tasks are overdue?) close the list. An empty store gets those alone.
"""

from __future__ import annotations

from graph.analysis import several_places, unit_label

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
ANY_STORE = ("上半年到期的任务按单位统计", "Which tasks are overdue?")


def examples_for(session) -> tuple[str, ...]:
    """The example questions of the store ``session`` reads, kept on the session like its lexicon."""
    examples = getattr(session, "_policykg_examples", None)
    if examples is None:
        # while they are made, a candidate not understood is told the questions any store answers (its message
        # lists examples: asking for these again would make them again, without end)
        session._policykg_examples = ANY_STORE
        examples = session._policykg_examples = _made(session)
    return examples


def _made(session) -> tuple[str, ...]:
    def rows(cypher: str) -> list[list]:
        return session.query(cypher)[1]

    places = [row[0] for row in rows("MATCH (u:Unit) RETURN DISTINCT u.place")]
    several = several_places(places)
    # in a store of several places a unit of no known place is asked which (市发展改革委 of which notice?)
    placed = " AND u.place IS NOT NULL AND u.place <> ''" if several else ""

    def shown(name: str, full: str | None) -> str:
        return unit_label(name, full, several)

    candidates: list[str] = []
    busiest = rows("MATCH (u:Unit)-[:LEADS]->(a:Assignment) WHERE a.due_month IS NOT NULL" + placed +
                   " RETURN u.id, u.name, u.full_name, a.due_month, count(*) AS n ORDER BY n DESC, u.id LIMIT 1")
    taken: set[str] = set()
    if busiest:
        _, name, full, month, _ = busiest[0]
        unit = shown(name, full)
        taken.add(unit)
        candidates += [f"{unit}牵头哪些{month}月到期的任务?",
                       f"which tasks does {unit} lead that are due in {MONTHS_EN[int(month) - 1]}"]
    units = rows("MATCH (u:Unit)-[r]->(:Assignment) WHERE u.kind <> 'collective'" + placed +
                 " RETURN u.id, u.name, u.full_name, count(r) AS n ORDER BY n DESC, u.id LIMIT 3")
    rest = [unit for unit in (shown(name, full) for _, name, full, _ in units) if unit not in taken]
    if rest:
        taken.add(rest[0])
        candidates.append(f"{rest[0]}负责哪些任务?")
    leads = rows("MATCH (u:Unit)-[:LEADS]->(:Assignment) WHERE u.kind <> 'collective'" + placed +
                 " RETURN u.id, u.name, u.full_name, count(*) AS n ORDER BY n DESC, u.id LIMIT 3")
    counted = [unit for unit in (shown(name, full) for _, name, full, _ in leads) if unit not in taken]
    if counted:
        candidates.append(f"How many tasks does {counted[0]} lead?")
    # an action named like one (工业强市提振行动), not a heading that states a duty
    action = rows("MATCH (a:Action)-[:HAS_TASK]->(t:Task) WHERE size(a.name) <= 16 "
                  "RETURN a.name, count(t) AS n ORDER BY n DESC, a.name LIMIT 1")
    if action and action[0][0]:
        candidates.append(f"{action[0][0]}有哪些任务?")
    industry = rows("MATCH (:Task)-[:CONCERNS]->(c:Industry) RETURN c.name, count(*) AS n ORDER BY n DESC, c.name "
                    "LIMIT 1")
    if industry:
        candidates.append(f"哪些任务涉及{industry[0][0]}?")
    return (*(q for q in candidates if _answered(session, q)), *ANY_STORE)


def _answered(session, question: str) -> bool:
    """Whether the question is read without asking back and has an answer: an example is never a dead end."""
    from .ask import answer

    result = answer(session, question, limit=1)
    return result.understood and result.count > 0
