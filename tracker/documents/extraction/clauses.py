"""Who is given what in one sentence, read clause by clause.

Vietnamese administrative sentences assign work in a few constructions, each of which may
follow an introductory clause of any length ("Để ..., ", "Trường hợp ... thì ", "Theo đó, "):

- a speaker and a verb of assigning with its object: "UBND tỉnh giao / yêu cầu / đề nghị /
  chỉ đạo / phân công / ủy quyền cho X ..."; the speaker (the issuer, its chair, a person) is
  never the lead of what it assigns;
- an agency as the subject of an action: "X chủ trì ...", "X có trách nhiệm ...", "X: rà soát ...";
- a passive lead: "... do X chủ trì".

Clauses are separated by ";" when each part names its own agency; a part without one belongs
to the assignment before it. An ordinary agency as subject keeps its own verbs: "Sở X đề nghị
các địa phương ..." is what Sở X does, not an assignment to the localities.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...core.text import name_key
from .deadlines import find_deadlines
from .lexicon import Lexicon
from .mentions import Mention, Token, parse_list, parse_name, tokenize

#: Verbs of assigning, as keys.
TRIGGERS = ("giao", "yeu cau", "de nghi", "chi dao", "phan cong", "uy quyen", "dong y giao", "truc tiep chi dao")
_TRIGGER_FIRST_WORDS = frozenset(t.split()[0] for t in TRIGGERS)
#: A verb of assigning used as a noun or in another compound: "theo yêu cầu", "giao ban", "bàn giao".
_NOT_TRIGGER_BEFORE = {"theo", "cac", "nhung", "co", "khi", "cua", "duoc", "ban", "chuyen", "nhan", "tiep",
                       "voi", "ung", "kien", "moi", "so", "muc", "dap", "bao", "cau", "nay", "tai", "tren", "su",
                       "chap", "trao", "thuc", "y", "nhiem", "cong", "noi", "nguoi", "luan", "xin", "ket", "tham"}
_NOT_TRIGGER_AFTER = {"ban", "thong", "dich", "dat", "luu", "nop", "nhan", "duoc", "cua", "tai", "nay", "tren",
                      "khoan", "ve", "hang", "viec", "dau"}
#: Aspect words that report what an agency did, is doing or will do ("đã", "vừa", "đang", "sẽ"):
#: a notice assigns with a bare verb ("Sở X rà soát ..."), so a marked one is said, not given.
TENSE_MARKERS = ("da", "vua", "dang", "se")
#: Words after a subject that show it is reported on, not given a task.
NARRATIVE = (*TENSE_MARKERS, "cua", "co y kien", "ban hanh", "la co quan thuong truc", "tai", "ve", "cho biet",
             "to chuc hop", "to chuc cuoc hop", "chu tri cuoc hop", "chu tri hop", "chu tri buoi", "chu tri hoi nghi",
             "chu tri to chuc", "co buoi", "thong bao", "co van ban", "phat bieu", "ghi nhan", "tra loi",
             "nhat tri", "thong qua", "lam viec", "du hop", "tham du", "cung du", "duoc", "nam", "gom", "o",
             "voi", "trong", "nhan duoc", "de nghi", "kien nghi", "tiep nhan", "neu", "thong tin", "trinh bay",
             "bao cao tom tat", "neu ro", "dang ky", "gop y", "cho y kien", "quyet dinh", "chiu trach nhiem truoc",
             "ky", "phe binh", "danh gia cao", "bieu duong", "khen", "chuc mung", "truyen dat",
             # verbs of speaking: what an official said, reported ("nhấn mạnh, ...", "khẳng định")
             "nhan manh", "khang dinh", "cho rang")
#: Connectives that open a sentence before its subject ("Theo đó, ", "Riêng ").
_INTRO_WORDS = re.compile(r"^(?:Riêng|Đồng thời|Theo đó|Ngoài ra|Bên cạnh đó|Cụ thể|Trong đó|Vì vậy|Do đó|Tuy nhiên|"
                          r"Mặt khác|Trên cơ sở đó|Sau đó|Tiếp theo|Đặc biệt)\b\s*,?\s*", re.I)


@dataclass
class Clause:
    """An assignment read from part of a sentence."""

    leads: list[Mention]
    support: list[Mention]
    construction: str  #: "giao", "yêu cầu", ..., "chủ ngữ", "do … chủ trì", "X: …"
    text: str  #: the clause and the agency-less clauses after it
    offset: int  #: where the clause starts in the sentence


def read_clauses(sentence: str, tokens: list[Token], lexicon: Lexicon, speakers: frozenset[str]) -> list[Clause]:
    """Each assignment of a sentence, with the text its deadline is read from."""
    found: list[Clause] = []
    purposes: list[Clause] = []
    for start, end in _merge_bare_lists(_clause_bounds(sentence), tokens, lexicon):
        part = sentence[start:end]
        part_tokens = [t for t in tokens if start <= t.start < end]
        clause = _read_clause(part_tokens, lexicon, speakers)
        if clause:
            found.extend(Clause(leads, support, construction, part, start) for leads, support, construction in clause)
        purposes.extend(_purposes(sentence, part_tokens, end, lexicon, speakers))
        if clause or not found:
            continue
        last = found[-1]
        found[-1] = Clause(last.leads, last.support, last.construction, sentence[last.offset:end], last.offset)
    return found + purposes


#: Head words a document uses alone for a body it has just named ("gửi về Sở X ... để sở thẩm định").
_ANAPHORS = frozenset({"so", "phong", "cuc", "ban", "chi cuc"})


def _purposes(sentence: str, tokens: list[Token], part_end: int, lexicon: Lexicon,
              speakers: frozenset[str]) -> list[Clause]:
    """"gửi hồ sơ về Sở X trước ngày 28/10 để Sở X (or: để sở) thẩm định trước ngày 10/11": a
    purpose clause with a deadline of its own gives the body it names the next step."""
    found = []
    for k in range(1, len(tokens) - 2):
        if tokens[k].key != "de" or tokens[k].text != "để":
            continue
        leads, end = parse_list(tokens, k + 1, lexicon)
        if not leads:
            leads, end = _anaphor(tokens, k + 1, lexicon)
        if not leads or _is_speaker(leads, speakers) or not _is_action(tokens, end):
            continue
        start = tokens[k].start
        if not any(d.due or d.recurrence for d in find_deadlines(sentence[start:part_end], 2000)):
            continue  # "... để UBND các xã căn cứ thực hiện": what the work serves, not a step with a date
        found.append(Clause(leads, _support_after(tokens, end, lexicon), "để X …", sentence[start:part_end], start))
    return found


def _anaphor(tokens: list[Token], k: int, lexicon: Lexicon) -> tuple[list[Mention], int]:
    """A bare lower-case "sở" right after "để": the last body of that kind named before it."""
    if k >= len(tokens) or tokens[k].key not in _ANAPHORS or tokens[k].is_capitalised:
        return [], k
    for j in range(k - 1, -1, -1):
        if tokens[j].key == tokens[k].key and tokens[j].is_capitalised:
            named = parse_name(tokens, j, lexicon)
            if named is not None:
                return [replace(named, start=k, end=k + 1)], k + 1
    return [], k


def _clause_bounds(sentence: str) -> list[tuple[int, int]]:
    """Spans between ";" outside parentheses."""
    bounds, depth, start = [], 0, 0
    for index, char in enumerate(sentence):
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char == ";" and depth == 0:
            bounds.append((start, index))
            start = index + 1
    bounds.append((start, len(sentence)))
    return [(a, b) for a, b in bounds if sentence[a:b].strip()]


def _merge_bare_lists(bounds: list[tuple[int, int]], tokens: list[Token],
                      lexicon: Lexicon) -> list[tuple[int, int]]:
    """"Công an tỉnh; Sở Y tế; UBND huyện X khẩn trương ...": parts that are only a name are
    items of a list separated by ";", not clauses."""
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in bounds:
        part = [t for t in tokens if start <= t.start < end]
        leads, stop = parse_list(part, 0, lexicon)
        if leads and stop == len(part):
            pending = start if pending is None else pending
            continue
        merged.append((pending if pending is not None else start, end))
        pending = None
    if pending is not None:
        merged.append((pending, bounds[-1][1]))
    return merged


def _read_clause(tokens: list[Token], lexicon: Lexicon,
                 speakers: frozenset[str]) -> list[tuple[list[Mention], list[Mention], str]]:
    subject = _subject(tokens, lexicon)
    if subject is not None:
        leads, end, after = subject
        if _is_speaker(leads, speakers):
            given = _assigned(tokens, end, lexicon)
            if given:
                return given
            if _is_action(tokens, after) and not _refers_to_issuer_only(leads) \
                    and not any(m.titled for m in leads):
                return [(leads, _support_after(tokens, after, lexicon), "chủ ngữ")]
            return []
        if _is_action(tokens, after) or directs_own(tokens, after) or _verb_without_agency(tokens, after, lexicon) \
                or _duty_by_date(tokens, leads[0].start, after):
            construction = "X: …" if tokens[end].text == ":" else "chủ ngữ"
            return [(leads, _support_after(tokens, after, lexicon), construction)]
        if after >= len(tokens) and end < len(tokens) and tokens[end].text == ":":
            return [(leads, [], "X: …")]
        colon = next((k for k in range(after, len(tokens)) if tokens[k].text == ":"), None)
        if colon is not None and colon + 1 < len(tokens):
            return _read_clause(tokens[colon + 1:], lexicon, speakers)  # "X truyền đạt: ..."
        if _narrative_subject(tokens, after):
            return []
    given = _assigned(tokens, 0, lexicon)
    if given:
        return given
    return _topic(tokens, lexicon) or _passive_lead(tokens, lexicon)


def _topic(tokens: list[Token], lexicon: Lexicon) -> list[tuple[list[Mention], list[Mention], str]]:
    """"Đối với UBND các huyện: cần xây dựng ..." — the topic is who must act."""
    keys = " ".join(t.key for t in tokens[:2])
    if keys != "doi voi" and not (tokens and tokens[0].key == "rieng"):
        return []
    start = 2 if keys == "doi voi" else 1
    leads, end = parse_list(tokens, start, lexicon)
    if not leads or end >= len(tokens):
        return []
    after = end + 1 if tokens[end].text in (",", ":") else end
    if _is_action(tokens, after):
        return [(leads, _support_after(tokens, after, lexicon), "đối với X")]
    return []


def _subject(tokens: list[Token], lexicon: Lexicon) -> tuple[list[Mention], int, int] | None:
    """The clause's subject: at its start, after a connective, after an introductory clause
    closed by a comma, or after "thì"; returns (agencies, end of list, start of predicate)."""
    for start in _subject_starts(tokens):
        leads, end = parse_list(tokens, start, lexicon)
        if not leads or end >= len(tokens) and tokens[-1].text != ":":
            continue
        after = end
        if after < len(tokens) and tokens[after].text in (":", "(", ","):
            after = _skip_aside(tokens, after)
        return leads, end, after
    return None


def _subject_starts(tokens: list[Token]) -> list[int]:
    """Where a subject may stand: the start, after a connective or a leading deadline, and
    after each comma of an introductory clause (one that opens with a subordinating or
    circumstantial word: "Để ...,", "Đối với ...,", "Sáng 7/5, ..."), or after its "thì"."""
    starts = [0]
    if not tokens:
        return starts
    text = " ".join(t.text for t in tokens[:6])
    match = _INTRO_WORDS.match(text)
    if match:
        starts.append(min(len(match.group(0).split()), len(tokens)))
    deadlines = find_deadlines(" ".join(t.text for t in tokens[:20]), None) \
        if tokens[0].key in _DEADLINE_OPENERS or tokens[0].key.isdigit() else []
    if deadlines and deadlines[0].start == 0:
        words = len(deadlines[0].text.split())
        starts.append(words + (1 if words < len(tokens) and tokens[words].text == "," else 0))
    first = starts[-1] if len(starts) > 1 else 0
    if opens_intro(tokens, first):
        for k, token in enumerate(tokens[:-1]):
            if trigger_length(tokens, k):
                break  # past the verb of assigning, commas separate its objects
            if token.text == "," or token.key == "thi":
                starts.append(k + 1)
    return sorted(set(starts))


#: Words that open an introductory clause (purpose, topic, condition, time, basis, manner).
INTRO_OPENERS = frozenset({
    "de", "doi voi", "truong hop", "can cu", "tren co so", "sau khi", "sau", "theo", "qua", "tai", "trong", "khi",
    "nham", "thuc hien", "ket luan", "phat bieu", "ngay", "sang", "chieu", "toi", "hang", "dinh ky", "ve",
    "rieng", "dong thoi", "ngoai", "ben canh", "truoc", "tu", "den", "nhan duoc", "vua qua", "hien nay",
    "thoi gian toi", "nhu vay", "voi", "tiep theo", "sau do", "mac du", "neu", "vi", "nhan dip", "tren",
    "cung", "do", "chu dong", "ngoai ra", "them vao do", "giua", "dip", "lien quan", "de nghi", "cu the",
    "nham muc dich", "phat bieu ket luan", "tai buoi", "tai cuoc hop", "tai hoi nghi",
})


#: The same openers' first syllables as written: the keys fold "tới" (to) into "tối" (evening).
_OPENER_SYLLABLES = frozenset("""để đối trường căn trên sau theo qua tại trong khi nhằm thực kết phát ngày sáng chiều
tối hằng hàng định về riêng đồng ngoài bên trước từ đến nhận vừa hiện thời như với tiếp mặc nếu vì nhân cùng do chủ
thêm giữa dịp liên đề cụ""".split())


#: First words a deadline phrase can start with ("trước ngày", "hằng tháng", "quý II", "6 tháng").
_DEADLINE_OPENERS = frozenset("""truoc cham han hoan xong den toi trong vao dinh hang moi thuong quy thang nam ngay it
theo khi sau ba""".split())


def opens_intro(tokens: list[Token], k: int) -> bool:
    words = [t for t in tokens[k:k + 4] if t.key]
    if not words or words[0].text.lower() not in _OPENER_SYLLABLES:
        return False
    keys = [t.key for t in words]
    return any(" ".join(keys[:n]) in INTRO_OPENERS for n in (1, 2, 3))


def _skip_aside(tokens: list[Token], k: int) -> int:
    """Past ":" and a parenthesis or an apposition after the subject."""
    if tokens[k].text == ":":
        return k + 1
    if tokens[k].text == "(":
        depth = 0
        for j in range(k, len(tokens)):
            depth += tokens[j].text == "("
            depth -= tokens[j].text == ")"
            if depth == 0:
                return j + 1
        return len(tokens)
    return k + 1 if k + 1 < len(tokens) and tokens[k + 1].text[:1].islower() else k


def _is_speaker(leads: list[Mention], speakers: frozenset[str]) -> bool:
    """The issuer, or a person by title at the issuer's level ("Phó Chủ tịch UBND tỉnh Nguyễn
    Văn A"): one who assigns, not one who is assigned."""
    return any(_speaks(m, speakers) for m in leads)


