"""Words the reports use, in Traditional Chinese (default) and English."""

from __future__ import annotations

STATUS = {
    "zh": {
        "present": "符合",
        "weak": "不完整",
        "missing": "缺漏",
        "conflict": "牴觸",
        "not_applicable": "不適用",
    },
    "en": {
        "present": "present",
        "weak": "weak",
        "missing": "missing",
        "conflict": "conflict",
        "not_applicable": "not applicable",
    },
}
SYMBOL = {"present": "✔", "weak": "◐", "missing": "✘", "conflict": "⚠", "not_applicable": "·"}
COLOR = {"present": "green", "weak": "yellow", "missing": "red", "conflict": "magenta", "not_applicable": "bright_black"}
STRENGTH = {"zh": {"must": "應", "should": "宜"}, "en": {"must": "must", "should": "should"}}
ARTICLE = {
    "zh": {"4": "第四條 合約內容", "5": "第五條 存取權限", "7": "第七條 服務審核與稽核", "8": "第八條 終止與結束"},
    "en": {"4": "Article 4 Contract terms", "5": "Article 5 Access rights", "7": "Article 7 Review and audit", "8": "Article 8 Ending the relationship"},
}
TEXT = {
    "zh": {
        "document": "文件",
        "profile": "適用對象",
        "scope": "委外範圍",
        "evidence": "依據",
        "missing_elements": "欠缺要素",
        "suggestion": "建議條文",
        "conflict": "牴觸文字",
        "summary": "總結",
        "not_checked": "未檢查",
        "status": "狀態",
        "warnings": "注意",
        "firm_type": {"fcm": "期貨商", "leverage_dealer": "槓桿交易商", "futures_service": "期貨服務事業"},
        "tier": "第{tier}類",
        "foreign": "外國期貨商",
        "inferred": "推定",
        "set": "指定",
        "citation": "條文",
        "discarded": "排除",
        # where evidence is, and the report's own furniture
        "title": "資訊委外合約檢核報告",
        "page": "第{n}頁",
        "para": "第{n}段",
        "line": "第{n}行",
        "cell": "表{t}第{r}列第{c}欄",
        "part": {"header": "頁首", "footer": "頁尾", "textbox": "文字方塊", "footnote": "註腳"},
        "confidence": "信心",
        "reason": "說明",
        "redacted": "（已遮蔽引文）",
        "library": "規則庫",
        "tool": "工具",
        "na_list": "不適用之要求",
        "overview": "檢核結果一覽",
        "requirement": "要求",
        "strength": "強度",
        "count": "件數",
        "generated": "產生時間",
        "ocr": "OCR 辨識文字，請核對原件",
        "elements_found": "已具備要素",
        "none": "無",
        "article_other": "其他",
        # the HTML report's page
        "tiers": "第一類與第二類期貨商對照", "tier1": "第一類期貨商",
        "tier2": "第二類期貨商", "changes": "改列第二類期貨商時有 {n} 項要求之結果不同。",
        "no_changes": "改列第二類期貨商時，各項要求之結果均相同。",
        "only_changes": "只顯示差異", "tiers_na": "期貨商分類僅適用於期貨商，本報告之適用對象無對照表。",
        "findings": "檢核結果", "all": "全部",
        "showing": "顯示 {n} / {total} 項", "copy": "複製", "copied": "已複製",
        "no_evidence": "合約中未見相關文字。",
        "discarded_lookalikes": "排除之相似文字", "elements": "要素", "optional": "選擇性",
        "scope_evidence": "推定依據", "document_not_checked": "本文件未能檢核",
    },
    "en": {
        "document": "Document",
        "profile": "Profile",
        "scope": "Scope",
        "evidence": "Evidence",
        "missing_elements": "Missing elements",
        "suggestion": "Suggested clause",
        "conflict": "Contrary text",
        "summary": "Summary",
        "not_checked": "Not checked",
        "status": "Status",
        "warnings": "Warnings",
        "firm_type": {"fcm": "futures commission merchant", "leverage_dealer": "leverage dealer", "futures_service": "futures service enterprise"},
        "tier": "tier {tier}",
        "foreign": "foreign group",
        "inferred": "inferred",
        "set": "set",
        "citation": "Rule",
        "discarded": "Discarded",
        "title": "IT-outsourcing contract review",
        "page": "p. {n}",
        "para": "para. {n}",
        "line": "line {n}",
        "cell": "table {t}, row {r}, col {c}",
        "part": {"header": "header", "footer": "footer", "textbox": "text box", "footnote": "footnote"},
        "confidence": "confidence",
        "reason": "Note",
        "redacted": "(quote redacted)",
        "library": "Library",
        "tool": "Tool",
        "na_list": "Requirements that do not apply",
        "overview": "Overview",
        "requirement": "Requirement",
        "strength": "Strength",
        "count": "Count",
        "generated": "Generated",
        "ocr": "OCR text, compare with the original",
        "elements_found": "Elements found",
        "none": "none",
        "article_other": "Other",
        "tiers": "Tier 1 and tier 2 futures commission merchants",
        "tier1": "Tier 1 FCM", "tier2": "Tier 2 FCM",
        "changes": "{n} requirement(s) come out differently for a tier-2 firm.",
        "no_changes": "Every requirement comes out the same for a tier-2 firm.",
        "only_changes": "Only differences", "tiers_na": "Tiers apply only to futures commission merchants; no matrix for this profile.",
        "findings": "Findings", "all": "All",
        "showing": "Showing {n} of {total}", "copy": "Copy", "copied": "Copied",
        "no_evidence": "Nothing on this in the contract.",
        "discarded_lookalikes": "Look-alikes discarded", "elements": "Elements", "optional": "optional",
        "scope_evidence": "inferred from", "document_not_checked": "This document was not checked",
    },
}
SCOPE = {
    "zh": {
        "over_one_year": "一年期以上",
        "development": "系統開發維護監控",
        "cloud": "雲端服務",
        "core_system": "核心系統",
        "trading_host": "交易主機",
        "internet_facing": "網際網路程式",
    },
    "en": {
        "over_one_year": "one year or longer",
        "development": "development / maintenance",
        "cloud": "cloud services",
        "core_system": "core system",
        "trading_host": "trading hosts",
        "internet_facing": "Internet-facing programs",
    },
}


def t(lang: str, key: str) -> str:
    """A word of the reports' furniture in ``lang`` (zh | en)."""
    return TEXT[lang][key]  # type: ignore[return-value]


def citation_label(citation: str, lang: str) -> str:
    """4.1.5.7 → 第四條第一項第(五)款第7目 (zh) or Art. 4.1.5.7 (en)."""
    if lang != "zh":
        return f"Art. {citation}"
    cn = "零一二三四五六七八九十"
    parts = citation.split(".")
    out = f"第{cn[int(parts[0])]}條"
    if len(parts) > 1 and parts[1] != "0":
        out += f"第{cn[int(parts[1])]}項" if parts[0] != "8" else f"第{cn[int(parts[1])]}款"
    if len(parts) > 2:
        out += f"第({cn[int(parts[2])]})款"
    if len(parts) > 3:
        out += f"第{parts[3]}目"
    return out
