"""The extractor's grammar, tested by generation: assignment sentences built from constructions ×
agency forms × deadline forms × introductory clauses (my own words, no corpus text), each
checked for its lead, coordinators and deadline.

`python -m tests.documents.test_grammar` prints the coverage table by construction.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from vietnam_provinces import Ward

from tracker.agencies.divisions import ward_name
from tracker.core.text import name_key
from tracker.documents.extraction.extract import extract
from tracker.documents.extraction.lexicon import Lexicon
from tracker.documents.extraction.people import FAMILY_NAMES, known_places

LEXICON = Lexicon.national()  # no directory: names must come from the grammar alone
PLACES = ("Tân Phú", "Hòa Bình", "An Lạc", "Phước Long", "Đông Sơn")


@dataclass(frozen=True)
class Agency:
    written: str
    name: str  #: what the extractor must report


def _agencies() -> list[Agency]:
    forms = [
        Agency("Sở Tài nguyên và Môi trường", "Sở Tài nguyên và Môi trường"),
        Agency("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        Agency("sở Tài nguyên - Môi trường", "Sở Tài nguyên và Môi trường"),
        Agency("Sở KH-ĐT", "Sở Kế hoạch và Đầu tư"),
        Agency("Sở Nông nghiệp - PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        Agency("Giám đốc Sở Xây dựng", "Sở Xây dựng"),
        Agency("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        Agency("Công an tỉnh", "Công an tỉnh"),
        Agency("Thanh tra tỉnh", "Thanh tra tỉnh"),
        Agency("Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        Agency("Ban Chỉ huy Quân sự huyện", "Ban Chỉ huy Quân sự huyện"),
        Agency("Văn phòng HĐND và UBND huyện", "Văn phòng HĐND và UBND huyện"),
        Agency("UBND các xã, phường, thị trấn", "UBND các xã, phường, thị trấn"),
        Agency("các sở, ban, ngành", "Các sở, ban, ngành"),
        Agency("Trung tâm Phát triển quỹ đất tỉnh", "Trung tâm Phát triển quỹ đất tỉnh"),
        Agency("Kho bạc Nhà nước từ tỉnh đến cơ sở", "Kho bạc Nhà nước từ tỉnh đến cơ sở"),
        Agency("Công an từ tỉnh đến xã", "Công an từ tỉnh đến xã"),
    ]
    for place in PLACES:
        forms += [
            Agency(f"UBND huyện {place}", f"UBND huyện {place}"),
            Agency(f"Chủ tịch UBND xã {place}", f"UBND xã {place}"),
            Agency(f"Phòng NN&PTNT huyện {place}", f"Phòng Nông nghiệp và Phát triển nông thôn huyện {place}"),
            Agency(f"phòng Kinh tế - hạ tầng huyện {place}", f"Phòng Kinh tế và Hạ tầng huyện {place}"),
            Agency(f"Phòng Tài chính – Kế hoạch huyện {place}", f"Phòng Tài chính - Kế hoạch huyện {place}"),
        ]
    return forms


AGENCIES = _agencies()
#: (written, due, recurrence) with the document year 2024.
DEADLINES = [
    ("trước ngày 15/6/2024", dt.date(2024, 6, 15), None),
    ("trước ngày 15-6-2024", dt.date(2024, 6, 15), None),
    ("trước ngày 15.6.2024", dt.date(2024, 6, 15), None),
    ("chậm nhất ngày 20/7", dt.date(2024, 7, 20), None),
    ("trước 14 giờ, ngày 05/12/2024", dt.date(2024, 12, 5), None),
    ("trong quý III/2024", dt.date(2024, 9, 30), None),
    ("trong quý III-2024", dt.date(2024, 9, 30), None),
    ("trong tháng 8/2024", dt.date(2024, 8, 31), None),
    ("trong năm 2024", dt.date(2024, 12, 31), None),
    ("thường xuyên", None, "continuous"),
    ("hằng tháng", None, "monthly"),
]
INTROS = ["", "Theo đó, ", "Để bảo đảm tiến độ và chất lượng công việc, ", "Căn cứ ý kiến thảo luận tại cuộc họp, "]
SPEAKERS = ["UBND tỉnh", "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh Nguyễn Văn Bình", "Văn phòng UBND tỉnh truyền đạt: UBND tỉnh"]
ACTIONS = ["rà soát, tổng hợp danh mục công trình", "kiểm tra, xử lý dứt điểm các trường hợp vi phạm",
           "xây dựng kế hoạch triển khai"]
#: construction → sentence template; {s} speaker, {lead}, {sup} coordinating agency, {act}, {due}.
CONSTRUCTIONS = {
    "giao": "{intro}{s} giao {lead} chủ trì, phối hợp với {sup} {act}, hoàn thành {due}.",
    "yêu cầu": "{intro}{s} yêu cầu {lead} {act}, báo cáo kết quả {due}.",
    "đề nghị": "{intro}{s} đề nghị {lead} phối hợp với {sup} {act} {due}.",
    "chỉ đạo": "{intro}{s} chỉ đạo {lead} {act}; hoàn thành {due}.",
    "chủ ngữ": "{intro}{lead} chủ trì, phối hợp với {sup} {act}, hoàn thành {due}.",
    "có trách nhiệm": "{intro}{lead} có trách nhiệm {act} {due}.",
    "X: …": "{lead}: {act}, hoàn thành {due}.",
    "do … chủ trì": "Việc {act} do {lead} chủ trì, phối hợp với {sup}, hoàn thành {due}.",
    "báo cáo sau": "{intro}{s} giao {lead} {act}. Báo cáo UBND tỉnh {due}.",
    "phân công": "{intro}{s} phân công {lead} {act} {due}.",
    "trường hợp … thì": "Trường hợp phát sinh vướng mắc vượt thẩm quyền thì {lead} {act}, báo cáo {due}.",
    "đối với …, X": "Đối với các dự án chậm tiến độ, {lead} {act} {due}.",
}
SUPPORT = Agency("Sở Tài chính", "Sở Tài chính")


@dataclass(frozen=True)
class Case:
    construction: str
    text: str
    lead: Agency
    deadline: tuple[str, dt.date | None, str | None]
    support: str | None  #: the coordinating agency the sentence names, if it names one


def build(construction: str, lead: Agency, deadline: tuple, intro: str, speaker: str, action: str) -> Case:
    support = SUPPORT if lead.name != SUPPORT.name else Agency("Sở Tư pháp", "Sở Tư pháp")
    template = CONSTRUCTIONS[construction]
    text = template.format(intro=intro, s=speaker, lead=lead.written, sup=support.written, act=action,
                           due=deadline[0])
    text = "Tân Phú, ngày 02 tháng 01 năm 2024\n" + text[:1].upper() + text[1:]
    return Case(construction, text, lead, deadline, support.name if "{sup}" in template else None)


def check(case: Case) -> str | None:
    """None when the sentence reads right, else what went wrong."""
    tasks = extract(case.text, LEXICON).tasks
    if len(tasks) != 1:
        return f"{len(tasks)} tasks: {[t.lead for t in tasks]}"
    task = tasks[0]
    if task.lead != case.lead.name:
        return f"lead {task.lead!r}"
    _, due, recurrence = case.deadline
    if (task.due, task.recurrence) != (due, recurrence):
        return f"deadline {task.due} {task.recurrence}"
    if case.support is not None and task.support != [case.support]:
        return f"support {task.support}"
    return None


CASES = st.builds(build, st.sampled_from(sorted(CONSTRUCTIONS)), st.sampled_from(AGENCIES), st.sampled_from(DEADLINES),
                  st.sampled_from(INTROS), st.sampled_from(SPEAKERS), st.sampled_from(ACTIONS))


@settings(max_examples=600, deadline=None)
@given(CASES)
def test_generated_assignments_give_their_lead_coordinators_and_deadline(case):
    problem = check(case)
    assert problem is None, f"{case.construction}: {case.text!r}: {problem}"


def coverage() -> dict[str, tuple[int, int]]:
    """Every combination but the action (held at the first): construction → (read right, all)."""
    counts: dict[str, Counter] = {}
    for construction, lead, deadline, intro, speaker in itertools.product(
            sorted(CONSTRUCTIONS), AGENCIES, DEADLINES, INTROS, SPEAKERS):
        if "{s}" not in CONSTRUCTIONS[construction] and speaker != SPEAKERS[0]:
            continue
        if "{intro}" not in CONSTRUCTIONS[construction] and intro:
            continue
        ok = check(build(construction, lead, deadline, intro, speaker, ACTIONS[0])) is None
        counts.setdefault(construction, Counter())[ok] += 1
    return {c: (n[True], n[True] + n[False]) for c, n in counts.items()}


if __name__ == "__main__":
    total_ok = total = 0
    print(f"{'construction':<16} {'read right':>10} {'cases':>7} {'share':>7}")
    for construction, (ok, n) in coverage().items():
        total_ok, total = total_ok + ok, total + n
        print(f"{construction:<16} {ok:>10} {n:>7} {ok / n:>7.1%}")
    print(f"{'all':<16} {total_ok:>10} {total:>7} {total_ok / total:>7.1%}")


#: Section titles that describe (what was done, the situation) rather than assign.
DESCRIPTIVE_TITLES = ["I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾ HOẠCH NĂM 2023", "I. KẾT QUẢ ĐẠT ĐƯỢC",
                      "1. Tình hình triển khai", "II. ĐÁNH GIÁ CHUNG"]
NARRATIVE = ["{lead} đã {act} theo đúng kế hoạch.", "Năm qua, {lead} đã chủ động {act}."]
DIRECTIVE = ["{intro}{s} yêu cầu {lead} khẩn trương {act}, hoàn thành {due}.",
             "Trên cơ sở đó, {s} giao {lead} {act} {due}.",
             "Căn cứ kết quả rà soát; tình hình thực tế của địa phương, đề nghị {lead} {act} {due}."]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DESCRIPTIVE_TITLES), st.sampled_from(NARRATIVE), st.sampled_from(DIRECTIVE),
       st.sampled_from(AGENCIES), st.sampled_from(AGENCIES), st.sampled_from(DEADLINES[:9]), st.sampled_from(INTROS),
       st.sampled_from(SPEAKERS[:3]), st.sampled_from(ACTIONS))
def test_a_describing_section_assigns_only_through_a_verb_of_assigning(title, narrative, directive, did, told,
                                                                       deadline, intro, speaker, action):
    """"Sở X đã ..." in an assessment section is a report of what was done; "yêu cầu Sở Y ..."
    in the same section, after an introductory clause of any length, is a task."""
    said = directive.format(intro=intro, s=speaker, lead=told.written, act=action, due=deadline[0])
    text = "\n".join(["Tân Phú, ngày 02 tháng 01 năm 2024", title,
                      narrative.format(lead=did.written, act=action), said[:1].upper() + said[1:]])
    tasks = extract(text, LEXICON).tasks
    assert [(t.lead, t.due) for t in tasks] == [(told.name, deadline[1])], text


PLAN_HEADER = "ỦY BAN NHÂN DÂN\nTỈNH PHƯỚC LONG\nSố: 12/KH-UBND\nPhước Long, ngày 02 tháng 01 năm 2024\nKẾ HOẠCH"
#: An agency's own verbs of directing: what it directs its own units to do is its task.
OWN_DIRECTING = ["chỉ đạo các phòng chuyên môn {act}", "trực tiếp chỉ đạo, chịu trách nhiệm về việc {act}"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(AGENCIES), st.sampled_from([a for a in AGENCIES if "UBND" not in a.written]),
       st.sampled_from(OWN_DIRECTING), st.sampled_from(ACTIONS), st.sampled_from(DEADLINES[:9]))
def test_an_agency_that_directs_does_the_directing(heading, subject, directing, action, deadline):
    """"Sở X chỉ đạo các phòng ..." gives Sở X the task; under a heading agency, an item that
    opens with "Chỉ đạo ..." is the heading agency's own, not its units'. (A People's Committee
    as the subject of "chỉ đạo" is read as one who speaks: not generated here.)"""
    said = f"{subject.written} {directing.format(act=action)} {deadline[0]}."
    text = "\n".join([PLAN_HEADER, "III. TỔ CHỨC THỰC HIỆN", f"1. {heading.written}",
                      "- " + said[:1].upper() + said[1:],
                      "- " + directing.format(act=action)[:1].upper() + directing.format(act=action)[1:] + "."])
    tasks = extract(text, LEXICON).tasks
    assert [(t.lead, t.due) for t in tasks] == [(subject.name, deadline[1]), (heading.name, None)], text


GROUPS = [("sở, ban, ngành", "sở, ban, ngành"), ("cơ quan, đơn vị", "cơ quan, đơn vị"),
          ("phòng, ban chuyên môn", "phòng, ban chuyên môn"), ("đơn vị sự nghiệp trực thuộc", "đơn vị sự nghiệp trực thuộc")]
HEAD_TITLES = ["Giám đốc", "Thủ trưởng", "Trưởng"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(GROUPS), st.sampled_from(GROUPS), st.sampled_from(HEAD_TITLES), st.sampled_from(HEAD_TITLES),
       st.sampled_from(["", " chủ trì tham mưu", " được giao chủ trì, đầu mối theo dõi"]), st.sampled_from(ACTIONS))
def test_heads_of_groups_are_one_collective_named_without_titles_or_clauses(first, second, title1, title2, clause,
                                                                           action):
    """"Giám đốc các sở, Thủ trưởng các phòng, đơn vị chủ trì tham mưu có trách nhiệm ..." is
    one lead, the groups as written without the titles; the clause after them describes them."""
    if first == second:
        return
    text = ("Tân Phú, ngày 02 tháng 01 năm 2024\n"
            f"UBND tỉnh giao {title1} các {first[0]}, {title2} các {second[0]}{clause} có trách nhiệm {action}.")
    tasks = extract(text, LEXICON).tasks
    assert [t.lead for t in tasks] == [f"Các {first[1]}, các {second[1]}"], text


UNITS_OF = ["các phòng, đơn vị trực thuộc UBND huyện", "các đơn vị trực thuộc UBND tỉnh",
            "các phòng, ban thuộc UBND huyện Tân Phú"]
OWN_ASSIGNING = ["phân công lãnh đạo, công chức trực {act}", "giao cán bộ đầu mối {act}",
                 "yêu cầu cán bộ, công chức {act}"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(UNITS_OF), st.sampled_from([a for a in AGENCIES if "UBND" in a.written or "sở" in a.written]),
       st.sampled_from(OWN_ASSIGNING), st.sampled_from(ACTIONS), st.sampled_from(SPEAKERS[:3]))
def test_objects_split_by_semicolons_each_keep_their_own_verb(units, second, own, action, speaker):
    """"X giao các phòng thuộc UBND huyện; UBND các phường phân công công chức trực ...": the
    units are named with whose units they are, and an agency whose verb of assigning takes
    people or work (not an agency) as its object does that itself."""
    said = f"{speaker} giao {units}; {second.written} {own.format(act=action)}."
    tasks = extract(PLAN_HEADER + "\n" + said, LEXICON).tasks
    expected = units[:1].upper() + units[1:]
    assert [t.lead for t in tasks] == [expected, second.name], said


CLOSINGS = ["Nhận được {doc} này, {s} yêu cầu {leads} khẩn trương triển khai thực hiện.",
            "Căn cứ nội dung {doc} này, đề nghị {leads} nghiêm túc tổ chức thực hiện.",
            "Yêu cầu {leads} triển khai thực hiện có hiệu quả các nội dung trên."]
DOCUMENT_KINDS = ["Công văn", "Kế hoạch", "Thông báo", "văn bản"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(CLOSINGS), st.sampled_from(DOCUMENT_KINDS), st.sampled_from(AGENCIES),
       st.sampled_from(AGENCIES), st.sampled_from(ACTIONS), st.sampled_from(DEADLINES[:9]), st.sampled_from(SPEAKERS[:3]))
def test_a_closing_formula_restates_and_a_new_action_assigns(closing, doc, lead, other, action, deadline, speaker):
    """After the assignments, "Nhận được Công văn này, yêu cầu X, Y khẩn trương triển khai thực
    hiện" asks that the document be carried out: no new task. A sentence naming the document
    with an action of its own ("... rà soát ...") still assigns, and a document that opens with
    the formula (nothing assigned before) keeps it."""
    if lead.name == other.name:
        return
    first = f"{speaker} giao {lead.written} {action} {deadline[0]}."
    leads = f"{lead.written}, {other.written} và các đơn vị liên quan"
    last = closing.format(doc=doc, s=speaker, leads=leads)
    tasks = extract(PLAN_HEADER + "\n" + first[:1].upper() + first[1:] + "\n" + last, LEXICON).tasks
    assert [(t.lead, t.due) for t in tasks] == [(lead.name, deadline[1])], last
    acting = last.replace("triển khai thực hiện", f"{action}, triển khai thực hiện", 1).replace(
        "tổ chức thực hiện", f"{action}, tổ chức thực hiện", 1)
    tasks = extract(PLAN_HEADER + "\n" + first[:1].upper() + first[1:] + "\n" + acting, LEXICON).tasks
    assert len(tasks) > 1, acting
    assert len(extract(PLAN_HEADER + "\n" + last, LEXICON).tasks) >= 2, last


STEPS = ["Ban hành văn bản hướng dẫn và yêu cầu {other} {act}.",
         "Tổng hợp ý kiến, đề nghị {other} {act}.",
         "Xây dựng kế hoạch kiểm tra; yêu cầu {other} {act}.",
         "Tổ chức thực hiện các nhiệm vụ tại Biểu tổng hợp do {other} chủ trì; {act}.",
         "Chủ động trao đổi thông tin, tham mưu hoặc đề nghị {other} {act}."]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(AGENCIES), st.sampled_from(AGENCIES), st.sampled_from(STEPS), st.sampled_from(ACTIONS))
def test_an_item_that_asks_others_as_its_own_step_is_the_heading_agencys(heading, other, step, action):
    """Under "2. Văn phòng UBND tỉnh", "- Ban hành văn bản ... và yêu cầu các đơn vị ..." is the
    office's task: without a subject, the item opens with the office's own action."""
    if heading.name == other.name:
        return
    text = "\n".join([PLAN_HEADER, "III. TỔ CHỨC THỰC HIỆN", f"2. {heading.written}",
                      "- " + step.format(other=other.written, act=action)])
    tasks = extract(text, LEXICON).tasks
    assert [t.lead for t in tasks] == [heading.name], text


@settings(max_examples=120, deadline=None)
@given(st.sampled_from([a for a in AGENCIES if "UBND" not in a.written]), st.sampled_from(AGENCIES),
       st.sampled_from([("Trước ngày 15 hằng tháng", "monthly"), ("Hằng quý", "quarterly"),
                        ("Định kỳ hằng năm", "annual")]),
       st.sampled_from(["có văn bản gửi {other} đề nghị báo cáo", "thông báo cho {other} nội dung giao ban"]))
def test_what_a_subject_does_after_an_opening_deadline_is_a_duty(lead, other, opening, predicate):
    """"Trước ngày 15 hằng tháng, Văn phòng có văn bản gửi ...": words a news report uses for what
    was done ("có văn bản", "thông báo") are a duty after an opening deadline; "đã" still reports."""
    said = f"{opening[0]}, {lead.written} {predicate.format(other=other.written)}."
    tasks = extract(PLAN_HEADER + "\n" + said, LEXICON).tasks
    assert [(t.lead, t.recurrence) for t in tasks] == [(lead.name, opening[1])], said
    reported = f"{opening[0]}, {lead.written} đã {predicate.format(other=other.written)}."
    assert [t.lead for t in extract(PLAN_HEADER + "\n" + reported, LEXICON).tasks] == [], reported


BODIES = [("Sở Tài nguyên và Môi trường", "sở"), ("Sở Xây dựng", "sở"), ("Phòng Tài chính – Kế hoạch huyện Tân Phú", "phòng"),
          ("Sở KH-ĐT", "sở")]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from([a for a in AGENCIES if a.written.startswith(("UBND", "các"))]), st.sampled_from(BODIES),
       st.booleans(), st.sampled_from(ACTIONS), st.sampled_from(SPEAKERS[:3]))
def test_a_purpose_clause_with_its_own_date_is_the_next_step(lead, body, anaphor, action, speaker):
    """"... nộp số liệu về Sở X trước ngày A để sở tổng hợp, báo cáo Bộ trước ngày B":
    the body named (or referred to by its bare head word) has the next step, by the later date;
    without a date of its own ("để Sở X căn cứ thực hiện") the purpose only says what it serves."""
    named = body[1] if anaphor else body[0]
    said = (f"{speaker} yêu cầu {lead.written} {action}; nộp số liệu về {body[0]} trước ngày 28/10/2024 "
            f"để {named} tổng hợp, báo cáo Bộ trước ngày 10/11/2024.")
    tasks = extract(PLAN_HEADER + "\n" + said, LEXICON).tasks
    body_name = extract(PLAN_HEADER + f"\nGiao {body[0]} {action}.", LEXICON).tasks[0].lead
    assert [(t.lead, t.due) for t in tasks] == [(lead.name, dt.date(2024, 10, 28)),
                                                 (body_name, dt.date(2024, 11, 10))], said
    serving = f"{speaker} yêu cầu {lead.written} {action}, gửi về {body[0]} để {named} căn cứ thực hiện."
    assert [t.lead for t in extract(PLAN_HEADER + "\n" + serving, LEXICON).tasks] == [lead.name], serving


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([("TỈNH PHƯỚC LONG", "UBND tỉnh Phước Long"), ("THÀNH PHỐ HÀ NỘI", "UBND Thành phố Hà Nội"),
                        ("HUYỆN TÂN PHÚ", "UBND huyện Tân Phú")]),
       st.sampled_from(["\n", "\n\n", "\n\n\n"]), st.sampled_from(ACTIONS))
def test_the_issuer_is_read_across_blank_lines_and_its_titled_units_are_not_speakers(place, gap, action):
    """"ỦY BAN NHÂN DÂN" and its place on lines parted by blanks are one issuer; a bare "UBND"
    must never make "Chủ tịch UBND các xã" one who speaks."""
    from tracker.documents.extraction.header import read_header
    text = (f"ỦY BAN NHÂN DÂN{gap}{place[0]}{gap}Số: 12/KH-UBND\nPhước Long, ngày 02 tháng 01 năm 2024\nKẾ HOẠCH\n"
            f"1. Các phòng chuyên môn\n- Chủ tịch UBND các xã, thị trấn {action}.")
    assert read_header(text).issuer == place[1]
    assert [t.lead for t in extract(text, LEXICON).tasks] == ["UBND các xã, thị trấn"]
    bare = text.replace(f"{gap}{place[0]}", "")
    assert [t.lead for t in extract(bare, LEXICON).tasks] == ["UBND các xã, thị trấn"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(AGENCIES), st.sampled_from([a for a in AGENCIES if a.written.startswith(("các", "UBND các"))]),
       st.sampled_from([("định kỳ hằng tháng", "monthly"), ("định kỳ hàng quý", "quarterly"), ("hằng tuần", "weekly"),
                        ("định kỳ hàng năm", "annual")]), st.sampled_from(ACTIONS), st.sampled_from(SPEAKERS[:3]))
def test_a_clause_opened_by_its_recurrence_has_its_own_subject(first, second, recurrence, action, speaker):
    """"... yêu cầu X ...; định kỳ hàng tháng Y báo cáo kết quả ...": the recurrence opens the
    second clause, whose subject follows it."""
    if first.name == second.name:
        return
    said = f"{speaker} yêu cầu {first.written} {action}; {recurrence[0]} {second.written} báo cáo kết quả về Sở Tư pháp."
    tasks = extract(PLAN_HEADER + "\n" + said, LEXICON).tasks
    assert [(t.lead, t.recurrence) for t in tasks] == [(first.name, None), (second.name, recurrence[1])], said


UNNAMED = ["các địa phương, đơn vị", "các cơ quan, đơn vị", "các cấp, các ngành", "các cơ quan, đơn vị được phân công"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(UNNAMED), st.sampled_from([a for a in AGENCIES if not a.written.startswith("các")]),
       st.sampled_from(AGENCIES), st.sampled_from(ACTIONS), st.booleans())
def test_a_plans_content_names_everyone_and_its_implementation_section_assigns(everyone, named, lead, action,
                                                                              has_section):
    """In a plan's "II. NỘI DUNG", "các địa phương, đơn vị lập kế hoạch ..." says what everyone is
    to do; "III. TỔ CHỨC THỰC HIỆN" says who. A named agency in the content still assigns; and
    without an implementation section, the group is the only addressee and stays."""
    lines = [PLAN_HEADER, "II. NỘI DUNG", "1. Công tác tuyên truyền",
             f"a) Căn cứ chức năng, nhiệm vụ, {everyone} {action}.", f"b) Giao {named.written} {action}."]
    if has_section:
        lines += ["III. TỔ CHỨC THỰC HIỆN", f"1. {lead.written}", f"- {action[:1].upper()}{action[1:]}."]
    leads = [t.lead for t in extract("\n".join(lines), LEXICON).tasks]
    expected = [named.name] + [lead.name] if has_section else [everyone[:1].upper() + everyone[1:], named.name]
    assert leads == expected, "\n".join(lines)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(AGENCIES), st.sampled_from(["các phòng chuyên môn", "các sở, ngành chức năng", "các đơn vị trực thuộc"]),
       st.sampled_from(ACTIONS), st.sampled_from(SPEAKERS[:3]), st.sampled_from(DEADLINES[:9]))
def test_the_bodies_a_lead_is_told_to_direct_are_its_own(lead, own, action, speaker, deadline):
    """"giao X chỉ đạo các phòng chuyên môn ...": X is the lead; the bodies it directs are its own."""
    said = f"{speaker} giao {lead.written} chỉ đạo {own} {action} {deadline[0]}."
    tasks = extract(PLAN_HEADER + "\n" + said, LEXICON).tasks
    assert [(t.lead, t.due) for t in tasks] == [(lead.name, deadline[1])], said


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Dự cuộc họp có", "Tham dự hội nghị có", "Cùng dự buổi làm việc có"]),
       st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=3, unique=True))
def test_who_attended_is_reported_not_assigned(opening, present):
    said = f"{opening} đại diện lãnh đạo {', '.join(a.written for a in present)}; đại diện các phòng, ban liên quan."
    assert extract(PLAN_HEADER + "\n" + said, LEXICON).tasks == [], said


def test_the_heads_of_sở_ban_ngành_are_the_fixed_group():
    said = "UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành, đơn vị cấp tỉnh rà soát danh mục."
    assert [t.lead for t in extract(PLAN_HEADER + "\n" + said, LEXICON).tasks] == ["Các sở, ban, ngành, đơn vị cấp tỉnh"]


PURPOSES = ["Để bảo đảm tiến độ theo Kế hoạch số 15/KH-UBND ngày 02/3/2024 về kiểm tra {objects} đạt chuẩn",
            "Thực hiện Kế hoạch số 15/KH-UBND ngày 02/3/2024 của UBND tỉnh về rà soát {objects} hoàn thành nhiệm vụ",
            "Nhằm hoàn thành việc đánh giá {objects} trong năm 2024",
            "Để có cơ sở công nhận {objects} đạt danh hiệu năm 2024 và tổng kết giai đoạn 2020-2024"]
OBJECTS = ["các cơ quan, đơn vị, trường học", "{a}, {b}", "các thôn, tổ dân phố, các cơ quan, đơn vị"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PURPOSES), st.sampled_from(OBJECTS), st.sampled_from(AGENCIES), st.sampled_from(AGENCIES),
       st.sampled_from([a for a in AGENCIES if "Giám đốc" not in a.written and "Chủ tịch" not in a.written]),
       st.sampled_from(ACTIONS))
def test_an_introductory_clause_left_open_by_a_comma_assigns_nothing(purpose, objects, a, b, lead, action):
    """A paragraph that is only an introductory clause ("Để ..., ", "Thực hiện ..., ") ends in a
    comma: its main clause is the next paragraph, and the agencies it lists are what the work is
    about, not who does it. The next paragraph's subject still is."""
    opening = purpose.format(objects=objects.format(a=a.written, b=b.written)) + ","
    said = f"{opening}\n\nĐề nghị {lead.written} {action} trước ngày 15/6/2024."
    tasks = extract(PLAN_HEADER + "\n" + said, LEXICON).tasks
    assert [(t.lead, t.due) for t in tasks] == [(lead.name, dt.date(2024, 6, 15))], said


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([a for a in AGENCIES if "UBND" not in a.written]), st.sampled_from(ACTIONS),
       st.sampled_from(["", "Sau thời hạn này, đơn vị nào không nộp hồ sơ thì ", "Từ tháng 7/2024, "]))