def _speaks(mention: Mention, speakers: frozenset[str]) -> bool:
    key = _speaker_key(mention)
    if key in speakers or key in _SPEAKERS_ANYWHERE:
        return True
    # a person by title at the issuer's level; a bare "UBND" (a header read without its place)
    # is no level, and would make every titled committee a speaker
    return mention.titled and any(key.startswith(s + " ") for s in (speakers - {"ubnd"}) | _PROVINCE_SPEAKERS)


#: A person by title at province level speaks for it in any document of a province or below.
_PROVINCE_SPEAKERS = frozenset({"ubnd tinh", "ubnd thanh pho"})


#: The issuing committee named without its place: never a heading's lead.
ISSUER_KEYS = frozenset({"ubnd", "ubnd tinh", "ubnd thanh pho", "ubnd tp", "ubnd huyen"})
#: Who speaks when named as a clause's subject: the issuing committee at any level, the Government.
_SPEAKERS_ANYWHERE = ISSUER_KEYS | {"ubnd quan", "ubnd thi xa", "ubnd xa", "ubnd phuong", "ubnd thi tran",
                                    "chinh phu", "thu tuong chinh phu", "ubnd dac khu"}


def _speaker_key(mention: Mention) -> str:
    return name_key(mention.name)


def _refers_to_issuer_only(leads: list[Mention]) -> bool:
    """Bare "UBND tỉnh" / "UBND huyện" as a subject reports what the issuer decided, in the
    third person, more often than it gives itself work."""
    return all(_speaker_key(m) in _SPEAKERS_ANYWHERE for m in leads)


