"""What kind of answer a question asks for, and where such an answer sits in a sentence.

``classify("服务方最晚要在多长时间内响应？")`` is ``QType.TIME``: the first line of the answer must
then hold a duration or a date. Each type has an *answer pattern* (``answer_spans``) that finds the
type-appropriate fact in a candidate sentence: durations and dates for 多久/什么时候, a person or
body for 谁/由谁/哪个部门, a number for 多少/几, a permission or prohibition for 能不能/是否/可以吗,
an action for 怎么办/怎么做. Works on Chinese and English questions; no model, no tokenizer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum

from assistant.asked import asked_questions
from assistant.booktitles import in_book_title
from assistant.entities import Kind, names
from assistant.language import is_english
from assistant.limits import limit_verdict
from assistant.proxy import proxy_verdict
from assistant.rule_cases import case_pattern


class QType(str, Enum):
    """The kind of answer a (sub-)question asks for."""

    TIME = "time"  # 多久 / 什么时候 / 多长时间 / how long / when
    PERSON = "person"  # 谁 / 由谁 / 哪个部门 / who
    NUMBER = "number"  # 多少 / 几 / 比例 / how many
    YESNO = "yesno"  # 能不能 / 是否 / 可以吗 / can we
    HOWTO = "howto"  # 怎么办 / 怎么做 / 如何 / what should I do
    PLACE = "place"  # 哪里 / 在哪 / 哪个国家 / where
    NAME = "name"  # 叫什么 / 什么名字 / 哪部 / 哪家公司 / which company: a name or a title
    OTHER = "other"  # 什么是 / 有哪些 / open questions


# -- question cues (checked in this order: the first type whose cue matches wins) --------------
_ZH_CUES: tuple[tuple[QType, str], ...] = (
    (QType.TIME, r"时间要求|时间限制|多久|多长时间|多长的?时间|多少(?:个)?(?:天|小时|分钟|工作日|自然日|工作小时|周|个月|日|年(?!级))|几(?:个)?(?:天|小时|分钟|工作日|自然日|工作小时|周|个月|日|年(?!级))|"
                 r"(?:星期|周|礼拜)几|哪一?(?:周|个星期|个礼拜)|第几(?:周|个星期)|"
                 r"什么时候|什么时间|何时|哪天|哪一天|几点|几号|几月|时限|期限|截止|多快|最晚|最迟|频率|周期|多长|"
                 r"哪一?年|何年|哪一?个?月份?|哪个年代|什么年代|哪个时期|什么时期|哪一?段(?:时期|时间|期间|年代)|年份|哪个朝代|什么朝代"),
    (QType.PERSON, r"由谁|找谁|是谁|谁来|谁负责|谁审批|谁批|谁主持|谁决定|谁|哪(?:些|几|个|位|名)[\u4e00-\u9fff]{0,6}?(?:选手|球员|运动员|演员|歌手|明星|嘉宾|官员|人物|队员|成员|学者|作家|候选人|航天员)|哪个部门|哪些部门|哪一个部门|哪位|什么人|何人|哪名|哪个(?:领导|人|岗位|机构)|归口"),
    (QType.PLACE, r"哪里|哪儿|在哪(?![个家支所部本款首]|一?(?:集|期|季|章|回|话|卷))|何处|何地|什么地方|哪个地方|哪(?:一|些|几)?(?:个|座)?(?:国家|城市|省份?|地区|州|县|岛|港口|国|城)|发源地|出生地|首都"),
    (QType.NUMBER, r"哪一?(?:集|期|季|章|回|话|卷)|多少|几(?:个|项|名|人|次|单|级|档|分|条)|几|比例|权重|占比|百分之|多大|上限|下限|多高|多远|多深|多宽|多重"),
    (QType.YESNO, r"能不能|能否|是否|可以吗|可不可以|可否|行不行|要不要|需不需要|用不用|是不是|会不会|有没有|算不算|允许吗|(?<!什)[吗么][？?]?\s*$"),
    (QType.NAME, r"(?:口号|标语|主题曲|吉祥物|昵称|名称|名字|称号|书名|片名|剧名|队名)(?:是什么|叫什么|是)|叫什么|什么名字|名字是|名称是|叫做为?什么|叫作为?什么|称为什么|称作为?什么|被称为|称作|别称|简称|昵称|外号|"
                 r"哪部|哪本|哪首|哪支|哪家|哪所|哪款|哪[一两三几]?个(?:公司|组织|团体|品牌|球队|俱乐部|球会|学校|大学|机构|单位|奖项?|项目|节目|角色|作品|游戏|乐队)|"
                 r"什么(?:公司|组织|品牌|奖项?|称号|作品|游戏|电影|歌曲?|书|小说|名称|称呼|职位|职务|学位|头衔|语言|宗教|武器|乐器)"),
    (QType.HOWTO, r"做什么|第一步|干什么|怎么办|怎么做|怎么处理|怎么解决|怎么推进|怎么弄|如何|怎样|该怎么|应该怎么|怎么|咋办|步骤|流程|做法|办法|措施"),
)
_EN_CUES: tuple[tuple[QType, str], ...] = (
    (QType.TIME, r"\bhow (?:long|quickly|soon|fast|often)\b|\bwhen\b|\bby when\b|\bdeadline\b|\bwhat time\b|\bwithin how\b|\bhow many (?:days|hours|minutes|working days|weeks|months)\b"),
    (QType.PERSON, r"\bwho(?:m|se)?\b|\bwhich (?:department|person|role|body|team|manager|executive)\b"),
    (QType.PLACE, r"\bwhere\b|\bwhich (?:country|city|province|place|region)\b"),
    (QType.NAME, r"\bwhat is the name\b|\bwhat (?:is|was) (?:it|he|she) called\b|\bwhich (?:company|organi[sz]ation|brand|book|film|team|school|university)\b"),
    (QType.NUMBER, r"\bhow (?:many|much)\b|\bwhat (?:percentage|share|weight|proportion|number|amount|limit)\b|\bwhat is the (?:limit|cap|maximum|minimum)\b"),
    (QType.YESNO, r"^\s*(?:can|could|may|is|are|do|does|should|must|will|am|has|have)\b"),
    (QType.HOWTO, r"\bhow (?:do|should|can|to|does)\b|\bwhat (?:should|do|can) (?:i|we)\b|\bwhat steps\b|\bhow is\b"),
)
_ZH_NOUN: tuple[tuple[QType, str], ...] = (
    (QType.TIME, r"(?:时间|日期|时候|年份|时限|期限|周期|频率)[？?]?\s*$"),
    (QType.PLACE, r"(?:举办地|举办城市|举行地点?|所在地|地点|发源地|出生地|总部|产地|举办国|主办国|东道国|东道主|主席国)[？?]?\s*$"),
    (QType.NUMBER, r"(?:人数|数量|数目|总量|产量|销量|交付量|吞吐量|票房|增长率|增速|增幅|比例|占比|金额|总额|规模|"
                   r"出生率|死亡率|失业率|利率|价格|得分|分数|名次|排名|[^效]率|成绩|战绩|比分|营收|收入|收益|市值|利润|长度|全长|身高|高度|震级)[？?]?\s*$"),
    (QType.NAME, r"(?:票房|电影|影片|剧集|电视剧|歌曲|专辑|图书|小说|游戏|节目|作品|手机|车型)[\u4e00-\u9fff]{0,4}(?:冠军|第一名?|榜首|销冠)[？?]?\s*$"),  # a title wins these
    (QType.PERSON, r"(?:负责人|审批人|主持人|领导|作者|导演|总导演|主席|总统|总理|首相|得主|创始人|冠军|亚军|季军|金牌|银牌|铜牌|"
                   r"获得者|获奖者|赢家|胜者|主演|编剧|成员|火炬手|市长|校长|董事长|发言人|代言人|继任者|接班人|选举结果|大选结果|主角|配角|影帝|影后|"
                   r"多数党|执政党|第一大党)(?:是|有|都有)?(?:哪些|哪几位|谁)?[？?]?\s*$"),
    (QType.NAME, r"(?:队伍|对手|参赛队|球队)(?:是|有|都有)?(?:哪些|谁)?[？?]?\s*$"),  # teams: names (countries among them)
)
_ZH_NOUN_RE = tuple((t, re.compile(p)) for t, p in _ZH_NOUN)
_PLACE_WHO = re.compile(r"(?:是|为)?谁[？?]?\s*$")
_PLACE_NOUN_RE = re.compile(dict(_ZH_NOUN)[QType.PLACE].replace(r"[？?]?\s*$", "$"))
_ZH_CUE_RE = tuple((t, re.compile(p)) for t, p in _ZH_CUES)
_EN_CUE_RE = tuple((t, re.compile(p, re.IGNORECASE)) for t, p in _EN_CUES)
_EN_LEADING_CLAUSE = re.compile(
    r"^\s*(?:if|once|after|before|while|since|although|as soon as|in case"
    r"|when(?!\s+(?:is|are|was|were|do|does|did|will|would|should|can|could|must|may|has|have|had)\b))\b[^,?]*,\s*",
    re.IGNORECASE)
"""A leading subordinate clause ("If the other department lets my request sit past the deadline, …", "When we upload
…, does anything …") sets the case; the question word comes after its comma ("When is …" asks when)."""

# -- answer patterns (what the fact looks like inside a sentence) ------------------------------
_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千半]+)"
_TIME_UNIT = r"(?:个)?(?:工作日|工作小时|自然日|小时|分钟|天|日|周|星期|个月|月|年|季度)"
CLOCK_TIME = r"\d{1,2}\s*[:：]\s*\d{2}"
"""A clock time ("10:00", "17：00"), as a pattern: a moment of the day, not two counts."""
TIME_PATTERN = re.compile(
    rf"{_NUM}\s*{_TIME_UNIT}(?:内|以内|之内|前|之前|后|以上|起)?"
    rf"|{CLOCK_TIME}"
    r"|每(?:个)?(?:周[一二三四五六日天]?|月|季度|年|半年|天|日|工作日)"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:底|初|中旬|\d{1,2}日)?"
    r"|当日|当天|次日|次一工作日|前一日|立即|随时|第[一二三四]周|上午|下午"
)
EVENT_TIME = re.compile(r"(?<=[在于至到])[\u4e00-\u9fff]{1,8}?(?:开始|结束|生效|通过|召开|上线|到期|发布|办结|完成|日期)"
                        r"(?:时|之前|前|之后|后|当日|当天)")