def test_what_an_agency_will_do_is_said_not_assigned(lead, action, opening):
    """"X sẽ ..." (future) says what an agency will do, as "đã" says what it did: a consequence
    or an intention, not a task; "X chủ trì ..." and "giao X ..." in the same words assign."""
    will = f"{opening}{lead.written} sẽ {action}."
    assert extract(PLAN_HEADER + "\n" + will, LEXICON).tasks == [], will
    given_to = f"Giao {lead.written} {action}."
    assert [t.lead for t in extract(PLAN_HEADER + "\n" + given_to, LEXICON).tasks] == [lead.name], given_to


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([a for a in AGENCIES if "UBND" not in a.written and "Giám đốc" not in a.written
                         and not a.written.startswith("các")]),  # a group's list goes on with "và đơn vị ..."
       st.sampled_from(["đơn vị tư vấn", "nhà thầu thi công", "chủ đầu tư", "các chuyên gia"]),
       st.sampled_from(["đã", "đang", "sẽ", "vừa"]), st.sampled_from(ACTIONS),
       st.sampled_from(["", "Tại cuộc họp, ", "Tại cuộc họp, đại diện lãnh đạo "]))
def test_a_subject_joined_with_an_unnamed_body_reports_by_its_tense(lead, partner, tense, action, opening):
    """"X và đơn vị tư vấn đã trình bày ...": the second conjunct is no agency, and the tense
    word after it makes the sentence a report; without one, X has the work."""
    subject = f"{opening}{lead.written}"
    subject = subject[0].upper() + subject[1:]
    reported = f"{subject} và {partner} {tense} {action}."
    assert extract(PLAN_HEADER + "\n" + reported, LEXICON).tasks == [], reported
    given_to = f"{lead.written[0].upper()}{lead.written[1:]} và {partner} {action} trước ngày 15/6/2024."
    assert [(t.lead, t.due) for t in extract(PLAN_HEADER + "\n" + given_to, LEXICON).tasks] == \
        [(lead.name, dt.date(2024, 6, 15))], given_to