#: A reference to the document itself ("Nhận được Công văn này", "các nội dung trên").
_THIS_DOCUMENT = re.compile(r"\b(?:văn bản|công văn|kế hoạch|thông báo|chỉ thị|quyết định|nội dung|kết luận)"
                            r"\s+(?:này|trên|nêu trên)\b", re.I)
#: What a closing formula asks besides the document: to carry it out, promptly and well.
_CARRY_OUT = frozenset("""khan truong nghiem tuc to chuc trien khai thuc hien kip thoi co hieu qua tot dung day du
va cac noi dung nay tren neu cong van ke hoach thong bao van ban chi thi quyet dinh ket luan nhan duoc can cu theo
de giao yeu cau nghi chi dao cho don vi lien quan quan sat sao chat che ubnd tinh thanh pho huyen xa phuong
chu tich giam doc thu truong truong""".split())


def restates(clause: Clause) -> bool:
    """"Căn cứ Kế hoạch này, đề nghị X, Y nghiêm túc tổ chức thực hiện." restates the
    tasks above: it names the document and asks only that it be carried out."""
    if not _THIS_DOCUMENT.search(clause.text):
        return False
    named = {k for m in clause.leads + clause.support for k in range(m.start, m.end)}
    tokens = tokenize(clause.text)
    verb = next((k for k in range(len(tokens)) if trigger_length(tokens, k)), 0)  # who speaks is before it
    words = [t.key for k, t in enumerate(tokens) if k not in named and k >= verb]
    return all(word in _CARRY_OUT for word in " ".join(words).split())


