"""An open question ("…的分布区域是哪些？", typed OTHER) is not answered by whatever sentence holds a figure.

Sentences written for these tests (not taken from an evaluation set).
"""

from __future__ import annotations

from context_builders import titled_first_line as _first_line


def test_a_figure_does_not_lift_a_description_on_an_open_question():
    line = _first_line("青鳍膜鳕的分布区域是哪些？", [
        ("青鳍膜鳕", "本鱼体形延长呈圆锥状，头部稍平扁，口大，下位，吻部短而尖锐，吻端有3对短须，体长可达30公分。"
                     "本鱼分布于西北太平洋，包括南日本、中国东海海域。本鱼为深海底栖鱼类，以小型甲壳类为食。"),
        ("红鳍膜鳕", "本鱼分布于印度西太平洋区，包括安达曼海、日本、菲律宾海域。"),
    ])
    assert "西北太平洋" in line


def test_a_figure_still_counts_for_a_figure_question():
    line = _first_line("青鳍膜鳕体长可达多少？", [
        ("青鳍膜鳕", "本鱼分布于西北太平洋，包括南日本、中国东海海域。本鱼体形延长，体长可达30公分。"),
    ])
    assert "30公分" in line
