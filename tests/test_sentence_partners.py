"""A duty stated in a sentence with its work (X牵头<work>, X负责<work>) keeps the role clauses after the comma
that closes the work (Y配合, Y、Z按职责分工配合, 各区(市)按职责分工负责); a clause that goes on with work of its
own is a duty of its own. One item stating its duty so does not hide the role clauses of the items beside it."""

import itertools

import pytest

HEAD = "某市关于推进某项工作的通知\n某政办发〔2026〕3号\n一、重点任务\n"
SUBJECTS = {"牵头": "lead", "负责": "responsible"}
PARTNERS = {"配合": "cooperating", "按职责分工配合": "cooperating", "按职责分工负责": "responsible",
            "参与": "cooperating"}
GROUPS = [["市商务局"], ["市公安局", "市城市管理局"], ["各区(市)"]]


def names(units) -> list[str]:
    return [u.name for u in units]


def roles(a) -> dict[str, list[str]]:
    return {r: names(getattr(a, r)) for r in ("lead", "responsible", "cooperating")}


@pytest.mark.parametrize(("verb", "partner_verb", "partners"),
                         list(itertools.product(SUBJECTS, PARTNERS, GROUPS)))
def test_partners_after_the_subjects_work(parse, verb, partner_verb, partners):
    sentence = f"市发展改革委{verb}消费政策研究，{'、'.join(partners)}{partner_verb}，2026年6月底前完成。"
    doc = parse(HEAD + "1. 推进消费提振。" + sentence + "\n")
    [(_, a)] = doc.assignments
    want = {"lead": [], "responsible": [], "cooperating": []}
    want[SUBJECTS[verb]].append("市发展改革委")
    want[PARTNERS[partner_verb]] += partners
    assert {r: sorted(v) for r, v in roles(a).items()} == {r: sorted(v) for r, v in want.items()}, sentence
    assert a.deadline is not None and str(a.deadline.end) == "2026-06-30"


def test_a_clause_with_work_of_its_own_is_another_duty(parse):
    doc = parse(HEAD + "1. 优化消费环境。市市场监管局负责商品质量抽检，市消费者协会负责投诉受理工作。\n")
    assert [roles(a) for _, a in doc.assignments] == [
        {"lead": [], "responsible": ["市市场监管局"], "cooperating": []},
        {"lead": [], "responsible": ["市消费者协会"], "cooperating": []}]


def test_a_stated_duty_does_not_hide_the_clauses_beside_it(parse):
    doc = parse("关于做好冬季安全工作的通知\n各有关单位：\n"
                "一、开展隐患排查。区应急局牵头，区消防救援大队配合，2026年12月31日前完成。\n"
                "二、做好经费保障。区财政局负责经费保障，每季度通报一次。\n2026年10月8日\n")
    assert [roles(a) for _, a in doc.assignments] == [
        {"lead": ["区应急局"], "responsible": [], "cooperating": ["区消防救援大队"]},
        {"lead": [], "responsible": ["区财政局"], "cooperating": []}]


def test_a_short_title_closed_by_a_stop_with_its_duty_after_it_is_an_item_of_its_own(parse):
    doc = parse("关于做好冬季安全工作的通知\n各有关单位：\n"
                "一、开展隐患排查。区应急局牵头，区消防救援大队配合，2026年12月31日前完成。\n"
                "二、做好经费保障。区财政局负责经费保障，每季度通报一次。\n2026年10月8日\n")
    # the items are the notice's tasks: each labelled by its number, its title the words before the stop
    assert not doc.sections
    assert [(t.label, t.title) for t, _ in doc.assignments] == [("一", "开展隐患排查"), ("二", "做好经费保障")]


@pytest.mark.parametrize(("verb", "role"), [("牵头落实", "lead"), ("牵头负责", "lead"), ("负责落实", "responsible")])
@pytest.mark.parametrize("after", ["", "。", "，市财政局配合。"])
def test_a_compound_role_verb_closing_its_clause_is_one_role_phrase(parse, verb, role, after):
    # a unit cell printed alone on its line (市人社局牵头落实) or a clause closed by a stop or by partners: the
    # attribution covers the whole phrase, and 落实/负责 is no work of the unit's
    doc = parse(HEAD + "1. 加强政策解读。\n围绕就业政策开展解读。\n" + f"市人社局{verb}{after}\n")
    [(_, a)] = doc.assignments
    assert [u.surface for u in getattr(a, role)] == ["市人社局"]
    assert doc.text[a.attribution_span.start:a.attribution_span.end].startswith(f"市人社局{verb}")
    assert [u.surface for u in a.cooperating] == (["市财政局"] if "配合" in after else [])


