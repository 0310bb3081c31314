"""The seed page: the project's first promise (issue 2)."""
from __future__ import annotations

import pytest

import pagefix
from conftest import load_gold


@pytest.fixture(scope="module")
def seed():
    text, gold = load_gold("page-000")
    return text, gold, pagefix.repair(text)


def _article_with(result, needle):
    for a in result.articles:
        if any(needle in p for p in a.paragraphs):
            return a
    raise AssertionError(f"no article holds {needle!r}")


def test_repairs_on_the_seed(seed):
    text, gold, r = seed
    body = "".join(p for a in r.articles for p in a.paragraphs)
    assert "勤奋工作" in body and "勤奮" not in body
    assert "养老服务公司专门成立服务团队" in body
    assert "更高要求" in body
    assert any(e.rule == "script" and e.before == "奮" for e in r.edits)


def test_seed_flags_garbled_doubles_and_leaves_them(seed):
    text, gold, r = seed
    flagged = {text[w.start:w.end + 2] for w in r.warnings if w.code == "doubled-char"}
    assert any(s.startswith("快快") for s in flagged)
    assert any(s.startswith("链链落") for s in flagged)
    body = "".join(p for a in r.articles for p in a.paragraphs)
    assert "加快快平" in body and "新技术链链落地" in body


def test_seed_heads(seed):
    text, gold, r = seed
    a = _article_with(r, "祝潇颖因身体原因从腾讯辞职")
    assert a.title == "离开大厂的年轻人都去哪了？"
    assert a.column == "今日聚焦"
    assert a.kicker and a.kicker.startswith("她采访了四十多位")
    c = _article_with(r, "山东省2025年度")
    assert c.column == "一周经济评论"
    assert c.byline == "□ 付玉婷"


def test_seed_subhead_of_the_continued_article_is_a_subhead_there(seed):
    """Article B is continued from page one (上接第一版) and has no headline here: the
    unnumbered line 做好“细”“适”“信”文章 is a section heading inside it, and the text of
    article A that the labelling had put with it goes back to A."""
    text, gold, r = seed
    assert all(a.title != "做好“细”“适”“信”文章" for a in r.articles)
    b = _article_with(r, "围绕客流共享")
    assert b.title is None and b.jump == "（上接第一版）"
    assert "做好“细”“适”“信”文章" in b.paragraphs
    assert b.paragraphs.index("做好“细”“适”“信”文章") < next(
        k for k, p in enumerate(b.paragraphs) if p.startswith("在淄博市博山区大辛社区"))
    a = _article_with(r, "祝潇颖因身体原因从腾讯辞职")
    assert _article_with(r, "有人则要接受消费降级") is a


def test_seed_paragraph_of_new_words_stays_in_its_long_article(seed):
    """这些持续的正向反馈，是努力工作不竭的动力 brings words article A has not used yet; a long
    article's model must leave room for them rather than hand the paragraph to the short
    Qingdao story, whose model is still close to the corpus's."""
    text, gold, r = seed
    assert _article_with(r, "这些持续的正向反馈") is _article_with(r, "祝潇颖因身体原因从腾讯辞职")


@pytest.mark.xfail(strict=True, reason="one paragraph still goes to the wrong article (在泰山景区 "
                   "to the Tai'an story, whose words it shares)")
def test_seed_articles_exactly_as_annotated(seed):
    text, gold, r = seed
    assert len(r.articles) == 5
    for g in gold["articles"]:
        a = _article_with(r, g["paragraphs"][0][:20])
        assert a.title == g["title"]
        assert list(a.paragraphs) == g["paragraphs"]
    b = _article_with(r, "围绕客流共享")
    assert b.jump == "(上接第一版)"
    c = _article_with(r, "山东省2025年度")
    assert c.title == "链长制优化升级 大中小企业融通"