def opens_with(words: str, phrases: tuple[str, ...]) -> bool:
    """Whether `words` (keys) begin with one of `phrases`, whole words only."""
    return any(words == p or words.startswith(p + " ") for p in phrases)


def _narrative_subject(tokens: list[Token], k: int) -> bool:
    return opens_with(" ".join(t.key for t in tokens[k:k + 4] if t.key), NARRATIVE)


def _is_action(tokens: list[Token], k: int) -> bool:
    """A predicate that gives the subject work: a lower-case verb, not a report on the past."""
    if k >= len(tokens):
        return False
    token = tokens[k]
    if not token.text[:1].isalpha() or token.is_capitalised:
        return False
    conjunct = k + 1 if token.key == "va" else k if k and tokens[k - 1].key == "va" else None
    if conjunct is not None and _tense_after_conjunct(tokens, conjunct):
        return False
    return not _narrative_subject(tokens, k) and not trigger_length(tokens, k)


def _tense_after_conjunct(tokens: list[Token], k: int) -> bool:
    """"Sở X và nhà thầu thi công đã hoàn thiện ...": the subject goes on past "và" with a body
    no directory names (a contractor, the investor), and its predicate is the tense word a few
    syllables on; one marked "đã", "sẽ", ... reports, as after a named subject. `k` is where
    the conjunct starts."""
    for j in range(k, min(k + 5, len(tokens))):
        if not tokens[j].text[:1].isalpha():
            return False
        if tokens[j].key in TENSE_MARKERS:
            return True
    return False


