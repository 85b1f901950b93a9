"""Questions as people ask them (tests/golden/spoken_questions.json, expectations written from the sample):
plain 负责/参与/承担 as any role, 月底到期 against 月底前, conjunctions, windows from a reference date, unit
rankings, short names and typos; each answered the same on LadybugDB and Neo4j, and every reading says what it
could not read, which date was "now" and how a month was counted."""

import json
import time

import pytest
from conftest import GOLDEN

from ingest.errors import QueryError
from queries.ask import answer
from queries.question import MAX_QUESTION_CHARS

SPOKEN = json.loads((GOLDEN / "spoken_questions.json").read_text(encoding="utf-8"))
TODAY = "2024-07-15"


def keys(result) -> set[tuple[str, int]]:
    return {(a["task"]["label"], a["seq"]) for a in result.assignments}


def ask(session, case):
    return answer(session, case["q"], today=case.get("today", TODAY))


@pytest.mark.parametrize("case", SPOKEN, ids=[q["q"] for q in SPOKEN])
def test_spoken_question(case, ladybug_session):
    result = ask(ladybug_session, case)
    assert result.understood, result.message
    assert result.spec.unread == (), result.spec.unread
    assert keys(result) == {tuple(k) for k in case["expect"]}, result.spec.reading
    if "count" in case:
        assert result.spec.shape == "count" and result.count == case["count"]
    if "top" in case:
        columns, rows = result.table
        role = {"lead": 1, "responsible": 2, "total": 4}[result.spec.rank_role or "total"]
        assert result.spec.shape == "ranking" and [rows[0][0], rows[0][role]] == case["top"]


def test_spoken_golden_covers_both_languages():
    langs = [q["lang"] for q in SPOKEN]
    assert langs.count("zh") >= 20 and langs.count("en") >= 18


@pytest.mark.neo4j
@pytest.mark.parametrize("case", SPOKEN, ids=[q["q"] for q in SPOKEN])
def test_spoken_question_is_identical_on_neo4j(case, ladybug_session, neo4j_sample):
    result, on_neo4j = ask(ladybug_session, case), ask(neo4j_sample, case)
    assert on_neo4j.cypher == result.cypher and on_neo4j.params == result.params
    assert on_neo4j.assignments == result.assignments and on_neo4j.table == result.table
    assert on_neo4j.interpretation() == result.interpretation()


def test_plain_responsible_reads_any_role_and_offers_the_narrow_reading(ladybug_session):
    result = answer(ladybug_session, "市财政局负责哪些任务?", today=TODAY)
    interpretation = result.interpretation()
    assert "角色:任意(牵头、责任、配合)" in interpretation["reading"]
    assert any("按任意角色理解" in n for n in interpretation["notes"])
    [alternative] = interpretation["alternatives"]
    narrow = answer(ladybug_session, alternative["question"], today=TODAY)
    assert narrow.spec.roles == ("responsible",) and narrow.assignments == []
    term = answer(ladybug_session, "市财政局作为责任单位负责哪些任务?", today=TODAY)
    assert term.spec.roles == ("responsible",) and term.spec.alternatives == ()


def test_lead_stays_lead_even_with_all(ladybug_session):
    result = answer(ladybug_session, "市工信局牵头的所有任务", today=TODAY)
    assert result.spec.roles == ("lead",) and result.count == 37


def test_end_of_month_due_and_by_are_different_answers(ladybug_session):
    due = answer(ladybug_session, "市工信局牵头的哪些任务9月底到期", today=TODAY)
    by = answer(ladybug_session, "市工信局牵头的哪些任务9月底前到期", today=TODAY)
    assert due.spec.due_month == 9 and due.spec.due_to is None
    assert by.spec.due_to.isoformat() == "2024-09-30" and keys(due) < keys(by)


@pytest.mark.parametrize("question, unread", [
    ("市发改委牵头且全年完成的任务有哪些呀嘿", "呀嘿"),
    ("市财政局牵头哪些任务,按照紫色排序", "按照紫色排序"),
    ("Which tasks does 市财政局 lead, sorted by colour", "sorted"),
])
def test_a_part_not_understood_is_a_visible_warning(ladybug_session, question, unread):
    result = answer(ladybug_session, question, today=TODAY)
    warnings = result.interpretation()["warnings"]
    assert any(unread in w for w in warnings), warnings
    assert any("范围更宽" in w or "may be wider" in w for w in warnings)


