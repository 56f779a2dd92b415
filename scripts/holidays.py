"""Write ``ontology/holidays.csv`` (法定节假日 and 调休 working days) from the ``chinese-calendar`` package.

The calendar the State Council's General Office publishes each year (国务院办公厅关于部分节假日安排的通知) is
shipped as data; this script refreshes it from a maintained transcription of those notices. Run it after
``pip install chinese-calendar`` when a new year's notice is out, and check the new rows against the notice.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
FIRST_YEAR = 2010


def main() -> int:
    import chinese_calendar

    target = Path(__file__).resolve().parent.parent / "ontology" / "holidays.csv"
    rows = [
        (day.isoformat(), "holiday", NAMES.get(name, name))
        for day, name in chinese_calendar.holidays.items()
        if day.year >= FIRST_YEAR
    ]
    rows += [
        (day.isoformat(), "workday", NAMES.get(name, name) + "调休")
        for day, name in chinese_calendar.workdays.items()
        if day.year >= FIRST_YEAR and day.weekday() >= 5
    ]
    last = max(day for day in chinese_calendar.holidays).year
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write("# source: 国务院办公厅关于部分节假日安排的通知 (每年), transcribed by chinese-calendar\n")
        out.write(f"# covers: {FIRST_YEAR}-01-01 to {last}-12-31; weekends are rest days unless listed as workday\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "kind", "name"])
        writer.writerows(sorted(rows))
    print(f"{target}: {len(rows)} days, {FIRST_YEAR}–{last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
