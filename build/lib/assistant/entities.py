"""Named things in a sentence: people, organisations, places and titled works.

A 谁 question about an encyclopedia or news passage wants a person's or an organisation's name
("蔡元培", "光荣公司"), a 哪里 question a place, a 叫什么/哪部 question a name or a title; the role
and body patterns of ``question_types`` (部门负责人, 总经理办公室) only know company roles. This
module finds names without a model: jieba's part-of-speech tags (``nr`` person, ``nt``
organisation, ``ns`` place, ``nz`` other proper noun), book-title marks 《…》, short quoted names
“…” and Latin words/acronyms. jieba loads lazily (about 0.7 s once); results are cached per sentence.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from assistant.person_names import listed_people, surname_names
from assistant.terms import tagged


class Kind(str, Enum):
    """What kind of name a span is."""

    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    WORK = "work"  # a titled work or other proper noun (《…》, “…”, nz, Latin names)


_TAGS = {"nr": Kind.PERSON, "nrfg": Kind.PERSON, "nrt": Kind.PERSON, "nt": Kind.ORG, "ns": Kind.PLACE,
         "nz": Kind.WORK}
_TITLE = re.compile(r"《[^《》]{1,30}》")
_QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』]{1,16})[”\"」』]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-·']*(?:\s+[A-Z][A-Za-z0-9.\-·']*)*")
_ORG_SUFFIX = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:公司|集团|大学|学院|学校|银行|医院|政府|委员会|协会|学会|研究所|研究院|"
    r"电视台|出版社|俱乐部|乐队|(?<!团)队|组织|联盟|基金会|法院|检察院|议会|部队|(?<![冠亚季将])军|党)"
)
COUNTRIES = tuple((
    "中国 美国 英国 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 卢森堡 瑞士 奥地利 瑞典 挪威 丹麦 芬兰 冰岛 爱尔兰 "
    "波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 希腊 塞尔维亚 克罗地亚 斯洛文尼亚 波黑 黑山 北马其顿 阿尔巴尼亚 "
    "乌克兰 白俄罗斯 俄罗斯 摩尔多瓦 立陶宛 拉脱维亚 爱沙尼亚 格鲁吉亚 亚美尼亚 阿塞拜疆 土耳其 塞浦路斯 马耳他 摩纳哥 "
    "日本 韩国 朝鲜 蒙古 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 菲律宾 文莱 东帝汶 "
    "印度 巴基斯坦 孟加拉国 尼泊尔 不丹 斯里兰卡 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 黎巴嫩 约旦 以色列 巴勒斯坦 "
    "沙特阿拉伯 沙特 阿联酋 卡塔尔 科威特 巴林 阿曼 也门 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 "
    "埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 肯尼亚 坦桑尼亚 乌干达 卢旺达 索马里 尼日利亚 加纳 "
    "喀麦隆 塞内加尔 科特迪瓦 马里 刚果 安哥拉 赞比亚 津巴布韦 莫桑比克 马达加斯加 南非 纳米比亚 博茨瓦纳 "
    "加拿大 墨西哥 古巴 牙买加 海地 巴拿马 哥斯达黎加 危地马拉 洪都拉斯 尼加拉瓜 萨尔瓦多 多米尼加 "
    "巴西 阿根廷 智利 秘鲁 哥伦比亚 委内瑞拉 厄瓜多尔 玻利维亚 乌拉圭 巴拉圭 "
    "澳大利亚 新西兰 斐济 巴布亚新几内亚 "
    "乍得 尼日尔 毛里塔尼亚 布基纳法索 几内亚 几内亚比绍 赤道几内亚 贝宁 多哥 塞拉利昂 利比里亚 冈比亚 佛得角 加蓬 "
    "中非共和国 布隆迪 马拉维 莱索托 埃斯瓦蒂尼 斯威士兰 厄立特里亚 吉布提 科摩罗 毛里求斯 塞舌尔 圣多美和普林西比 "
    "安道尔 列支敦士登 圣马力诺 梵蒂冈 苏里南 圭亚那 伯利兹 巴哈马 巴巴多斯 特立尼达和多巴哥 格林纳达 圣卢西亚 "
    "多米尼克 安提瓜和巴布达 圣基茨和尼维斯 圣文森特和格林纳丁斯 汤加 萨摩亚 瓦努阿图 所罗门群岛 基里巴斯 图瓦卢 "
    "瑙鲁 帕劳 马绍尔群岛 密克罗尼西亚"
).split())
"""Country names: every UN member state (Chinese short names, written out; 中非 only as 中非共和国, since "中非" is
also China–Africa): jieba tags many of them as no place ("卡塔尔", "法国队")."""
_COUNTRY = re.compile("|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True)))
_STOP_NAMES = frozenset({"本作", "本片", "该片", "其中", "此外", "他们", "我们", "公司"})


_NOT_IN_NAME = ("v", "p", "c", "u", "r", "d", "m", "q", "y", "e", "x", "w", "t", "f", "z")
"""Parts of speech that never sit inside an organisation's name (verbs, prepositions, pronouns …)."""