def test_a_fully_read_question_has_no_warning(ladybug_session):
    for case in SPOKEN:
        result = ask(ladybug_session, case)
        suggestions = len(result.spec.suggestions)
        assert len(result.warnings) == suggestions, (case["q"], result.warnings)


def test_typos_and_short_names_say_did_you_mean(ladybug_session):
    result = answer(ladybug_session, "市财正局牵头哪些任务?", today=TODAY)
    assert result.interpretation()["suggestions"] == [{"as_written": "市财正局", "unit": "市财政局"}]
    assert any("您是否要找“市财政局”" in w for w in result.warnings)
    english = answer(ladybug_session, "What is 即默区 responsible for?", today=TODAY)
    assert any("Did you mean 即墨区" in w for w in english.warnings)


def test_a_word_close_to_several_units_is_asked_back_not_guessed(ladybug_session):
    result = answer(ladybug_session, "市某某局牵头哪些任务?", today=TODAY)
    assert not result.understood or not result.spec.units


def test_every_relative_answer_carries_its_reference_date(ladybug_session):
    for question in ("本月到期的任务", "哪些任务30天内到期?", "Which tasks are overdue?", "下个月到期的任务"):
        interpretation = answer(ladybug_session, question, today="2024-08-10").interpretation()
        assert interpretation["relative"] and interpretation["reference_date"] == "2024-08-10"
        assert any("2024-08-10" in n for n in interpretation["notes"])
    absolute = answer(ladybug_session, "9月到期的任务", today="2024-08-10").interpretation()
    assert not absolute["relative"] and any("各文件自身年份" in n for n in absolute["notes"])


def test_a_reference_date_years_away_warns(ladybug_session):
    far = answer(ladybug_session, "本月到期的任务", today="2026-11-30")
    assert any("相差两年以上" in w and "2026-11-30" in w for w in far.warnings), far.warnings
    near = answer(ladybug_session, "本月到期的任务", today="2024-08-10")
    assert near.warnings == []
    absolute = answer(ladybug_session, "9月到期的任务", today="2026-11-30")
    assert absolute.warnings == [], "an absolute month does not depend on today"


def test_the_json_contract_only_gains_fields(ladybug_session):
    data = answer(ladybug_session, "哪个单位牵头的任务最多?", today=TODAY).to_json()
    assert {"question", "interpretation", "assignments", "cypher", "params", "count", "table"} <= set(data)
    assert data["table"][0] == {"unit": "市工业和信息化局", "lead": 37, "responsible": 1, "cooperating": 0,
                                "total": 38}
    assert {"reading", "not_understood", "ambiguous", "units", "roles", "shape", "language", "understood",
            "message", "warnings", "notes", "suggestions", "alternatives", "reference_date",
            "relative", "not_applied"} == set(data["interpretation"])


def test_a_question_too_long_is_refused_quickly(ladybug_session):
    answer(ladybug_session, "市财政局牵头哪些任务" + " " * (MAX_QUESTION_CHARS - 10), today=TODAY)
    start = time.monotonic()
    with pytest.raises(QueryError, match=f"上限为{MAX_QUESTION_CHARS}"):
        answer(ladybug_session, "市财政局牵头哪些任务?" * 60_000, today=TODAY)
    assert time.monotonic() - start < 0.5


def test_the_sample_golden_is_read_without_warnings(ladybug_session):
    """Every word of the established questions is read, English glosses beside a name included; a warning means
    something."""
    for case in json.loads((GOLDEN / "sample_questions.json").read_text(encoding="utf-8")):
        result = answer(ladybug_session, case["q"], today=TODAY)
        assert result.spec.unread == () and result.warnings == [], (case["q"], result.warnings)


@pytest.mark.parametrize("question, window", [
    ("2024年上半年到期的任务", ("2024-01-01", "2024-06-30")),
    ("Which tasks are due in Q3 2025?", ("2025-07-01", "2025-09-30")),
    ("What has a deadline in H2 of 2024?", ("2024-07-01", "2024-12-31")),
])
def test_a_year_written_beside_a_quarter_or_half_is_used(ladybug_session, question, window):
    spec = answer(ladybug_session, question, today=TODAY).spec
    assert (spec.due_from.isoformat(), spec.due_to.isoformat()) == window and spec.unread == ()
    assert spec.notes == ()


