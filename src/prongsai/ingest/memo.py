"""The cover memo (บันทึกข้อความ): its fields, body, signatures and the opinions below it.

`read_memo` takes the paragraphs after the "บันทึกข้อความ" heading and returns the memo and how many paragraphs it
used; the caller leaves those out of the introduction.
"""

from __future__ import annotations

import re

from prongsai.core.errors import TimeframeError
from prongsai.core.model import Memo, Opinion, Signature
from prongsai.core.timeframe import parse_timeframe
from prongsai.ingest.blocks import Paragraph
from prongsai.ingest.cleaning import clean_text

# What ends a memo's last signature: a report title says these, a position (นักวิเคราะห์นโยบายและแผน) does not.
MEMO_END_WORDS = ("มาตรการ", "รายงาน", "การดำเนินการตาม", "ประจำปีงบประมาณ")
_NAME_LINE = re.compile(r"^\(\s*([^()]{3,80}?)\s*\)$")


def lines(paragraph: Paragraph) -> list[str]:
    return [line for raw in paragraph.text.split("\n") if (line := clean_text(raw))]


def joined(paragraph: Paragraph) -> str:
    return " ".join(lines(paragraph))


_MEMO_FIELDS = [
    ("office", "ส่วนราชการ"),
    ("ref", "ที่"),
    ("date_text", "วันที่"),
    ("subject", "เรื่อง"),
    ("to", "เรียน"),
]


def read_memo(paragraphs: list[Paragraph]) -> tuple[Memo, int]:
    """Read a memo starting after its "บันทึกข้อความ" heading; returns it and how many paragraphs it used."""
    memo = Memo()
    used = 0
    stage = "fields"
    body: list[str] = []
    pending_name: str | None = None
    positions: list[str] = []
    opinion: Opinion | None = None
    opinion_text: list[str] = []

    def close_signer() -> None:
        nonlocal pending_name, opinion
        if pending_name is None:
            return
        position = " ".join(positions) or None
        if opinion is not None:
            opinion.name, opinion.position = pending_name, position
            opinion.text = "\n".join(opinion_text) or None
            memo.opinions.append(opinion)
            opinion = None
            opinion_text.clear()
        else:
            memo.signatures.append(Signature(pending_name, position or ""))
        pending_name = None
        positions.clear()

    for paragraph in paragraphs:
        text = joined(paragraph)
        if not text:
            used += 1
            continue
        if stage == "fields":
            matched = False
            for attribute, label in _MEMO_FIELDS:
                if text.startswith(label) and getattr(memo, attribute) is None:
                    setattr(memo, attribute, text[len(label) :].strip() or None)
                    matched = True
                    if attribute == "to":
                        stage = "body"
                    break
            if not matched:
                break
            used += 1
            continue
        name = _NAME_LINE.match(text)
        if name and "ลงชื่อ" in name.group(1):
            used += 1
            continue
        if text.startswith("(ลงชื่อ)"):
            text = text.removeprefix("(ลงชื่อ)").strip()
            name = _NAME_LINE.match(text)
        if name:
            close_signer()
            pending_name = name.group(1).strip()
            stage = "signer"
        elif text.startswith("ความเห็น"):
            close_signer()
            opinion = Opinion(role=re.sub(r"^ความเห็นของ\s*", "", text), position=None, name=None, text=None)
            stage = "opinion"
        elif stage == "body":
            body.append(text)
        elif stage == "opinion":
            opinion_text.append(text.lstrip("-• ").strip())
        elif stage == "signer":
            if any(word in text for word in MEMO_END_WORDS) or len(text) > 90 or len(positions) >= 3:
                break
            positions.extend(lines(paragraph))
        used += 1
    close_signer()
    memo.body = "\n".join(body) or None
    if memo.date_text:
        try:
            memo.date = parse_timeframe(memo.date_text).start
        except TimeframeError:
            memo.date = None
    return memo, used
