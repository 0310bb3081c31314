"""Text repair: cases as data (must change, must not change, known failures), replay, idempotence."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from pagefix import Config, Edit, apply_edits, normalize_text
from pagefix.normalize import Normalizer

CASES = json.loads((FIXTURES / "normalize_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["changes"], ids=[c["label"] for c in CASES["changes"]])
def test_changes(case):
    text, edits = Normalizer().normalize(case["in"], Config(), script=case.get("script"))
    assert text == case["out"]
    assert edits, "a change must be recorded"
    assert apply_edits(case["in"], edits) == text


@pytest.mark.parametrize("case", CASES["negative"], ids=[c["label"] for c in CASES["negative"]])
def test_negative_cases_stay_as_printed(case):
    text, edits = normalize_text(case["in"])
    assert text == case["in"]
    assert edits == []


@pytest.mark.parametrize("case", CASES["known_failures"], ids=[c["label"] for c in CASES["known_failures"]])
@pytest.mark.xfail(strict=True, reason="known limitation, kept as a case so a fix shows up")
def test_known_failures(case):
    assert normalize_text(case["in"])[0] == case["out"]


def test_every_edit_names_rule_span_and_reason():
    src = "多年勤奮工作 , 换来 1 0 8 辆"
    text, edits = normalize_text(src)
    for e in edits:
        assert e.rule and e.reason
        assert src[e.start:e.end] == e.before


def test_apply_edits_rejects_an_edit_that_does_not_match():
    from pagefix import InternalError
    with pytest.raises(InternalError):
        apply_edits("勤奋", [Edit("script", 1, 2, "奮", "奋", "")])


def test_fullwidth_digits_kept_unless_asked():
    assert normalize_text("１９９８年")[0] == "１９９８年"
    assert normalize_text("１９９８年", Config(fullwidth_digits="ascii"))[0] == "1998年"


def test_whole_page_conversion_on_request():
    assert normalize_text("發展經濟", Config(script="simplified"))[0] == "发展经济"
    assert normalize_text("发展经济", Config(script="traditional"))[0] == "發展經濟"


def test_doubled_character_is_flagged_not_changed():
    n = Normalizer()
    flags = n.flags("一头加快快平从生产线到大市场的落地")
    assert [w.code for w in flags] == ["doubled-char"]
    assert n.normalize("一头加快快平从生产线")[0] == "一头加快快平从生产线"


def test_real_reduplication_is_not_flagged():
    assert Normalizer().flags("他常常去看看那里的人人") == []


@pytest.mark.parametrize("text", ["吉尔吉斯斯坦总统访华", "两国人民心心相印", "他沾沾自喜地说", "脚踏实地地推动改革"])
def test_a_doubling_inside_a_word_or_before_a_particle_is_not_flagged(text):
    assert Normalizer().flags(text) == []


def test_traditional_text_is_flagged_through_its_simplified_view():
    n = Normalizer()
    assert n.flags("兩國人民心心相印", script="traditional") == []
    assert [w.code for w in n.flags("一頭加快快平從生產線", script="traditional")] == ["doubled-char"]


def test_non_str_is_an_input_error():
    from pagefix import InputError
    with pytest.raises(InputError):
        normalize_text(b"bytes")  # type: ignore[arg-type]


_CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
_alphabet = st.sampled_from(list(_CJK) + list("，。、：；！？“”（）,.:;!?() 0123456789０１２ABCabc勤奮後發\n"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_alphabet, min_size=0, max_size=60))
def test_idempotent(s):
    once, _ = normalize_text(s)
    twice, edits = normalize_text(once)
    assert twice == once
    assert edits == []


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_alphabet, min_size=0, max_size=60))
def test_edits_replay_exactly(s):
    text, edits = normalize_text(s)
    assert apply_edits(s, edits) == text


def test_a_phrase_written_more_than_one_way_proves_only_what_the_page_prints_more():
    n = Normalizer()
    # 不准 (not allowed) is right in traditional too: OpenCC's table writes 不准 as 不準 or 不准
    src = "政府規定市民不准在公園燒烤。"
    assert n.normalize(src, Config(), script="traditional") == (src, [])
    # 先后 is 先後 or 先后 (a former queen): a page that prints 後 more than 后 gets 先後 back
    text, edits = n.normalize("他先后到過北京和上海，之後回到香港，後來定居。", Config(), script="traditional")
    assert text.startswith("他先後到過") and len(edits) == 1
    # ... one that does not, keeps what it prints
    src = "太后與皇后先后到場。"
    assert n.normalize(src, Config(), script="traditional") == (src, [])