"""A time told by the event it is tied to ("下次例会开始时", "结项评审通过后", "原定完成日期之前", "调岗生效当日"): what
"什么时候" / "when" asks as often as a duration or a date."""
ASKS_WHEN = re.compile(r"什么时候|啥时候|何时|什么时间|哪天")
"""A question asking when (not how long): an event-tied time (``EVENT_TIME``) answers it as a date or duration does."""
_BODY = (
    r"总经理办公室|总经理办公会|总经理|分管副总裁|副总裁|协调委员会|委员会|秘书处|主任|副主任|部门负责人|负责人|"
    r"项目经理|项目发起人|发起人|PMO|联络员|服务台|经办人|责任人|承办人|主持人|记录人|直接上级|上级|"
    r"[\u4e00-\u9fff]{1,5}(?:部|中心|办公室)"
)
PERSON_PATTERN = re.compile(
    rf"由[^，。；;]{{1,16}}?(?:负责|审批|批准|主持|裁决|裁定|决定|组织|签发|确认|审核|协调|牵头|担任|任命|处理)|{_BODY}"
)
NUMBER_PATTERN = re.compile(
    rf"{_NUM}\s*(?:万|亿|千)?\s*(?:%|％|‰|万元|亿元|元|单|人日|人|次|项|分|个|名|条|倍|档|级|份|页|小时|工作日|天)"
    r"|百分之[一二两三四五六七八九十百]+|\d+(?:\.\d+)?"
)
YESNO_PATTERN = re.compile(
    r"不得|禁止|严禁|不能|不可|不允许|不予|无需|不需要|不必|不再|可以|可|允许|方可|须|必须|应当|应|视为|经[^，。；]{1,20}后"
)
_ACTION = re.compile(
    r"应当|必须|须|应|负责|指定|明确|建立|设立|约定|提交|报送|审批|批准|召开|发出|通知|记录|登记|确认|上报|报告|"
    r"组织|协调|制定|发起|联系|沟通|协商|列出|拆成|梳理|升级"
)
_NAMED = {
    QType.PERSON: frozenset({Kind.PERSON, Kind.ORG}),
    QType.PLACE: frozenset({Kind.PLACE}),
    QType.NAME: frozenset(Kind),
}
_PATTERNS = {
    QType.TIME: TIME_PATTERN,
    QType.PERSON: PERSON_PATTERN,
    QType.NUMBER: NUMBER_PATTERN,
    QType.YESNO: YESNO_PATTERN,
    QType.HOWTO: _ACTION,
    QType.PLACE: re.compile(r"[\u4e00-\u9fff]{1,5}(?:省|市|县|区|州|国|岛|山|河|湖|海|港|镇|村)(?![\u4e00-\u9fff]{0,1}(?:长|民|人))"
                            r"|(?<=在)[\u4e00-\u9fff]{2,6}(?=举行|举办|召开|开幕|开赛|落幕)"),  # "在阿布扎比举行": where an event takes place
    QType.NAME: re.compile(r"《[^《》]{1,30}》"),
}
# Question words removed before the focus terms are taken (they never appear in the answer).
WH_ZH = re.compile(
    r"多久|多长时间|多长|什么时候|什么时间|何时|由谁|找谁|是谁|谁|哪个部门|哪些部门|哪位|多少|几|能不能|能否|是否|可以吗|可不可以|"
    r"怎么办|怎么做|怎么|如何|怎样|应该|请问|吗|呢|最晚|最迟|要在|需要|必须|"
    r"哪里|哪儿|在哪|哪一?年|何年|哪(?:个|家|所|部|本|一)|叫什么|又叫|又称|什么"
)


