"""What a load read from each document: the per-file summary a user sees after ``dutygraph load``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dutygraph.i18n import tr
from dutygraph.loaders.records import RawRecord
from dutygraph.schema import counted

__all__ = ["FileReport"]


@dataclass
class FileReport:
    """One file of a load: its kind, what it yielded, and what could not be placed (with lines).

    ``notes`` are not errors: a text that ends early, a line that is neither duty nor unit nor staffing,
    an assumption taken (a date the text does not state). Errors stop the load; notes are printed.
    """

    path: str
    kind: str
    title: str = ""
    records: list[RawRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, line: int | None, text: str) -> None:
        self.notes.append(tr("line {number}: {text}", number=line, text=text) if line is not None else text)

    def counts(self) -> Counter[str]:
        return Counter(r.kind for r in self.records)

    def summary(self) -> str:
        """``kind 《title》: 7 Duty, 1 FunctionChange …`` in the order records were read."""
        counts = self.counts()
        parts = counted(counts.items())
        title = f" 《{self.title}》" if self.title else ""
        return tr("{kind}{title}: {parts}", kind=self.kind, title=title, parts=parts or tr("nothing"))
