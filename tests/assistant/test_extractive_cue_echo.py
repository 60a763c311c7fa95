"""A location cue that only repeats the asked place ("在组成大青川湾都会区的…") does not say where it is.

Sentences written for this test (an invented metropolitan area), not taken from an evaluation set.
"""

from __future__ import annotations

import re

from context_builders import first_line

AREA = ("大青川湾都会区是指青川市及其周围六个自治市的区域。该地区位于北海之滨，是国内最大的城市地区。"
        "每个自治市有各自选出的议会。在组成大青川湾都会区的七个自治市当中，青川市显然是人口最多的，"
        "有122,460位居民；石浦是人口最少的，只有217位居民。")


def test_the_sentence_that_locates_the_asked_place_beats_one_that_locates_something_inside_it():
    line = first_line("大青川湾都会区位于什么地方？", [AREA])
    assert "北海之滨" in line, line


def test_a_cue_match_naming_the_subject_is_skipped_and_the_others_are_kept():
    from assistant.cue_echo import without_echo

    cue = without_echo(re.compile(r"位于|在[^，。]{1,12}(?:市|区)"), "大青川湾都会区")
    assert cue.search("在组成大青川湾都会区的七个自治市当中") is None
    assert cue.search("该地区位于北海之滨").group(0) == "位于"
    assert [m.group(0) for m in cue.finditer("总部在青川市，工厂位于石浦")] == ["在青川市", "位于"]


def test_no_subject_leaves_the_cue_as_it_is():
    from assistant.cue_echo import without_echo

    cue = re.compile("位于")
    assert without_echo(cue, None) is cue
    assert without_echo(None, "青川") is None