@pytest.mark.parametrize("question, window", [
    ("2024年到期的任务有多少", ("2024-01-01", "2024-12-31")),
    ("市财政局 2024年的任务", ("2024-01-01", "2024-12-31")),
    ("2024年度的任务", ("2024-01-01", "2024-12-31")),
    ("Which tasks are due in 2024?", ("2024-01-01", "2024-12-31")),
    ("2024年底前完成的任务", (None, "2024-12-31")),
    ("年底前完成的任务", (None, "2024-12-31")),
    ("2025年以前到期的任务", (None, "2024-12-31")),
])
def test_a_year_on_its_own_and_the_year_end_bound_the_answer(ladybug_session, question, window):
    """A year alone was left unread (the answer spanned every year); 年底前 is by the end of the year, as
    9月底前 is by the end of September (it was read as before December)."""
    result = answer(ladybug_session, question, today=TODAY)
    spec = result.spec
    got = (spec.due_from.isoformat() if spec.due_from else None, spec.due_to.isoformat() if spec.due_to else None)
    assert got == window and spec.unread == (), (question, spec.reading, spec.unread)
    assert result.assignments, "the sample's 2024 duties answer"


def test_an_impossible_date_is_not_understood_not_a_crash(ladybug_session):
    result = answer(ladybug_session, "2024年13月45日前到期的任务", today=TODAY)
    assert not result.understood and any("2024年13月45日" in w for w in result.warnings)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from conftest import SAMPLE
    from test_cli import run

    path = tmp_path_factory.mktemp("spoken") / "store"
    run("ingest", str(SAMPLE), store=path)
    return path


@pytest.mark.parametrize("args, message", [
    (["哪些任务已逾期?", "--today", "9999-99-99"],
     "policykg: error: reference date '9999-99-99': expected a real date yyyy-mm-dd with a year from 1900 to 2199"),
    (["哪些任务已逾期?", "--today", "0001-01-01"], "reference date '0001-01-01'"),
    (["市财政局" * 200], f"问题有800个字符,上限为{MAX_QUESTION_CHARS}"),
])
def test_cli_ask_refuses_bad_input_in_one_line(store, args, message):
    from test_cli import run

    out = run("ask", *args, store=store, check=False)
    assert out.returncode == 1 and message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_cli_ask_json_carries_the_reading_aids(store):
    from test_cli import run

    data = json.loads(run("ask", "市财正局负责哪些任务?", "--json", "--today", "2024-07-15", store=store).stdout)
    interpretation = data["interpretation"]
    assert interpretation["suggestions"] == [{"as_written": "市财正局", "unit": "市财政局"}]
    assert interpretation["alternatives"][0]["question"] == "市财正局负责哪些任务(仅限责任单位)"
    assert interpretation["reference_date"] == "2024-07-15" and data["count"] == 4


@pytest.mark.parametrize("question, query, first", [
    ("市工信局和哪些单位合作最多?", "unit_partners", "市发展改革委"),
    ("Who are the partners of 市财政局?", "unit_partners", "市工业和信息化局"),
    ("who works with 市财政局 most", "unit_partners", "市工业和信息化局"),  # 'most' was said not understood
    ("Who works with 市财政局 the most?", "unit_partners", "市工业和信息化局"),
    ("哪些任务没有牵头单位?", "assignments_without_lead", "17"),
    ("Which assignments are without a lead unit?", "assignments_without_lead", "17"),
])
def test_questions_answered_by_a_named_query(ladybug_session, question, query, first):
    result = answer(ladybug_session, question, today=TODAY)
    assert result.table_query == query and result.table[1][0][0] == first
    assert result.spec.unread == () and result.warnings == []


@pytest.mark.parametrize("question, word", [
    ("Which tasks are not due in September?", "not"),
    ("哪些任务不涉及集成电路", "不"),
])
def test_a_negation_not_read_is_never_dropped(ladybug_session, question, word):
    result = answer(ladybug_session, question, today=TODAY)
    assert word in result.spec.unread and result.warnings