_VENUE = re.compile(r"(?:体育馆|体育场|体育中心|展览馆|博物馆|纪念馆|美术馆|图书馆|会展中心|会议中心|大剧院|剧院|酒店|宾馆|大厦|广场|公园|机场|火车站|车站|码头|球场|赛场|场馆)$")
"""Names of places where something happens: never the person or body a 谁 question asks for."""
_DATE_PART = re.compile(r"\s*(?:年|月|日|号|时|点|[:：/\-]\d)")
_INDEFINITE = re.compile(r"哪|谁|几|多少|多久|什么")  # "由哪位上级在几天内裁定" states no fact


def is_question_sentence(sentence: str) -> bool:
    """True for a sentence that asks rather than states (ends in a question mark, or "…是谁"/"…怎么样")."""
    return bool(re.search(r"[？?]\s*$|(?:是谁|是什么|怎么样|多少|为什么|吗)[。！!]?\s*$", sentence.strip()))


_NUMBER_NOT_JI = re.compile(dict(_ZH_CUES)[QType.NUMBER].replace(r"几(?:个|项|名|人|次|单|级|档|分|条)|几|", ""))
_YESNO_CUE = _ZH_CUE_RE[[t for t, _ in _ZH_CUES].index(QType.YESNO)][1]
_ASKED_JI = re.compile(r"(?:最多|最少|至多|至少|超过|不超过)[\u4e00-\u9fff]{0,3}?几|第几|几[个项名人次单级档分条张份位]?(?![\u4e00-\u9fff])|几[个项名人次单级档分条张份位]?[吗呢啊么]")


def _indefinite_ji(question: str) -> bool:
    """True when the question's only number cue is a 几 inside a yes/no question: "能不能把一张大工单拆成几张小的
    登记" asks whether, and 几张 means "several", not "how many"."""
    return (bool(_YESNO_CUE.search(question)) and not _NUMBER_NOT_JI.search(question)
            and not _ASKED_JI.search(question))


_NAME_GIVEN = re.compile(r"(?:什么|哪些|哪种|哪类|哪一类|怎样的|什么样的)[^？?]*?(?:称为|称作|叫做|叫作)"
                         r"(?![^？?]*(?:什么|哪|谁))[^？?，,]{2,12}[？?]?\s*$")
"""The name is given and what bears it is asked ("哪些类型的死亡可以被称为枉死"): a definition, not a name."""


