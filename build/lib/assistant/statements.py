"""Sentences that state the asked relation: the asked word and the answer side by side.

"《忠犬八公》中国版的导演是谁" asks for the 导演: "导演徐昂用…" states it (the word, then a name), while
"…拍摄了包括中国版《忠犬八公》在内的三部电影" only shares words with the question. "2022年世界杯吉祥物
叫什么": "这个吉祥物的名字是“拉伊卜”" states it; "谁创立了X": "X由张三创立" / "张三创立了X". The
asked word is the word next to the question word (before 是谁/叫什么, after 谁/哪个/什么); the answer
is a fact of the asked kind (a name) joined to it by nothing or by a link word only (是, 为, 叫, 名为,
由, 担任, 当选 …). Generic Chinese syntax, no vocabulary of any corpus. jieba cuts the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.authorship import asks_author, author_spans
from assistant.kinship import PARENTS, child_form, is_kin, kin_places, name_after, name_before
from assistant.terms import tagged, words as jieba_words

_WH_AFTER = re.compile(
    r"(?:的)?(?:名字|名称|全称|称号)?(?:是|叫|叫做|为|称为|名为)?(?:谁|什么|哪个|哪位|哪家|哪些|哪里|何人|啥)"
    r"(?:名字|名称)?[？?]?\s*$"
)
"""The question word at the end ("…的导演是谁", "…吉祥物叫什么", "…的名字是什么")."""
_WH_BEFORE = re.compile(r"(?:谁|哪(?:个|家|位|些|所|支|款|部)?|什么)")
"""A question word with the asked word after it ("谁创立了…", "在哪个球队", "什么公司")."""
_LEAD_NOISE = re.compile(r"^(?:新任|现任|首任|本届|该届|最佳|最新|第一任|新一任|前任)")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")

_LINK_AFTER = re.compile(
    r"^[\s“”\"《「『（(：:]*(?:的)?(?:名字|名称|称号|全称|简称)?"
    r"(?:就是|是|为|叫做|叫|名为|名叫|称为|称作|定名为|命名为|由|乃|系)?[\s“\"《「『（(：:]*$"
)
"""What may stand between the asked word and the answer after it ("导演徐昂", "吉祥物的名字是“拉伊卜”")."""
_LINK_BEFORE = re.compile(
    r"^[\s”\"》」』)）]*(?:等|(?:于|在)[^，。；,;]{1,10}?)?"
    r"(?:所|亲自|共同|一手|联合|正式|首次|成功|最终|分别|再次|先后|已|将|被)?"
    r"(?:成为|担任|出任|就任|接任|继任|当选|荣获|获得|取得|夺得|赢得|摘得|问鼎|是|为)?(?:了)?"
    r"(?:新一任|新任|首任|本届|该届|第[一二三四五六七八九十\d]+[任届位])?(?:的)?[\s“\"《「『(（]*$"
)
"""What may stand between an answer and the asked word after it ("张三创立了", "X当选新任总理")."""
MAX_GAP = 12


@lru_cache(maxsize=1024)
def asked_word(question: str) -> str | None:
    """The word naming what is asked: before a final 是谁/叫什么 ("导演", "吉祥物"), else after the
    question word ("创立" in "谁创立了X", "球队" in "在哪个球队"); None when there is none."""
    text = question.strip()
    m = _WH_AFTER.search(text)
    if m and m.start() > 0:
        words = list(jieba_words(text[: m.start()]))
        while words and words[-1] in ("的", "之"):
            words.pop()
        if words and _CJK_WORD.match(words[-1]):
            return _LEAD_NOISE.sub("", words[-1]) or words[-1]
    for wh in _WH_BEFORE.finditer(text):
        words = list(jieba_words(text[wh.end():]))
        while words and words[0] in ("了", "的", "是", "个", "一"):
            words.pop(0)
        if words and _CJK_WORD.match(words[0]):
            return words[0]
    if not _WH_BEFORE.search(text):  # a noun phrase ("…男单冠军？", "…最佳女主角"): its last word
        words = list(jieba_words(text.rstrip("？?。 ")))
        if words and _CJK_WORD.match(words[-1]):
            return _LEAD_NOISE.sub("", words[-1]) or words[-1]
    return None


@lru_cache(maxsize=1024)
def asked_verb(question: str) -> str | None:
    """The verb that ends a question asked with a question word before it ("管辖" in "X由哪个公司
    管辖？", "执导" in "X由谁执导"): the answer stands next to it too ("属上海铁路局管辖")."""
    text = question.strip().rstrip("？?。 ")
    wh = _WH_BEFORE.search(text)
    if not wh or _WH_AFTER.search(text) or not re.search(r"(?:由|被|归|受)\s*$", text[:wh.start()]):
        return None  # only a passive agent asked: "由哪个公司管辖", "被谁收购"
    tokens = [(w, f) for w, f in tagged(text) if w.strip()]
    if tokens and tokens[-1][1].startswith("v") and _CJK_WORD.match(tokens[-1][0]):
        return tokens[-1][0]
    return None


def states_answer(sentence: str, word: str, spans: Sequence[tuple[int, int]]) -> bool:
    """True when one of ``spans`` stands right next to ``word`` in ``sentence``, joined by nothing
    or by a link word only: the sentence states the asked relation."""
    if not word or not spans:
        return False
    if word not in sentence and len(word) >= 4:  # "金牌得主" asked, "取得金牌" said: the compound's head or tail
        word = next((w for w in (word[:2], word[-2:]) if w in sentence), word)
    for at, end in kin_places(sentence, word):  # the word itself, or its written form (儿子: "第五子")
        for a, b in spans:
            if a >= end and a - end <= MAX_GAP and _LINK_AFTER.match(sentence[end:a]):
                return True
            if b <= at and at - b <= MAX_GAP and _LINK_BEFORE.match(sentence[b:at]):
                return True
    return False


def states_author(sentence: str, words: Sequence[str], spans: Sequence[tuple[int, int]]) -> bool:
    """An author is asked (``words``) and one of ``spans`` is a name the sentence states as the author."""
    return any(asks_author(w) for w in words) and bool(set(author_spans(sentence)) & set(spans))


def question_names(question: str) -> tuple[str, ...]:
    """The names the question states (places, people, organisations, titles: "塞尔维亚", "《忠犬八公》"):
    a passage that names none of them is about something else."""
    from assistant.entities import entity_spans  # local: jieba loads on first use

    return tuple(dict.fromkeys(question[a:b].strip("《》") for a, b, _kind in entity_spans(question)
                               if b - a >= 2 and not _WH_BEFORE.fullmatch(question[a:b])))


def question_owners(question: str) -> tuple[str, ...]:
    """The names of companies, people and works the question states ("长安汽车" in "长安汽车2021年销量"):
    whose figure is asked. Places are left out: a country is written many ways (中国, 我国, 全国)."""
    from assistant.entities import Kind, entity_spans  # local: jieba loads on first use

    return tuple(dict.fromkeys(question[a:b].strip("《》") for a, b, kind in entity_spans(question)
                               if b - a >= 2 and kind is not Kind.PLACE and not _WH_BEFORE.fullmatch(question[a:b])))


NATIONWIDE = frozenset({"中国", "我国", "全国", "国内", "中华人民共和国"})
"""Names of the whole country: written many ways (中国, 我国, 全国), so never required verbatim."""


def question_places(question: str) -> tuple[str, ...]:
    """The places the question names other than the whole country ("重庆" in "2022年重庆的GDP增长率"):
    whose figure is asked, when a figure is asked."""
    from assistant.entities import Kind, entity_spans  # local: jieba loads on first use

    return tuple(dict.fromkeys(question[a:b] for a, b, kind in entity_spans(question)
                               if b - a >= 2 and kind is Kind.PLACE and question[a:b] not in NATIONWIDE))


def names_another_place(text: str, places: Sequence[str]) -> bool:
    """``text`` names a place none of ``places`` is part of ("美国、日本" or "我国" beside the asked "重庆"): its figure
    may be another place's. A sentence naming no place ("本届赛事有13队参与") is not about another place."""
    from assistant.entities import Kind, entity_spans  # local: jieba loads on first use

    return any(kind is Kind.PLACE and b - a >= 2 and not any(p in text[a:b] or text[a:b] in p for p in places)
               for a, b, kind in entity_spans(text)) or any(n in text for n in NATIONWIDE)


def about_asked(passage: str, names: Sequence[str]) -> bool:
    """``passage`` names one of the question's names at least (always True when the question names none)."""
    return not names or any(name in passage for name in names)


_NAMING_LINK = re.compile(
    r"(?:的)?(?:(?:名字|名称|全称|称号)(?:是|为|叫)|叫做|叫作|名为|名叫|取名为?|定名为|命名为|称为|叫)[“\"《「『]?")
_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·\-]{2,12}")
_BARE_LINK = re.compile(r"(?:是|为)")
_BARE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?=[，,。；;、）)]|$)|[A-Z][A-Za-z·\-]+(?:\s[A-Z][A-Za-z·\-]+)*"
                        r"|[\u4e00-\u9fffA-Za-z0-9]{2,14}?(?:事务所|公司|集团|研究院|研究所|设计院|工作室|大学|学院|协会|银行)(?=[，,。；;、）)]|$)")
