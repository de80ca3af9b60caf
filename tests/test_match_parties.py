"""Party aliases: whatever the contract calls the firm and the vendor, patterns see 甲方/乙方
(customer/supplier), and evidence still quotes the contract's own words."""

from __future__ import annotations

from clausecheck.match.parties import find_aliases, rewrite
from clausecheck.normalize import normalize


def canonical(src: str) -> str:
    norm = normalize(src)
    return rewrite(norm, find_aliases(norm.text)).text


def test_vendor_paper_calls_the_vendor_本公司_and_the_firm_客戶():
    src = ("凌雲資訊股份有限公司（以下簡稱「本公司」）提供本服務予客戶。客戶名稱：宏遠期貨股份有限公司\n"
           "本公司得隨時調整服務內容。本公司應通知客戶。本公司保留權利。")
    out = canonical(src)
    assert "乙方得隨時調整服務內容" in out and "乙方應通知甲方" in out


def test_simplified_definitions_in_curly_quotes():
    src = "上海云启数智科技有限公司（以下简称“服务商”）与宏瑞期货顾问股份有限公司（以下简称“用户”）。服务商应于24小时内通知用户。"
    assert canonical(src).endswith("乙方應於24小時內通知甲方。")


def test_english_pronouns_defined_as_parties():
    src = ('This Agreement is between Nimbus Cloud Inc. ("Provider", "we", "us" or "our") and Alpha Futures '
           'Co., Ltd. ("Customer" or "you"). We will notify you of any Security Incident. Our bus service is '
           'not part of it.')
    out = canonical(src)
    assert "supplier will notify customer of any security incident" in out
    assert "supplier bus service" in out  # "bus" is not "us"


def test_undefined_pronouns_stay():
    out = canonical("The Supplier and the Customer agree. We note that you may terminate.")
    assert "we note that you may terminate" in out


def test_offsets_still_point_at_the_contract_words():
    src = "凌雲資訊股份有限公司（以下簡稱「本公司」）與客戶約定。客戶名稱：宏遠期貨股份有限公司\n本公司應通知客戶。本公司保留權利。本公司另行公告。"
    norm = normalize(src)
    out = rewrite(norm, find_aliases(norm.text))
    i = out.text.index("乙方應通知")
    a, b = out.span_to_original(i, i + 2)
    assert src[a:b] == "本公司"


def test_a_party_word_with_its_role_beside_it():
    src = ("用户（甲方）：宏瑞期货顾问股份有限公司\n服务商（乙方）：上海云启数智科技有限公司\n"
           "服务商应于24小时内通知用户。服务商向用户提供云服务。")
    out = canonical(src)
    assert "乙方應於24小時內通知甲方" in out and "乙方向甲方提供" in out
