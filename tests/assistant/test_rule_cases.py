"""One reader of a rule's case, built for each caller (scenario's first case and every case, the case index)."""

from assistant.rule_cases import case_pattern, case_text

CLAUSE = "第九条 催办后仍未响应的，可发起一级升级；一级升级未能解决的，可发起二级升级。"


def test_the_first_case_at_the_head_of_a_clause() -> None:
    assert case_text(case_pattern().search(CLAUSE)) == "催办后仍未响应"
    assert case_pattern().search("可发起升级，对方仍未响应的，…") is None  # not at the head


def test_later_cases_after_the_given_marks() -> None:
    assert [case_text(m) for m in case_pattern(after="，；").finditer(CLAUSE)] == ["催办后仍未响应", "一级升级未能解决"]


def test_openers_endings_and_length_are_the_callers() -> None:
    index = case_pattern(after="，；。：", stops="，。；：", opener="如|若", ends="的|时|后", longest=48)
    assert [case_text(m) for m in index.finditer("如发生数据泄露时，应立即上报。")] == ["发生数据泄露"]
    assert case_pattern().search("如发生数据泄露时，应立即上报。") is None
    assert case_text(case_pattern().search("本规定适用于核心业务中断的事项。")) == "核心业务中断"