GIVEN_NAMES = ["An", "Bình", "Quí Tiên", "Thị Hồng", "Văn Thắng", "Minh Đức", "Ngọc Lan"]
MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Quốc", ""]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(FAMILY_NAMES)), st.sampled_from(MIDDLE_NAMES), st.sampled_from(GIVEN_NAMES),
       st.sampled_from(["Giám đốc", "Phó Giám đốc", "Thủ trưởng", "Lãnh đạo"]),
       st.sampled_from([a for a in AGENCIES if a.written[0].isupper() and "Giám đốc" not in a.written
                        and "Chủ tịch" not in a.written and "UBND" not in a.written]),
       st.sampled_from(ACTIONS))
def test_a_person_named_after_a_title_and_body_is_not_part_of_the_body(family, middle, given_name, title, body,
                                                                      action):
    """"Giám đốc Sở Xây dựng Lê Văn An rà soát ...": title, body, then the official's full name;
    the task is the body's, under its own name, and speech ("nhấn mạnh") assigns nothing."""
    person = " ".join(w for w in (family, middle, given_name) if w)
    if len(person.split()) < 3 or name_key(person) in known_places():
        return  # a two-syllable name reads as a place; a place's name is a place
    said = f"{title} {body.written} {person} {action} trước ngày 15/6/2024."
    assert [(t.lead, t.due) for t in extract(PLAN_HEADER + "\n" + said, LEXICON).tasks] == \
        [(body.name, dt.date(2024, 6, 15))], said
    spoken = f"Phát biểu tại hội nghị, {title} {body.written} {person} nhấn mạnh, các đơn vị đã làm tốt."
    assert extract(PLAN_HEADER + "\n" + spoken, LEXICON).tasks == [], spoken


PLACES_NAMED_LIKE_PEOPLE = sorted(p for p in {ward_name(w) for w in Ward.iter_all()}
                                  if len(p.split()) >= 3 and p.split()[0] in FAMILY_NAMES and p.replace(" ", "").isalpha())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PLACES_NAMED_LIKE_PEOPLE), st.sampled_from(["xã", "phường"]), st.sampled_from(ACTIONS))
def test_a_place_named_after_a_person_stays_the_place(place, level, action):
    """Communes and wards named after people ("phường Chu Văn An") stay the body's place."""
    said = f"Chủ tịch UBND {level} {place} {action} trước ngày 15/6/2024."
    assert [t.lead for t in extract(PLAN_HEADER + "\n" + said, LEXICON).tasks] == [f"UBND {level} {place}"], said
