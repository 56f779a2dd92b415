"""Chinese numerals (六十二, 一百一十五, 二〇二一) to integers, for article numbers and dates."""

from __future__ import annotations

import re

__all__ = ["article_anchor", "chinese_numeral", "parse_int"]

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


_NAMES = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """``n`` (0 ≤ n < 10000) in Chinese numerals, as laws number their articles.

    >>> [chinese_numeral(n) for n in (4, 10, 12, 40, 101, 110, 115, 1003)]
    ['四', '十', '十二', '四十', '一百零一', '一百一十', '一百一十五', '一千零三']
    """
    if not 0 <= n < 10000:
        raise ValueError(f"{n} is out of range")
    if n < 10:
        return _NAMES[n]
    if n < 20:
        return "十" + (_NAMES[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // value) % 10
        if digit:
            if zero and out:
                out += "零"
            out += _NAMES[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def article_anchor(number: int) -> str:
    """The anchor of an article as laws write it.

    >>> article_anchor(62)
    '第六十二条'
    """
    return f"第{chinese_numeral(number)}条"