def directs_own(tokens: list[Token], k: int) -> bool:
    """An agency that directs ("Sở X chỉ đạo các phòng ...") does the directing: its own task."""
    n = trigger_length(tokens, k)
    return bool(n) and " ".join(t.key for t in tokens[k:k + n]) in _OWN_DIRECTING


_OWN_DIRECTING = frozenset({"chi dao", "truc tiep chi dao"})


def _duty_by_date(tokens: list[Token], subject_start: int, k: int) -> bool:
    """"Hằng quý, Sở X có văn bản gửi các phòng ...": after a deadline that opens the
    sentence, what the subject does is a duty, even in words a report would use; only a tense
    ("đã", "vừa", "đang", "sẽ") still reports."""
    if not subject_start or k >= len(tokens) or tokens[k].key in TENSE_MARKERS:
        return False
    opening = [t.text for t in tokens[:subject_start]]
    return len(opening) <= 10 and bool(find_deadlines(" ".join(opening), None)) and tokens[k].text[:1].islower()


def _verb_without_agency(tokens: list[Token], k: int, lexicon: Lexicon) -> bool:
    """"UBND các xã phân công lãnh đạo trực ...": a verb of assigning whose object is people or
    work, not an agency, is the subject's own action."""
    return bool(trigger_length(tokens, k)) and not _assigned(tokens, k, lexicon)