_SEVERAL = re.compile(r"(?<=[好十这那后头没们])几|(?<!提前)(?<=前)几|几(?=[乎十百千万])")
"""A 几 that tells, not asks: 好几张 / 十几天 / 这几天 / 我们几个部门 ("several", "these few") and 几乎 / 几十 ("almost",
"dozens"); 提前几天 asks how far ahead. A story's "拆成了好几张工单…，该怎么处理？" asks what to do, not how many."""


def _told(question: str) -> str:
    """``question`` with the 几 that do not ask (``_SEVERAL``) made neutral: 好几张 -> 好些张."""
    return _SEVERAL.sub("些", question)


def classify_one(question: str) -> QType:
    """The answer type of one (sub-)question."""
    question = question if is_english(question) else _told(question)
    if is_english(question):  # English puts the question word first: the earliest cue wins
        main = _EN_LEADING_CLAUSE.sub("", question, count=1)  # "If …past the deadline, who gets…": who asks, not deadline
        found = [(m.start(), i, qtype) for i, (qtype, pattern) in enumerate(_EN_CUE_RE) if (m := pattern.search(main))] \
            or [(m.start(), i, qtype) for i, (qtype, pattern) in enumerate(_EN_CUE_RE) if (m := pattern.search(question))]
        return min(found)[2] if found else QType.OTHER
    for qtype, pattern in _ZH_CUE_RE:
        if pattern.search(question):
            if qtype is QType.NUMBER and _indefinite_ji(question):
                continue
            if qtype is QType.NAME and _NAME_GIVEN.search(question):
                return QType.OTHER  # "哪些…被称为枉死": what is so called, defined by "…，称为枉死"
            if qtype is QType.PERSON and (m := _PLACE_WHO.search(question)) and _PLACE_NOUN_RE.search(question[:m.start()]):
                return QType.PLACE  # "…主席国是谁": the asked noun is a place
            return qtype
    for qtype, pattern in _ZH_NOUN_RE:  # "…的时间", "…死亡人数": a question asked as a noun phrase
        if pattern.search(question):
            return qtype
    return QType.OTHER


def asked_parts(question: str) -> list[tuple[str, QType]]:
    """The parts that are asked (``asked.asked_questions``), with their types, at most three; a leading untyped
    part before a typed one is context ("两个部门都说…，谁来裁定？")."""
    typed = [(p, classify_one(p)) for p in asked_questions(question)[:3]]
    while len(typed) > 1 and typed[0][1] is QType.OTHER:
        typed = typed[1:]
    return typed


def classify(question: str) -> QType:
    """The answer type of the question's first asked part (OTHER when it is untyped)."""
    return asked_parts(question)[0][1]


