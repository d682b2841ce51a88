"""The bigram tokens of search.py (a pure module): what is indexed and what a query asks for."""

from __future__ import annotations

import pytest

from sanxiang.portal.search import Term, like_patterns, query_terms, search_text_for, tokens, tsquery


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("消毒", ["消毒"]),
        ("未对公共用品消毒", ["未对", "对公", "公共", "共用", "用品", "品消", "消毒"]),
        ("诊", ["诊"]),
        ("某卫公罚〔２０２６〕1号", ["某卫", "卫公", "公罚", "2026", "1", "号"]),
        ("ABC诊所，消毒。", ["abc", "诊所", "消毒"]),
        ("", []),
    ],
)
def test_tokens_are_bigrams_of_han_runs_and_whole_latin_digit_words(value, expected):
    assert tokens(value) == expected


def test_search_text_holds_each_token_once_and_no_bigram_across_fields():
    text = search_text_for(
        number="A1", party_name="诊所", violation_type="消毒", penalty_content="诊所", text=""
    )
    assert text.split(" ") == ["a1", "诊所", "消毒"]
    assert "所消" not in text


def test_a_two_character_query_is_one_exact_term():
    assert query_terms("消毒") == [Term("消毒")]


def test_a_longer_query_needs_all_its_bigrams_and_a_lone_character_is_a_prefix():
    assert query_terms("消毒剂") == [Term("消毒"), Term("毒剂")]
    assert query_terms("消") == [Term("消", prefix=True)]
    assert query_terms("2026 诊所") == [Term("2026"), Term("诊所")]
    assert query_terms("1号") == [Term("1"), Term("号")]
    assert query_terms("，。！") == []


def test_the_number_filter_leaves_out_an_unfinished_trailing_number():
    assert query_terms("〔2026〕12", partial_tail=True) == [Term("2026")]
    assert query_terms("公罚〔2026〕12号", partial_tail=True) == [
        Term("公罚"),
        Term("2026"),
        Term("12"),
        Term("号"),
    ]
    assert query_terms("12", partial_tail=True) == []


def test_database_queries_quote_terms():
    terms = [Term("消毒"), Term("消", prefix=True)]
    assert tsquery(terms) == "'消毒' & '消':*"
    assert like_patterns(terms) == ["% 消毒 %", "% 消%"]