def trigger_length(tokens: list[Token], i: int) -> int:
    """Length of a verb of assigning at i, or 0 where the words mean something else."""
    if i >= len(tokens) or tokens[i].key not in _TRIGGER_FIRST_WORDS:
        return 0
    for trigger in TRIGGERS:
        n = len(trigger.split())
        if " ".join(t.key for t in tokens[i:i + n]) != trigger:
            continue
        following = tokens[i + n] if i + n < len(tokens) else None
        before = tokens[i - 1].key if i > 0 else ""
        # "giao ban" is a briefing, "giao Ban Chỉ huy ..." assigns: the capital tells them apart
        if before in _NOT_TRIGGER_BEFORE or following is not None and following.key in _NOT_TRIGGER_AFTER \
                and not following.is_capitalised:
            return 0
        return n
    return 0


def _assigned(tokens: list[Token], start: int, lexicon: Lexicon) -> list[tuple[list[Mention], list[Mention], str]]:
    """Every "verb of assigning + agencies" from `start`, its object the leads."""
    found = []
    i = start
    while i < len(tokens):
        n = trigger_length(tokens, i)
        if not n:
            i += 1
            continue
        j = i + n
        while j < len(tokens) and (tokens[j].key in ("cho", "nhiem", "vu", "them") or tokens[j].text in (",", ":")):
            j += 1
        leads, list_end = parse_list(tokens, j, lexicon)
        leads = [m for m in leads if not (_speaker_key(m) in _SPEAKERS_ANYWHERE and not m.is_group)]
        if leads and (list_end >= len(tokens) or _object_continues(tokens, list_end)):
            verb = " ".join(t.text for t in tokens[i:i + n]).lower()
            found.append((leads, _support_after(tokens, list_end, lexicon), verb))
            i = _past_own_directing(tokens, list_end, lexicon)
        else:
            i = j
    return found


def _past_own_directing(tokens: list[Token], k: int, lexicon: Lexicon) -> int:
    """"giao Chủ tịch UBND các tỉnh A, B chỉ đạo các sở, ngành ...": the bodies the lead directs
    are its own, not leads of the document; reading goes on after them."""
    if directs_own(tokens, k):
        _, end = parse_list(tokens, k + trigger_length(tokens, k), lexicon)
        return end
    return k


def _object_continues(tokens: list[Token], k: int) -> bool:
    """After the object of "giao X": what X is to do (a verb), or a comma, colon or parenthesis."""
    token = tokens[k]
    return token.text in (",", ":", "(", "-", "–") or (token.text[:1].isalpha() and not token.is_capitalised) \
        or token.text == "."


def _passive_lead(tokens: list[Token], lexicon: Lexicon) -> list[tuple[list[Mention], list[Mention], str]]:
    """"... do Sở X chủ trì (, phối hợp với Y)"."""
    for k, token in enumerate(tokens):
        if token.key != "do":
            continue
        leads, end = parse_list(tokens, k + 1, lexicon)
        if leads and " ".join(t.key for t in tokens[end:end + 2]) == "chu tri":
            return [(leads, _support_after(tokens, end, lexicon), "do … chủ trì")]
    return []


def _support_after(tokens: list[Token], end: int, lexicon: Lexicon) -> list[Mention]:
    """Coordinating agencies: the list after "phối hợp (với|cùng)" or "cùng" close to the lead."""
    for k in range(end, min(len(tokens), end + 10)):
        if tokens[k].key == "phoi" and k + 1 < len(tokens) and tokens[k + 1].key == "hop":
            j = k + 2
            if j < len(tokens) and tokens[j].key in ("voi", "cung"):
                j += 1
            support, _ = parse_list(tokens, j, lexicon)
            return support
        if tokens[k].text in (".", ";"):
            break
    return []


def only_subject(tokens: list[Token], lexicon: Lexicon) -> bool:
    """A clause that is nothing but agencies and a colon names who the items below are for."""
    for start in _subject_starts(tokens):
        leads, end = parse_list(tokens, start, lexicon)
        if leads and all(t.text in ":." for t in tokens[end:]):
            return True
    return False


def has_subject(tokens: list[Token], lexicon: Lexicon) -> bool:
    """Whether the sentence names an agency as its subject, even one only reported on."""
    return _subject(tokens, lexicon) is not None
