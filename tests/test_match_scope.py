"""Scope inference (--scope auto): what sets a flag, what does not, and the stated term."""

from __future__ import annotations

import pytest

from clausecheck.check import check
from clausecheck.profile import Profile

HEAD = "# 服務合約書\n立合約書人：甲期貨股份有限公司（以下簡稱甲方）、乙資訊股份有限公司（以下簡稱乙方）\n"


def scope_of(md, body: str) -> dict[str, bool]:
    return check(md(HEAD + body), Profile()).scope_values


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        ("本服務不包含任何客製化開發、系統整合或客戶端系統之維護。\n", "development"),
        ("本服務不提供下單功能，亦不連接期貨交易所或甲方之交易主機。\n", "trading_host"),
        ("The Services do not include the provision of any cloud computing service.\n", "cloud"),
        ("No Customer Data shall be stored in any public cloud environment.\n", "cloud"),
    ],
)
def test_a_negated_mention_sets_nothing(md, body, flag):
    assert scope_of(md, body)[flag] is False


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        ("乙方負責甲方系統之維護。\n", "development"),
        ("乙方應將甲方交易主機置於其機房。\n", "trading_host"),
        ("Supplier shall host the platform on a public cloud platform.\n", "cloud"),
        ("用户拟使用服务商提供的公有云服务部署其会员网站。\n", "cloud"),  # 公有云 stays 云 after OpenCC
        ('"Client API Endpoint" means the component of the Gateway which is exposed to the Internet.\n',
         "internet_facing"),
    ],
)
def test_a_plain_mention_sets_the_flag(md, body, flag):
    assert scope_of(md, body)[flag] is True


def test_a_sub_period_in_the_term_sentence_does_not_shorten_the_term(md):
    body = ("一、本契約期間自民國114年3月1日起至民國116年2月28日止，其中系統開發期間自簽約日起至"
            "民國114年8月31日止，其餘期間為維運期間。\n")
    assert scope_of(md, body)["over_one_year"] is True


def test_dates_around_a_contract_number_are_not_a_term(md):
    body = ("緣雙方前於民國112年6月20日簽訂「主機代管服務合約」（合約編號：AB-IDC-1120615），"
            "並於民國113年5月2日簽訂第一次增補協議書。\n")
    result = check(md(HEAD + body), Profile())
    assert not any("days" in e for e in result.scope["over_one_year"].evidence)


def test_a_year_of_maintenance_after_acceptance_is_over_one_year(md):
    body = "| 項次 | 項目 | 期間 |\n|---|---|---|\n| 五 | 保固及維運 | 驗收合格次日起一年 |\n"
    assert scope_of(md, body)["over_one_year"] is True


def test_a_warranty_alone_is_not_the_term(md):
    body = "乙方自驗收合格次日起提供三年之免費保固。\n"
    assert scope_of(md, body)["over_one_year"] is False


def test_external_network_lines_are_not_an_internet_program(md):
    body = "乙方負責對外網路專線二路及機房內部網路交換設備之維運。\n"
    assert scope_of(md, body)["internet_facing"] is False