"""After a bare 是/为 only a short run standing alone ("创始人是王小川。"), not "是一位…", or a body ("建筑师为德国ABB建筑师事务所")."""
_NOT_NAME_START = re.compile(r"^(?:的|了|在|是|很|非常|一|这|那|什么|自己|我们|他们|其|该|本|由|从|被|将|已|也|都|不|没)")
_MAKER_VERB = re.compile(r"创立|创办|创建|成立|设立|开发|研发|推出|发明|设计|执导|编剧|作曲|作词|演唱|撰写|编写|出版|发行|收购")
_MAKER_TAIL = re.compile(r"(?:(?:于|在)[^，。；,;于在]{1,10}?){0,2}(?:等人)?(?:联合|共同|亲自|一手)?(?:所)?$")
_MAKER_CUT = re.compile(r".*(?:由|是|为|[，,。；;：:、\s（(“\"])")


def _maker_before(window: str) -> tuple[int, int] | None:
    """The name right before a maker verb inside ``window`` (the text before the verb)."""
    head = window[: _MAKER_TAIL.search(window).start()]
    cut = _MAKER_CUT.match(head)
    start = cut.end() if cut else 0
    name = head[start:]
    if 2 <= len(name) <= 8 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z·\-]+", name) and not _NOT_NAME_START.match(name):
        return start, len(head)
    return None