@pytest.mark.parametrize("place", ["我市", "本市", "我县", "本区"])
def test_the_speakers_place_before_a_list_is_no_part_of_a_units_name(parse, place):
    # news and speeches name the bodies of the place they speak in: 我市城管局、住建局将牵头… (our city's)
    doc = parse(HEAD + f"1. 保障冬季供暖。{place}城管局、住建局将牵头开展供热管网隐患排查,财政局配合。\n")
    [(_, a)] = doc.assignments
    assert [u.surface for u in a.lead] == ["城管局", "住建局"]
    assert [u.surface for u in a.cooperating] == ["财政局"]


# Role clauses, then the work with its deadline, then a partner's clause closing the sentence, in each order the
# work and the date can stand: the partners are the same duty's, the deadline printed once is theirs, and the
# duty's text is the whole sentence, not cut at the work's comma.
AFTER_WORK = [
    "市水务局牵头，市应急局、市气象局配合，于2026年5月31日前完成全市防汛隐患排查，各区县人民政府{verb}。",
    "市水务局牵头，于2026年5月31日前完成全市防汛隐患排查，市应急局、市气象局配合，各区县人民政府{verb}。",
    "于2026年5月31日前，市水务局牵头完成全市防汛隐患排查，市应急局、市气象局配合，各区县人民政府{verb}。",
]


def printed(a) -> dict[str, list[str]]:
    return {r: [u.surface for u in getattr(a, r)] for r in ("lead", "responsible", "cooperating")}


@pytest.mark.parametrize("sentence", AFTER_WORK, ids=["clauses-work", "lead-work-partners", "date-lead-work"])
@pytest.mark.parametrize("partner_verb", ["参与", "按职责分工负责"], ids=["canyu", "fengong"])
def test_partners_after_the_work_of_role_clauses(parse, sentence, partner_verb):
    sentence = sentence.format(verb=partner_verb)
    doc = parse(HEAD + "1. " + sentence + "\n")
    [(_, a)] = doc.assignments
    want = {"lead": ["市水务局"], "responsible": [], "cooperating": ["市应急局", "市气象局"]}
    want[PARTNERS[partner_verb]].append("各区县人民政府")
    assert printed(a) == want, sentence
    assert a.deadline is not None and str(a.deadline.end) == "2026-05-31", sentence
    assert doc.text[a.text_span.start : a.text_span.end] == sentence


def test_a_partner_with_work_and_a_date_of_its_own_is_another_duty(parse):
    doc = parse(HEAD + "1. 市气象局牵头，于2026年4月15日前完成预警发布系统升级，市应急局负责于2026年6月底前组织联合演练。\n")
    assert [(printed(a), str(a.deadline.end)) for _, a in doc.assignments] == [
        ({"lead": ["市气象局"], "responsible": [], "cooperating": []}, "2026-04-15"),
        ({"lead": [], "responsible": ["市应急局"], "cooperating": []}, "2026-06-30")]


def test_a_deadline_printed_once_in_a_sentence_dates_each_of_its_duties(parse):
    doc = parse(HEAD + "1. 市农业农村局负责农田排涝设施检修，市供电公司负责排涝泵站电力保障，2026年5月10日前完成。\n")
    assert [(printed(a)["responsible"], a.deadline and str(a.deadline.end)) for _, a in doc.assignments] == [
        (["市农业农村局"], "2026-05-10"), (["市供电公司"], "2026-05-10")]


@pytest.mark.parametrize("dated", ["11月25日前完成第一轮全覆盖检查", "2026年6月底前完成摸底"])
def test_partners_after_a_dated_clause_of_the_subjects_work(parse, dated):
    """X要牵头<work>,<date>完成<more work>,Y、Z配合。 was read as two duties, the second with no lead: the partners'
    ledgers showed a duty nobody leads. A clause that opens with its date is the subject's work going on."""
    doc = parse(HEAD + f"1. 开展安全生产大排查。市应急局要牵头组织开展危险化学品领域安全生产大排查，{dated}，"
                       "市公安局、市市场监管局配合。\n")
    [(_, a)] = doc.assignments
    assert roles(a) == {"lead": ["市应急局"], "responsible": [], "cooperating": ["市公安局", "市市场监管局"]}
    assert a.deadline is not None


def test_a_clause_after_the_work_that_is_not_dated_still_ends_the_duty(parse):
    doc = parse(HEAD + "1. 优化消费环境。市市场监管局负责商品质量抽检，加强执法检查，市消费者协会配合。\n")
    assert roles(doc.assignments[0][1])["responsible"] == ["市市场监管局"]
    assert roles(doc.assignments[0][1])["cooperating"] == []
