"""Deciding a status: a section heading names the topic, unless the section is all look-alike."""

from __future__ import annotations

from clausecheck.check import check
from clausecheck.profile import Profile, parse_scope

HEAD = "# 系統維護合約書\n立合約書人：甲期貨股份有限公司（以下簡稱甲方）、乙資訊股份有限公司（以下簡稱乙方）\n"


def status(md, body: str, rid: str) -> str:
    return check(md(HEAD + body), Profile(scope=parse_scope("none"))).finding(rid).status


def test_a_heading_alone_shows_the_topic(md):
    body = "## 第十三條　權利義務之轉讓\n本條之約定另以附件定之。\n"
    assert status(md, body, "assignment_subcontracting") == "weak"


def test_a_section_of_look_alikes_does_not_make_its_heading_a_topic(md):
    body = "## 第十三條　權利義務之轉讓\n甲方非經乙方事前書面同意，不得將本合約之權利義務轉讓予第三人。\n"
    assert status(md, body, "assignment_subcontracting") == "missing"


def test_the_vendors_own_clause_under_the_same_heading_counts(md):
    body = ("## 第十三條　權利義務之轉讓\n甲方非經乙方事前書面同意，不得將本合約之權利義務轉讓予第三人。\n"
            "乙方非經甲方事前書面同意，不得將本合約之全部或一部轉讓或分包予第三人。\n")
    assert status(md, body, "assignment_subcontracting") == "present"