_AGENT_CUT = re.compile(r".*(?:由|是|为|属|归|受|被|[，,。；;：:、\s（(“\"])")


def _agent_before(window: str, offset: int) -> tuple[int, int] | None:
    """The body right before a passive verb ("属上海铁路局嘉兴车务段管辖" -> 上海铁路局嘉兴车务段), as a span of
    the sentence (``offset``: where ``window`` starts)."""
    cut = _AGENT_CUT.match(window)
    start = cut.end() if cut else 0
    name = window[start:]
    if 2 <= len(name) <= 14 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z·\-]+", name) and not _NOT_NAME_START.match(name):
        return offset + start, offset + len(window)
    return None


_WHOSE = re.compile(r"谁的([\u4e00-\u9fff]{1,8}?)[？?。]?\s*$")
_OWNER_CUT = re.compile(r".*(?:是|为|由|[，,。；;：:、\s（(）)“”\"]|[家者人员手])")


@lru_cache(maxsize=1024)
def owned_word(question: str) -> str | None:
    """The owned thing of a "…是谁的X" question ("漫画作品" in "《X》是谁的漫画作品？"), or None."""
    m = _WHOSE.search(question.strip())
    return m.group(1) if m else None


def _owner_before(sentence: str, at: int) -> tuple[int, int] | None:
    """The name right before position ``at`` (where 的X starts), cut after a link word, punctuation or a
    profession's last character ("日本漫画家江口寿史" -> 江口寿史)."""
    head = sentence[max(0, at - 16):at]
    cut = _OWNER_CUT.match(head)
    start = cut.end() if cut else 0
    name = head[start:]
    if 2 <= len(name) <= 8 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z·\-]+", name) and not _NOT_NAME_START.match(name):
        return at - len(head) + start, at
    return None


