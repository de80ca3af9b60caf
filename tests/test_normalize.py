from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.normalize import cn_to_int, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("乙方應於二十四小時內通知甲方", "乙方應於24小時內通知甲方"),
        ("廿四小時", "24小時"),
        ("２４小時 內", "24小時內"),
        ("一百二十日", "120日"),
        ("每年至少一次", "每年至少1次"),
        ("三十個工作天", "30個工作天"),
        ("六個月", "6個月"),
        ("第三人及第一條", "第三人及第一條"),  # ordinals stay
        ("一方、一般、統一", "一方、一般、統一"),
        ("开 票 通 知 单", "開票通知單"),
        ("软件质量与数据加密", "軟體質量與資料加密"),
        ("臺北市", "台北市"),
        ("Within  24 Hours", "within 24 hours"),
        ("甲方（委託人）：", "甲方(委託人):"),
        ("同意︰", "同意:"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二十四", 24), ("廿四", 24), ("三十", 30), ("十", 10), ("十五", 15), ("一百二十", 120), ("一百零一", 101), ("二〇二五", 2025), ("兩", 2)],
)
def test_cn_to_int(numeral, value):
    assert cn_to_int(numeral) == value


def test_offsets_map_back_to_original():
    text = "乙方應於 二十四 小時內通知甲方。Within  24 Hours."
    n = normalize(text)
    i = n.text.index("24小時")
    a, b = n.span_to_original(i, i + len("24小時"))
    assert text[a:b] == "二十四 小時"
    j = n.text.index("hours")
    a, b = n.span_to_original(j, j + 5)
    assert text[a:b] == "Hours"


def test_simplified_phrase_of_other_length_keeps_offsets_in_its_clause():
    text = "甲方，内存不足时应通知乙方。第二句"
    n = normalize(text)
    k = n.text.index("第二句")
    a, b = n.span_to_original(k, k + 3)
    assert text[a:b] == "第二句"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("甲乙方应於二十四小时内廿一百零 ４2aB。，；\n臺内存软件数据第条")), max_size=60))
def test_offsets_always_in_range_and_monotonic(text):
    n = normalize(text)
    assert len(n.index) == len(n.text) + 1
    assert all(0 <= i <= len(text) for i in n.index)
    assert list(n.index[:-1]) == sorted(n.index[:-1])
    for s in range(len(n.text)):
        a, b = n.span_to_original(s, s + 1)
        assert 0 <= a < b <= len(text)


def test_a_traditional_contract_with_some_simplified_words_keeps_its_own_wording():
    """s2twp would turn the Taiwanese 保存 into 儲存; in a mostly Traditional text only the
    clauses with Simplified characters are converted."""
    from clausecheck.normalize import conversion_for

    text = "本公司得將資料保存五年並進行查核，資料存放於上海关联公司之伺服器，並依本合約辦理，乙方應配合辦理。"
    assert conversion_for(text) == "mixed"
    out = normalize(text).text
    assert out.startswith("本公司得將資料保存5年並進行查核,") and "關聯公司" in out


def test_a_simplified_contract_gets_taiwan_phrasing():
    from clausecheck.normalize import conversion_for

    text = "乙方应当在二十四小时内通知甲方数据泄露事件。"
    assert conversion_for(text) == "s2twp"
    assert normalize(text).text == "乙方應當在24小時內通知甲方資料洩露事件。"
    assert conversion_for("乙方應於二十四小時內通知甲方。") is None


def test_first_time_is_an_idiom_not_a_number():
    assert normalize("乙方應於第一時間通知甲方").text == "乙方應於第一時間通知甲方"
    assert normalize("終止後第三十日").text == "終止後第30日"
