"""Chinese numerals (六十二, 一百一十五, 二〇二一) to integers, for article numbers and dates."""

from __future__ import annotations

import re

__all__ = ["parse_int"]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"^第?\s*([0-9０-９]+|[零〇○一二两三四五六七八九十百千]+)\s*[条款项]?$")


def _chinese(text: str) -> int:
    if all(ch in _DIGITS for ch in text):  # 二〇二一: digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]  # 十二 = 12: a unit with no digit before it counts once
            current = 0
        else:
            raise ValueError(text)
    return total + current


def parse_int(text: str) -> int:
    """An integer written in Arabic or Chinese numerals, optionally as 第N条/款/项.

    >>> parse_int("62"), parse_int("第六十二条"), parse_int("一百一十五"), parse_int("十"), parse_int("２１")
    (62, 62, 115, 10, 21)
    """
    match = _ARTICLE.match(text.strip())
    if not match:
        raise ValueError(f"not a number: {text!r}")
    body = match.group(1)
    if body[0].isdigit():
        return int(body.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return _chinese(body)