def linked_spans(sentence: str, words: Sequence[str], agents: Sequence[str] = (),
                 owned: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Answers stated by a link even when no tagger knows them as names: the run after a naming
    link that follows the asked word ("产品叫做飞书" -> 飞书, "创始人是王小川。"), the name before a
    maker verb the question asks with ("由张一鸣于2012年创立" -> 张一鸣 for "谁创立了…"), the name before
    a kinship word's written form ("司马伷三子" for "谁的儿子"), the agent before a passive verb of
    ``agents`` ("属上海铁路局管辖" for "由哪个公司管辖") and the owner before 的 + a word of ``owned``
    ("江口寿史的漫画作品" for "是谁的漫画作品"); an author before a writing verb ("上月司所著" for 作者)."""
    spans: list[tuple[int, int]] = []
    for word in words:
        if asks_author(word):  # "是上月司所著的轻小说" for "…的作者是谁": the name before the writing verb
            spans += author_spans(sentence)
        if is_kin(word):  # "琅邪王司马伷三子" for "谁的儿子", "母卢靖妃" for "谁的母亲": the name beside the form
            spans += [found for at, end in kin_places(sentence, word)
                      if (found := name_after(sentence, end) if word in PARENTS and not child_form(sentence[at:end])
                          else name_before(sentence, at))]  # "邵雍之子" for "父亲是谁": the name before
        if word in owned:  # "漫画家江口寿史的漫画作品" for "是谁的漫画作品": the owner before 的X
            spans += [found for m in re.finditer("的" + re.escape(word), sentence)
                      if (found := _owner_before(sentence, m.start()))]
        if word in agents:  # "属上海铁路局嘉兴车务段管辖" for "由哪个公司管辖": the agent before the asked verb
            spans += [found for m in re.finditer(re.escape(word), sentence)
                      if (found := _agent_before(sentence[max(0, m.start() - 24):m.start()], max(0, m.start() - 24)))]
        at = sentence.find(word)
        while at >= 0:
            end = at + len(word)
            link = _NAMING_LINK.match(sentence, end)
            if link and (run := _NAME_RUN.match(sentence, link.end())) and not _NOT_NAME_START.match(run.group(0)):
                spans.append(run.span())
            elif (bare := _BARE_LINK.match(sentence, end)) and (run := _BARE_NAME.match(sentence, bare.end())) \
                    and not _NOT_NAME_START.match(run.group(0)):
                spans.append(run.span())
            if _MAKER_VERB.fullmatch(word):
                offset = max(0, at - 24)
                found = _maker_before(sentence[offset:at])
                if found:
                    spans.append((offset + found[0], offset + found[1]))
            at = sentence.find(word, at + 1)
    return spans


_HOW_MANY = re.compile(r"(?:是|为|有|达到?|了|共|一共|总共)?(?:多少|几)[\u4e00-\u9fff]{0,2}[？?]?\s*$")


@lru_cache(maxsize=1024)
def amount_word(question: str) -> str | None:
    """The word whose amount a 多少 question asks ("GDP" in "上海2021年的GDP是多少", "增长" in "…GDP增长了多少")."""
    text = question.strip()
    m = _HOW_MANY.search(text)
    if not m or m.start() == 0:
        return None
    words = list(jieba_words(text[: m.start()]))
    while words and words[-1] in ("的", "之"):
        words.pop()
    return words[-1] if words and re.fullmatch(r"[\u4e00-\u9fffA-Za-z]{2,}", words[-1]) else None