_NAME_FLAGS = frozenset({"nt", "nz", "ns", "nr", "nrt", "nrfg", "j"})
_BYLINE = re.compile(r"(?:记者|通讯员|责任编辑|编辑|责编|摄影|撰文)(?:[：:\s]+([^）)。\n，,]{0,30}?)(?=\s*(?:摄|报道|[）)，,。]|$))"
                     r"|([^）)。\n，,]{0,30}?)(?=\s*(?:摄|报道|[）)])))")
_DATELINE = re.compile(r"^\W*[\u4e00-\u9fffA-Za-z]{1,8}?(?:社|网|报|台|电视)[\u4e00-\u9fff]{0,6}(?:\d{1,2}月\d{1,2}日)?(?:电|讯|消息)")
"""A news byline ("（记者赵雪彤、王春燕）") or dateline ("新华社北京1月25日电", "中工网讯"): who wrote the
story, not who is in it."""


def pos_tokens(sentence: str) -> list[tuple[int, int, str]]:
    """jieba's ``(start, end, flag)`` tokens of ``sentence`` (part-of-speech cut, offsets into ``sentence``)."""
    tokens: list[tuple[int, int, str]] = []
    at = 0
    for word, flag in tagged(sentence):
        start = sentence.find(word, at)
        if start < 0:
            continue
        at = start + len(word)
        tokens.append((start, at, flag))
    return tokens


def _jieba_spans(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int, Kind]]:
    """Names jieba tags as a person, organisation, place or other proper noun (two characters or more)."""
    spans: list[tuple[int, int, Kind]] = []
    for start, end, flag in tokens:
        word = sentence[start:end]
        kind = _TAGS.get(flag)
        if kind is not None and len(word) >= 2 and word not in _STOP_NAMES:
            spans.append((start, end, kind))
    return spans


def _org_spans(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int, Kind]]:
    """Organisation names by suffix (…公司, …大学, …队), starting and ending on jieba word boundaries,
    made of at most four name-like words ("辽宁队", "洛杉矶公羊队"; not "点票结果显示工党")."""
    spans: list[tuple[int, int, Kind]] = []
    for i, (start, _end, _flag) in enumerate(tokens):
        for j in range(i, min(i + 4, len(tokens))):
            a, b, flag = tokens[j]
            m = _ORG_SUFFIX.fullmatch(sentence, start, b)
            if j > i and flag.startswith(_NOT_IN_NAME) and not m:
                break
            if m and b - start >= 2 and not any(f.startswith(_NOT_IN_NAME) for _a, _b, f in tokens[i:j]) \
                    and (j > i or flag in _NAME_FLAGS or b - start >= 4):  # a bare 球队/团队 is no name
                spans.append((start, b, Kind.ORG))
                break
    return spans


def _countries(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int, Kind]]:
    """Country names on jieba word boundaries ("法国队" yes; "沿海地区", "马里奥" no)."""
    starts = {a for a, _b, _f in tokens}
    ends = {b for _a, b, _f in tokens}
    return [(m.start(), m.end(), Kind.PLACE) for m in _COUNTRY.finditer(sentence)
            if m.start() in starts and (m.end() in ends or sentence[m.end():m.end() + 1] in tuple("队人籍方军"))]


