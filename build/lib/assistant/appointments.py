"""A question about someone's post (职位, 官职, 封号) is answered by "以/封/任命 X 为 Y": Y is the post.

History and biography state an appointment with a fixed construction: the appointing verb, the person, 为, the
post ("侯景自称汉王，以宋子仙为太保，任约为司空", "封其弟为燕王", "董事会任命张三为总经理"). The post is no
name a tagger knows, so a sentence that only names the person among other names (a battle he fought) shares as
much with the question and wins. ``post_spans`` finds the post after "<verb><person>为" for a person the
question names. Generic Chinese usage; no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ASKS = re.compile(r"(?:职位|职务|官职|官位|官衔|头衔|爵位|封号|什么官|何官)")
"""The question asks a post ("侯景封了宋子仙什么职位", "他担任什么职务")."""
_VERB = r"(?:以|封|任命|委任|任|拜|授|提拔|擢|册封|追封|晋封|改封|立)"
_POST = r"([\u4e00-\u9fff]{1,10}?)(?=[，,。；;、）)]|$)"


def asks_post(question: str) -> bool:
    """``question`` asks which post someone was given or held."""
    return bool(_ASKS.search(question))


def post_spans(sentence: str, people: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the post ``sentence`` gives one of ``people`` with "<verb><person>为<post>" ("以宋子仙为太保")."""
    spans = []
    for person in people:
        if len(person) < 2 or person not in sentence:
            continue
        for m in re.finditer(rf"{_VERB}了?{re.escape(person)}为{_POST}", sentence):
            spans.append(m.span(1))
    return sorted(set(spans))