def answer_spans(sentence: str, qtype: QType, shape: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Character spans of type-appropriate facts in ``sentence`` (empty for OTHER).

    ``shape`` (``asked_shape`` of the question) replaces the type's pattern: a 排名 question wants
    "第3名" or "亚军", not any number.
    """
    if shape is not None:
        return [m.span() for m in shape.finditer(sentence)
                if m.group(0).strip() and not _INDEFINITE.search(sentence[max(0, m.start() - 2): m.end()])
                and not (qtype is QType.NUMBER and _DATE_PART.match(sentence, m.end()))]
    pattern = _PATTERNS.get(qtype)
    if pattern is None:
        return []
    spans = [m.span() for m in pattern.finditer(sentence)
             if m.group(0).strip() and not _INDEFINITE.search(sentence[max(0, m.start() - 2): m.end()])]
    if qtype in _NAMED:  # people, organisations, places and titles by name (not only roles and bodies)
        spans += [(a, b) for a, b in names(sentence, _NAMED[qtype])
                  if not _INDEFINITE.search(sentence[max(0, a - 2): b])]
        spans = sorted(set(spans))
    if qtype is QType.PERSON:  # a venue ("首都体育馆", "国家体育场") is where, not who; a word in a 《title》 names a work
        spans = [(a, b) for a, b in spans if not _VENUE.search(sentence, a, b) and not in_book_title(sentence, a, b)]
    if qtype is QType.NUMBER:  # a date or a clock time is not the amount asked for
        spans = [(a, b) for a, b in spans if not _DATE_PART.match(sentence, b)]
    return spans


def has_answer(sentence: str, qtype: QType) -> bool:
    """True when ``sentence`` holds a fact of the kind ``qtype`` asks for."""
    return bool(answer_spans(sentence, qtype))


def focus_terms(question: str) -> list[str]:
    """The words next to the question word: what the asked fact is about ("响应" in "多长时间内响应").

    Chinese: the CJK runs within six characters either side of the first question word, with the
    question words removed. English: empty (focus comes from the translated query).
    """
    if is_english(question):
        from assistant.glossary import glossary_terms  # local: glossary imports this module

        m = _WH_EN.search(question)
        return [t for t in glossary_terms(question[m.end():] if m else question) if _CJK_WORD.search(t)]
    m = WH_ZH.search(question)
    if not m:
        return []
    start = max(question.rfind(p, 0, m.start()) for p in "，,。？?！!；;：:") + 1
    ends = [i for i in (question.find(p, m.end()) for p in "，,。？?！!；;：:") if i >= 0]
    end = min(ends) if ends else len(question)
    last = [w for w in WH_ZH.finditer(question, m.start(), end)][-1]
    window = question[max(start, m.start() - 6): min(end, last.end() + 6)]  # the asked clause, near the question words
    runs = _CJK_WORD.findall(WH_ZH.sub(" ", window))
    return [r for r in runs if len(r) >= 2]


# -- answer shapes of noun-phrase fact questions ("…的成绩", "…票房是多少", "…有多长") -------------
_AMOUNT = r"(?:\d+(?:[.,]\d+)*|[一二两三四五六七八九十百千]+)\s*(?:余|多)?"
_RANK = (r"第\s*[一二三四五六七八九十\d]{1,3}\s*(?:名|位)|(?:排名|排在|位列|名列|位居)第[一二三四五六七八九十\d]{1,3}|(?:小组)?第[一二三四\d](?=[，,。；、\s]|$)|冠军|亚军|季军|殿军|"
         r"[前]?(?:\d{1,2}|[四八十六]{1,2})强|金牌|银牌|铜牌|出局|淘汰")
_EPISODE = r"第\s*(?:\d{1,4}|[一二两三四五六七八九十百零]{1,5})\s*(?:集|期|季|章|回|话|卷)"
_SCORE = r"\d{1,3}\s*[:：比]\s*\d{1,3}(?![\d:：])"
_MONEY = rf"{_AMOUNT}(?:万亿|亿|万|千|百)?\s*(?:元|美元|欧元|英镑|日元|韩元|港元|港币|卢布|人民币)|\d+(?:\.\d+)?\s*(?:万亿|亿|万)(?![\u4e00-\u9fff]{{0,1}}(?:人|次|辆|台|部|个))"
_COUNT = rf"{_AMOUNT}(?:万|亿|千)?\s*(?:辆|台|部|件|套|册|张|吨|架|艘|片|块|颗|部手机)|\d+(?:\.\d+)?\s*(?:万|亿)"
_LENGTH = rf"{_AMOUNT}(?:万|千)?\s*(?:米|公里|千米|厘米|毫米|英里|英尺|海里|光年|页)"
_RESULT = rf"\d+\s*分\s*\d+(?:\.\d+)?\s*秒\d*|\d+(?:\.\d+)?\s*秒\d*|\d+(?:\.\d+)?\s*(?:分|环|米)|{_SCORE}|{_RANK}"
_SHAPE_END = r"(?:是|为|有|达到?|达|共|一共|总共|大概)?(?:多少|几何|怎么样|如何|是什么|多少钱)?(?:了)?[？?]?\s*$"
_SHAPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(q), re.compile(a)) for q, a in (
        (rf"(?:排名|名次)(?:第几)?{_SHAPE_END}|第几名|排第几|排名第几|名列第几", _RANK),
        (r"(?:哪一?|第几)(?:集|期|季|章|回|话|卷)", _EPISODE),  # "古筝行动在哪一集": 第29集, not a place
        (rf"比分{_SHAPE_END}", _SCORE),
        (rf"成绩{_SHAPE_END}|战绩{_SHAPE_END}", _RESULT),
        (rf"(?:得分|积分){_SHAPE_END}", rf"\d+(?:\.\d+)?\s*分|{_SCORE}"),
        (rf"(?:票房|收益|营收|收入|营业收入|营业额|销售额|市值|利润|净利润|GDP|产值|估值|罚款|身价|薪水|年薪|奖金){_SHAPE_END}", _MONEY),
        (rf"(?:销量|交付量|销售量|产量|出货量){_SHAPE_END}", _COUNT),
        (rf"(?:长度|全长|总长|身高|高度|海拔|深度|距离|宽度){_SHAPE_END}|多长(?!时间|的时间)|多高|多深|多远|多宽", _LENGTH),
        (rf"震级{_SHAPE_END}|几级地震|多少级", r"(?<=震级)(?:为|是|达)?\s*(?:MW|Mw|Ms|M)?\s*\d(?:\.\d)?|\d(?:\.\d)?\s*级"),
    )
)


def asked_shape(question: str) -> re.Pattern[str] | None:
    """The answer shape of a noun-phrase fact question, or None.

    "中国女篮的成绩" wants a rank or a result (亚军, 2分09秒), "…的票房是多少" an amount of money,
    "…销量" a count of goods, "…有多长" a length, "…比分" a score (3:1); the noun must be what is
    asked (at the end, or before 是多少): in "票房冠军" the asked thing is a title, not money.
    """
    if is_english(question):
        return None
    for asked, shape in _SHAPES:
        if asked.search(question):
            return shape
    return None


_UNIT_ASKED = re.compile(r"(?:多少|几)(?:个)?(工作日|工作小时|自然日|小时|分钟|年|天|个月|月|周|人日|人|次|分|万元|元|单|条|项|名|层|届|座|种|部|本|位|只|家|所)")
_WH_EN = re.compile(r"\b(?:how (?:long|quickly|soon|often|many|much)|when|who(?:m|se)?|which \w+|what \w+|can|may|must|should)\b", re.I)


# What a sentence that answers such a question usually says ("在哪里" -> "位于", "又叫什么" -> "又称"):
# (question cue, sentence cue). Generic Chinese predicates, not tied to one corpus.
_PREDICATE_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(q), re.compile(a)) for q, a in (
        (r"(?:在|效力于?|加盟|加入|签约|去了?|转会到?)哪(?:个|支|家)?(?:球队|俱乐部|球会|队)|哪(?:个|支|家)(?:球队|俱乐部|球会)效力|"
         r"(?:就职|任职|供职|工作)于?哪(?:个|家)?(?:公司|单位|机构)|在哪(?:个|家)(?:公司|单位|机构)(?:工作|任职|就职|上班)",
         r"加盟|效力|加入|签约|转会|转投|签下|入职|任职|就职|供职"),  # membership: "在哪个球队" before "在哪"
        (r"举办地|举办城市|举行地|在(?:哪里?|何地|何处|什么地方|哪(?:个|座)(?:城市|国家|地方))(?:举[办行]|召开)", r"在[^，。]{1,16}(?:举行|举办|召开|开幕)|举办地|举办城市|落户"),  # where an event is held, before the generic 在哪 (位于)
        (r"在哪|哪里|哪儿|何处|什么地方|什么位置|位置", r"位于|坐落|地处|座落|境内|设于|设在|在[^，。]{1,12}(?:省|市|县|区|州|镇|路|街)"),
        (r"又叫|又称|还叫|也叫|别称|别名|简称|全称|俗称|原名|本名|旧称|称为什么|叫什么|称作为?什么|叫[作做]为?什么",
         r"又称|又名|又叫|别称|别名|简称|亦称|俗称|或称|原名|旧称|全称|也叫|也称|通称|本名|学名|英文名|英语[:：]|称为|称作"),
        (r"定义|什么是|是什么(?:意思)?[？?]?$|指什么|是指|介绍|是什么职业|职业是|身份|是做什么",
         r"是指|指的是|是一种|是一个|是一家|是一座|是一部|是一位|是一名|是[^，。]{0,16}之一|[是，,][^，。]{0,12}(?:运动员|演员|歌手|作家|画家|政治家|学者|科学家|教练|导演|主持人|记者|律师|医生|教师|商人)|指[^，。]{2,}|"
         r"^[^，。]{1,24}[（(][^）)]{0,60}[）)]"),  # an encyclopedic lead: "X（生卒/原文），…"
        (r"的字|字是|字什么|号是什么|的号", r"字[\u4e00-\u9fff]{1,2}[，,。；]|号[\u4e00-\u9fff]{1,3}[，,。；]"),
        (r"国籍|哪国人|哪里人|籍贯|出生在|出生于", r"国籍|籍贯|出生于|生于|人[，。；）)]|出身"),
        (r"儿子|女儿|父亲|母亲|之子|之女|兄弟|妻子|丈夫", r"之子|之女|儿子|长子|次子|三子|幼子|女儿|长女|父亲|母亲|之妻|妻子|丈夫|之弟|之兄"),
        (r"用途|作用|用于|用来|干什么用", r"用于|用来|用作|作为|以便|可以"),
        (r"冠军|金牌|得主|获得者|获奖者|赢家|胜者|赢得|夺冠|夺金|胜出|选举结果|大选结果|当选",
         r"夺冠|夺金|夺得|获得|取得|摘得|摘金|赢得|折桂|问鼎|获胜|胜出|战胜|击败|当选|胜选|榜首|居首|登顶|位居第一|排名第一"),
        (r"演的(?:是)?谁|(?:饰演|扮演)的?(?:是)?谁|演(?:的)?(?:哪个|什么)角色", r"饰演|扮演|[（(][^）)]{0,8}饰|饰[：:]?[\u4e00-\u9fff]|演[\u4e00-\u9fff]{2,4}"),
        (r"主演|演员", r"主演|出演|领衔|参演|[（(][^）)]{0,8}饰|饰[：:]?[\u4e00-\u9fff]"),
        (r"导演(?:是谁|是|$|[？?])", r"执导"),
        (r"开始时间|开幕时间|开幕式时间|开赛时间|开幕|开赛", r"开幕|开始|开赛|举行|揭幕|拉开帷幕"),
        (r"原因|为什么|为何|怎么会", r"因为|由于|原因|导致|因此|所以|因而"),
    )
)


def predicate_cue(question: str) -> re.Pattern[str] | None:
    """The sentence pattern that answers this kind of question ("在哪里" -> 位于/坐落…), or None."""
    for asked, answer in _PREDICATE_CUES:
        if asked.search(question):
            return answer
    return None


def predicate_cues(question: str) -> list[re.Pattern[str]]:
    """Every sentence pattern that answers a kind of question this one is ("籍贯在哪": …人 and 位于)."""
    return [answer for asked, answer in _PREDICATE_CUES if asked.search(question)]


def asked_unit(question: str) -> str | None:
    """The unit the question asks in ("多少年" -> "年", "几个工作日" -> "工作日"), or None."""
    m = _UNIT_ASKED.search(question)
    return m.group(1) if m else None


_NEGATIVE_MODALS = frozenset(("不得", "禁止", "严禁", "不能", "不可", "不允许", "不予", "无需", "不需要", "不必", "不再"))
_MODAL = re.compile(r"不得|禁止|严禁|不能|不可|不允许|不予|无需|不需要|不必|不再|可以|可|允许|方可|须|必须|应当|应|视为")
_EN_FOCUS_STOP = frozenset("can could may is are do does did should must will we i you our the a an to of it be allowed".split())


_YN_CUE = re.compile(r"能不能|能否|是否|可不可以|可否|要不要|需不需要|用不用|是不是|会不会|可以|必须|需要|允许|能")


def _asked_predicate(question: str) -> str:
    """The verb phrase a yes/no question asks about: after 能不能/是否/可以, else before a final 吗."""
    clause = re.split(r"[，,。？?！!；;]", question.strip().rstrip("？?"))
    clause = [c for c in clause if c.strip()]
    last = clause[-1] if clause else question
    m = _YN_CUE.search(last)
    if m and len(re.sub(r"[吗么呢]$", "", last[m.end():])) >= 2:
        return re.sub(r"[吗么呢]$", "", last[m.end():])
    return re.sub(r"[吗么呢]$", "", last)


def yes_no(question: str, sentence: str, related: Mapping[str, Sequence[str]] | None = None,
           said: bool = False) -> str | None:
    """``"yes"``/``"no"`` for a yes/no question from the modal that governs the asked verb.

    The modal (可以/须/不得 …) nearest before the asked words decides (the first of the question's bigrams in the
    clause that states most of them, ``_asked_at``); ``None`` when the sentence does not mention what was asked (no confident
    verdict), so a wrong yes/no is never invented. ``related`` (a word of the question -> the
    documents' words of the same meaning, ``store_glossary``) lets the asked action be found in
    other words: "暂停配合" in "不得……停止……协作工作". A count the sentence limits is compared with the
    limit (``limits.limit_verdict``); sending someone in one's place is read from the documents' word for it
    (``proxy.proxy_verdict``: 派副手替我参加 → 不得委托代会). ``said``: the verdict is written in the answer ("可以。"),
    so a one-word action read through a related word also needs a word of the question's setting in the sentence
    (``_shares_setting``), and a "yes" (a wrong 可以 harms most) also needs at least half the asked action's words
    stated themselves and no 是否 between the modal and the act; a conditional permission the question says the asker
    has not met is a written "no", or none when the untaken step is not the condition's (``_unmet_condition``); ranking
    a sentence as one that rules (``verdict_first``) does not.
    """
    from assistant.story import is_story  # (story imports this module through english_answer)

    bound = limit_verdict(question, sentence, written=said and not is_story(question))  # a story tells many numbers
    if bound is not None:  # "三个项目组" against "不得超过两个": the comparison rules, not the modal
        return bound
    proxied = proxy_verdict(question, sentence, _MODAL, _NEGATIVE_MODALS)
    if proxied is not None:  # "派副手替我参加" against "不得委托代会": the documents' one word for the phrase
        return proxied
    asked = _asked_predicate(question)
    grams = {asked[i:i + 2] for i in range(len(asked) - 1)} - {"可以", "能不", "不能", "是否", "需要", "我们", "部门"}
    found = [g for g in grams if g in sentence]
    literal = True
    if not grams or len(found) < min(2, len(grams)) or len(found) < 0.5 * len(grams):
        words = action_words(asked) if related else []
        positions = _action_positions(words, sentence, related) if words else []
        if not positions or said and len(words) == 1 and not _shares_setting(question, asked, sentence):
            return None  # the sentence is not about the asked action
        at = min(positions)
        literal = sum(w in sentence for w in words) >= ACTION_SHARE * len(words)  # 删掉 read as 关闭 alone is not enough
    else:
        at = _asked_at(found, sentence)
    modals = [m for m in _MODAL.finditer(sentence) if m.start() < at]
    if not modals:
        return None
    if modals[-1].group(0) in _NEGATIVE_MODALS or _forbidden_after(asked, sentence, at):
        return "no"
    if not said:
        return "yes"
    if not literal or "是否" in sentence[modals[-1].end():at]:
        return None  # a written 可以 / 需要 needs half the asked words themselves and a modal ruling on the act rather than
        # on whether to do it ("应评估是否需要…通知")
    unmet = _unmet_condition(question, sentence, modals[-1])
    return "no" if unmet == "named" else None if unmet else "yes"


_BUT_FORBIDDEN = re.compile(r"但(?:是)?[^，,。；;]{0,8}?(?:不得|不能|不可|禁止|严禁)[^。；;]*")
"""The prohibition a permission gives way to in its sentence ("可以先向客户表示会尽快安排处理…，但不得对原因和责任作出
判断"), to the sentence's end."""


def _forbidden_after(asked: str, sentence: str, at: int) -> bool:
    """The permission ruling at ``at`` gives way to a "但不得…" after it that alone states a word of the asked action:
    "能不能当场跟客户说原因和处理办法？" against "…可以先向客户表示会尽快安排处理…，但不得对原因和责任作出判断" asks what is
    forbidden (原因), not only what is allowed."""
    but = _BUT_FORBIDDEN.search(sentence, at)
    if but is None:
        return False
    allowed = sentence[:but.start()]
    return any(w in but.group(0) and w not in allowed for w in action_words(asked))


def _asked_at(grams: Sequence[str], sentence: str) -> int:
    """Where the sentence states the asked words: the first of them in the clause that states the most ("以保密为由" in
    "…不得以保密为由拒绝提供", not the 保密 of "《信息共享与保密管理规定》" in the clause before)."""
    best: list[int] = []
    for clause in _CLAUSE.finditer(sentence):
        at = [clause.start() + clause.group(0).find(g) for g in grams if g in clause.group(0)]
        if len(at) > len(best):
            best = at
    return min(best)  # every found gram lies inside a clause: the asked words hold no clause break


_PERMISSION_CASE = case_pattern(after="，", ends="的|后")
"""The case a permission is written for, at the head of its sentence part or after a comma ("经办人协商未能解决的，")."""
_NOT_YET = re.compile(r"还没|尚未|还未|没有|未经|不经|跳过|绕过|没[\u4e00-\u9fff]{0,3}过")
"""A question saying a step has not been taken ("经办人还没谈过", "评审还没开", "没经过市场部看")."""


def _unmet_condition(question: str, sentence: str, modal: re.Match[str]) -> str | None:
    """Whether the question says the condition of the permission ``modal`` grants is not met.

    The permission is conditional when it is 方可 or a case ("…的，" / "…后，", ``rule_cases``) stands before it in its
    sentence part, and
    the question says a step has not been taken (``_NOT_YET``, not itself the condition's words). ``"named"`` when the
    untaken step, as told before the question's 能 / 可以, shares a word with the condition: the asker does not meet it
    ("两边经办人还没谈过，能直接提一级升级吗？" against "经办人协商未能解决的，任何一方均可…发起一级升级": 不可以); ``"other"``
    when it does not (no verdict either way); None when the permission is unconditional or no step is said untaken."""
    start = max(sentence.rfind(c, 0, modal.start()) for c in "；;。") + 1
    before = sentence[start:modal.start()]
    step = _NOT_YET.search(question)
    if not step or step.group(0) in before or not (modal.group(0) == "方可" or _PERMISSION_CASE.search(before)):
        return None
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(question, 0, step.start())), default=0)
    told = _YN_CUE.split(question[lo:])[0].replace(step.group(0), " ")  # the untaken step, without the asked act
    shared = any(told[i:i + 2] in before for i in range(len(told) - 1) if _CJK_WORD.fullmatch(told[i:i + 2]))
    return "named" if shared else "other"


def _shares_setting(question: str, asked: str, sentence: str) -> bool:
    """``sentence`` states a word of ``question`` outside its asked action (``asked``): a one-word action read through a
    related word needs it ("今年还能升职吗" and "年度…不得晋升" share 年度; "口头说好就能开干吗" and "须开启摄像头" share
    nothing: 开干 is not 开启)."""
    from assistant.terms import content_words  # jieba behind it: loaded on first use, as in ``action_words``

    setting = question.replace(asked, " ")
    return any(_CJK_WORD.fullmatch(w) and w in sentence for w in content_words(setting))


ACTION_SHARE = 0.5
"""Share of the asked action's content words a sentence must state (itself or in a related word)."""


def _action_positions(words: Sequence[str], sentence: str, related: Mapping[str, Sequence[str]]) -> list[int]:
    """Where the sentence states the asked action (its ``action_words``), each word itself or in a word of the same
    meaning.

    [] unless the action's verb (its first word, ``action_words``) is stated, the other words stand in the
    same clause (no ，；。 between: the modal governs one verb phrase), at least ``ACTION_SHARE`` of them
    (and two when there are two) are stated, one through a related word (shared characters alone were judged
    by ``yes_no`` already), and a modal stands within ``MODAL_GAP`` characters before the first of them.
    """
    for start, end in _spans(words[0], sentence, related):  # each place the verb is stated, itself or related
        found = _clause_match(words, sentence, related, start, end)
        if found:
            return found
    return []


def _clause_match(words: Sequence[str], sentence: str, related: Mapping[str, Sequence[str]],
                  start: int, end: int) -> list[int]:
    """The positions of the action's words in the clause of the verb stated at ``start:end``, or []
    (see ``_action_positions`` for the conditions)."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence)]
    lo = max((b + 1 for b in breaks if b < start), default=0)
    hi = min((b for b in breaks if b >= end), default=len(sentence))
    clause = sentence[:hi]
    found = [start]
    via_related = sentence[start:end] != words[0]
    for w in words[1:]:
        at = _stated_at(w, clause, related, lo)
        if at is not None:
            found.append(at[0])
            via_related = via_related or clause[at[0]:at[1]] != w
    if not via_related or len(found) < min(2, len(words)) or len(found) < ACTION_SHARE * len(words):
        return []
    first = min(found)
    if not any(0 <= first - m.end() <= MODAL_GAP for m in _MODAL.finditer(sentence)):
        return []  # no modal governs the action
    return found


def _spans(word: str, text: str, related: Mapping[str, Sequence[str]]) -> list[tuple[int, int]]:
    """Every span where ``text`` states ``word`` or one of its related words, in reading order."""
    out = []
    for t in (word, *related.get(word, ())):
        at = text.find(t)
        while at >= 0:
            out.append((at, at + len(t)))
            at = text.find(t, at + 1)
    return sorted(out)


def _stated_at(word: str, text: str, related: Mapping[str, Sequence[str]], after: int = 0) -> tuple[int, int] | None:
    """The first span at or after ``after`` where ``text`` states ``word`` itself or a related word, or None."""
    spans = [(at, at + len(t)) for t in (word, *related.get(word, ())) if (at := text.find(t, after)) >= 0]
    return min(spans) if spans else None


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
"""A Chinese word of two or more characters (jieba's one-character words carry too little)."""
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?]")
_CLAUSE = re.compile(_CLAUSE_BREAK.pattern.replace("[", "[^", 1) + "+")
"""A clause: a run without a clause break."""


MODAL_GAP = 12
"""Characters a modal may stand before the asked action and still govern it ("不得以问题已升级为由停止")."""


def action_words(predicate: str) -> list[str]:
    """The words of a yes/no question's asked action, its verb first ("把一张大工单拆成几张小的登记" ->
    拆成, 大工, 登记): jieba words of two or more Chinese characters that are verbs, nouns, adjectives or
    adverbs (jieba tags some verbs as adverbs: 暂停), numerals, pronouns and modal words dropped; [] when
    no word is a verb."""
    from assistant.terms import tagged

    out: list[str] = []
    head: str | None = None
    for w, flag in tagged(predicate):
        if not _CJK_WORD.fullmatch(w) or w in _YN_WORDS or w in out \
                or flag[:1] not in ("v", "n", "a", "d", "f", "l", "i", "j"):
            continue
        if head is None and flag[:1] == "v":
            head = w
        out.append(w)
    if head is None:
        return []  # no verb: not an action the documents can permit or forbid
    out.remove(head)
    out.insert(0, head)
    return out


def asked_action(question: str) -> list[str]:
    """The action words of a yes/no question (see ``action_words``)."""
    return action_words(_asked_predicate(question))


_YN_WORDS = frozenset(("可以", "能够", "是否", "需要", "必须", "允许", "我们", "部门", "能否", "应该", "不能", "我该", "怎么办", "怎么", "如何", "这样"))