_PERSON_CUE = re.compile(
    r"(?:犯罪嫌疑人|嫌疑人|嫌犯|凶手|枪手|行凶者|袭击者|刺客|被告人)(?:为|是)?([\u4e00-\u9fff]{2,4}?)"
    r"(?=[（(，,。、；]|被|已|曾|于|在|向|对|因|当场|涉嫌|开枪|行凶|落网)"
    r"|(?:^|(?<=[，,。；;：:\s]))([\u4e00-\u9fff]{2,4}?)(?=(?:已|当场)?(?:被捕|落网|被逮捕|被抓获|被警方逮捕))"
)
"""A name jieba does not know, next to a person cue: "嫌疑人山上彻也被当场逮捕", "枪手X（41岁）", "X被捕"."""
_ROLE_CUE = re.compile(
    r"(?:选手|运动员|球员|演员|导演|编剧|歌手|作家|教练|航天员|主持人|发言人|董事长|总裁|市长|省长|总统|总理|首相|部长)"
    r"([\u4e00-\u9fff]{2,4}?)(?=[（(，,。、；]|以|与|和|在|于|表示|称|说)"
)
"""A name after a role noun, before a pause, a preposition or 表示/称: "日本选手山口茜以2比1战胜…"."""
_NOT_IN_ROLE_NAME = ("v", "a", "d", "p")
"""A name after a role noun holds no verb, adjective or adverb ("演员相继登场", "发言人介绍情况")."""
_NOT_NAME_FLAGS = ("p", "c", "u", "x", "m", "r", "q", "f", "t")
_NOT_NAME_CHARS = re.compile(r"[的了是在被和与等者们该其此这那已将]")


def _cued_people(tokens: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int, Kind]]:
    """Person names after a person cue (嫌疑人/凶手/枪手 X, X被捕) or a role noun (选手 X以), strict: the name starts and ends
    on jieba word boundaries, holds no function word, and is no single common word ("身份")."""
    starts = {a for a, _b, _f in tokens}
    ends = {b for _a, b, _f in tokens}
    spans: list[tuple[int, int, Kind]] = []
    matches = [(m, _NOT_NAME_FLAGS) for m in _PERSON_CUE.finditer(sentence)]
    matches += [(m, _NOT_NAME_FLAGS + _NOT_IN_ROLE_NAME) for m in _ROLE_CUE.finditer(sentence)]
    for m, not_flags in matches:
        group = 1 if m.group(1) else 2
        a, b = m.span(group)
        inside = [t for t in tokens if a <= t[0] and t[1] <= b]
        if a not in starts or b not in ends or _NOT_NAME_CHARS.search(sentence[a:b]):
            continue
        if any(f.startswith(not_flags) for _x, _y, f in inside):
            continue
        if len(inside) == 1 and _TAGS.get(inside[0][2]) is not Kind.PERSON:
            continue  # one dictionary word that is not a name ("身份", "男子")
        spans.append((a, b, Kind.PERSON))
    return spans


@lru_cache(maxsize=4096)
def entity_spans(sentence: str) -> tuple[tuple[int, int, Kind], ...]:
    """``(start, end, kind)`` of every name found in ``sentence``, in order of position."""
    tokens = pos_tokens(sentence)
    spans = _jieba_spans(tokens, sentence)
    spans += [(m.start(), m.end(), Kind.WORK) for m in _TITLE.finditer(sentence)]
    spans += [(m.start(1), m.end(1), Kind.WORK) for m in _QUOTED.finditer(sentence)]
    spans += [(m.start(), m.end(), Kind.WORK) for m in _LATIN.finditer(sentence) if len(m.group(0)) >= 2]
    spans += _org_spans(tokens, sentence)
    spans += _countries(tokens, sentence)
    spans += _cued_people(tokens, sentence)
    spans += [(a, b, Kind.PERSON) for a, b in surname_names(tokens, sentence)]  # 王/nr 亚平/ns
    people = [(a, b) for a, b, k in spans if k is Kind.PERSON]
    spans += [(a, b, Kind.PERSON) for a, b in listed_people(tokens, people, sentence)]  # 陈晓、曾黎/ns、赖艺
    bylines = [m.span(1 if m.group(1) is not None else 2) for m in _BYLINE.finditer(sentence)] + [m.span() for m in _DATELINE.finditer(sentence)]
    spans = [(a, b, k) for a, b, k in spans if not any(x <= a and b <= y for x, y in bylines)]
    return tuple(sorted(set(spans)))


def names(sentence: str, kinds: frozenset[Kind] | None = None) -> list[tuple[int, int]]:
    """Spans of the names of ``kinds`` (all kinds when None) in ``sentence``."""
    return [(a, b) for a, b, k in entity_spans(sentence) if kinds is None or k in kinds]
