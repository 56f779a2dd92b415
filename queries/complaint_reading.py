"""Reading a complaint's own words (投诉内容理解): which subjects and which kinds of action it is about.

A complaint is written by a citizen, not a drafter: "城郊一处小煤窑夜间违规开采，多次反映无人处理". It is read
with the taxonomy that reads duties (the subjects' and actions' SKOS labels, longest and most specific first)
and with ``ontology/complaint_words.csv``, the words people use instead: everyday words for a subject (小煤窑 →
煤矿), verbs that stand for the activity a subject's label ends in, so that words apart still name it
(销售…食品 → 食品经营), words of wrongdoing and the actions that answer them (违规开采 → 监督管理, 行政处罚), and
words that contain a label without meaning it (街道 is no 道路). Every match keeps the words it matched on.
What matched nothing but stands like a thing complained of (路灯) is kept as *unmatched*; nothing is guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

from dutygraph.loaders.concepts import store_concepts
from dutygraph.loaders.text import to_simplified
from dutygraph.loaders.understanding import Concept, LabelMatcher, broader_closure, unique_labels
from dutygraph.stores.base import GraphReader

__all__ = ["ComplaintReader", "ComplaintReading", "Lexicon", "Match", "complaint_reader"]

_CLAUSE_BREAK = r"[，,。；;！!？?\n]"
_GAP = 8
"""How many characters may stand between an activity's verb and the subject it acts on (销售过期变质的食品)."""
_THING = re.compile(
    r"[\u4e00-\u9fff]{0,4}?(?:灯|厂|店|场|站|窑|库|房|桥|井|池|坑|管道|设施|企业|公司|作坊|工地|市场|垃圾|噪音|噪声|污水)+"
)
_SPLIT = re.compile(r"[^\u4e00-\u9fff]+|的|了|在|有|被|把|将|给|对|向|和|与|及|里|上|下|旁|边|坏|没|无|不|很")


@dataclass(frozen=True)
class Match:
    """One concept a complaint names: its id and label, the words it was found by, and how.

    ``how`` is ``label`` (a taxonomy label), ``everyday`` (an everyday word of the lexicon), ``activity``
    (a verb and the subject's head apart: 销售…食品) or ``wrongdoing`` (a word of wrongdoing, for actions).
    """

    id: str
    label: str
    words: str
    how: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "words": self.words, "how": self.how}


@dataclass
class ComplaintReading:
    """What a complaint was read to be about: subjects most specific first, actions, and what matched nothing."""

    text: str
    subjects: list[Match] = field(default_factory=list)
    actions: list[Match] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        return bool(self.subjects)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subjects": [m.to_dict() for m in self.subjects],
            "actions": [m.to_dict() for m in self.actions],
            "unmatched": list(self.unmatched),
        }


@dataclass(frozen=True)
class Lexicon:
    """Complaint words: everyday subject words, activity verbs, wrongdoing words, and words to ignore."""

    subjects: dict[str, str]
    activities: dict[str, tuple[str, ...]]
    wrongdoing: dict[str, tuple[str, ...]]
    ignore: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Lexicon:
        subjects: dict[str, str] = {}
        activities: dict[str, tuple[str, ...]] = {}
        wrongdoing: dict[str, tuple[str, ...]] = {}
        ignore: list[str] = []
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        for row in csv.DictReader(io.StringIO("\n".join(lines))):
            words = [w for w in (row.get("words") or "").split(";") if w]
            means = tuple(m for m in (row.get("means") or "").split(";") if m)
            kind = row.get("kind")
            for word in words:
                if kind == "subject" and means:
                    subjects[word] = means[0]
                elif kind == "action":
                    wrongdoing[word] = means
                elif kind == "ignore":
                    ignore.append(word)
            if kind == "activity" and means:
                activities[means[0]] = tuple(words)
        return cls(subjects, activities, wrongdoing, tuple(ignore))

    @classmethod
    def shipped(cls) -> Lexicon:
        """The lexicon that ships with dutygraph (``ontology/complaint_words.csv``)."""
        return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> Lexicon:
    return Lexicon.parse(files("dutygraph.ontology").joinpath("complaint_words.csv").read_text(encoding="utf-8"))


class ComplaintReader:
    """Reads complaints against a subject taxonomy, an action lexicon and the complaint words.

    >>> reader = ComplaintReader(
    ...     [Concept("food", ("食品",)), Concept("food_business", ("食品经营",), ("food",)),
    ...      Concept("coal", ("煤矿",))],
    ...     [Concept("penalty", ("行政处罚",)), Concept("supervision", ("监督管理",))],
    ...     Lexicon({"小煤窑": "coal"}, {"经营": ("销售",)}, {"违规开采": ("supervision", "penalty")}, ()),
    ... )
    >>> found = reader.read("超市销售过期食品")
    >>> [(m.id, m.words, m.how) for m in found.subjects]
    [('food_business', '销售…食品', 'activity')]
    >>> reading = reader.read("一处小煤窑夜间违规开采")
    >>> [m.id for m in reading.subjects], [m.id for m in reading.actions]
    (['coal'], ['supervision', 'penalty'])
    """

    def __init__(self, subjects: Sequence[Concept], actions: Sequence[Concept], lexicon: Lexicon) -> None:
        self._labels = {c.id: (c.labels[0] if c.labels else c.id) for c in (*subjects, *actions)}
        self._broader = {c.id: c.broader for c in subjects}
        taxonomy = unique_labels(subjects)
        known = set(self._labels)
        everyday = {w: c for w, c in lexicon.subjects.items() if c in known and w not in taxonomy}
        self._how = {w: "everyday" for w in everyday}
        self._subjects = LabelMatcher({**everyday, **taxonomy})
        self._actions = LabelMatcher(unique_labels(actions))
        self._wrongdoing = LabelMatcher(
            {w: ";".join(a for a in acts if a in known) for w, acts in lexicon.wrongdoing.items()}
        )
        self._ignore = lexicon.ignore
        self._compounds = self._activity_patterns(subjects, lexicon)
        self._words = set(taxonomy) | set(everyday)

    def _activity_patterns(self, subjects: Sequence[Concept], lexicon: Lexicon) -> list[tuple[re.Pattern[str], str]]:
        """For each label *head + activity* (食品经营), a pattern of the activity's verbs before the head."""
        patterns: list[tuple[re.Pattern[str], str]] = []
        for concept in subjects:
            for label in concept.labels:
                for activity, verbs in lexicon.activities.items():
                    head = label.removesuffix(activity)
                    if head != label and len(head) >= 2:
                        verb = "|".join(sorted(map(re.escape, {activity, *verbs}), key=len, reverse=True))
                        gap = f"(?:(?!{_CLAUSE_BREAK}).){{0,{_GAP}}}?"
                        pattern = f"(?P<verb>{verb})(?P<gap>{gap})(?P<head>{re.escape(head)})"
                        patterns.append((re.compile(pattern), concept.id))
        return patterns

    def ancestors(self, subject: str) -> set[str]:
        """Every subject broader than ``subject``, transitively."""
        return broader_closure(self._broader, subject)

    def read(self, text: str) -> ComplaintReading:
        """The subjects (most specific first), the actions and the unmatched things of one complaint."""
        plain = to_simplified(text)
        masked = plain
        for word in self._ignore:
            masked = masked.replace(word, "　" * len(word))
        spans: list[tuple[int, int, str, str, str]] = []  # start, end, concept, how, words
        for start, end, concept in self._subjects.find(masked):
            spans.append((start, end, concept, self._how.get(plain[start:end], "label"), plain[start:end]))
        for pattern, concept in self._compounds:
            for found in pattern.finditer(masked):
                words = found["verb"] + ("…" if found["gap"] else "") + found["head"]
                spans.append((found.start(), found.end(), concept, "activity", words))
        subjects = self._most_specific(spans)
        actions = self._read_actions(masked, plain)
        reading = ComplaintReading(text=text, subjects=subjects, actions=actions)
        covered = [(span[0], span[1]) for span in spans]
        reading.unmatched = self._unmatched(masked, covered)
        return reading

    def _most_specific(self, spans: list[tuple[int, int, str, str, str]]) -> list[Match]:
        """Subjects whose words no more specific match covers, and no narrower match names: 销售…食品 is
        食品经营, not also 食品; "石膏矿" and "矿山" together mean the 石膏矿."""
        chosen: dict[str, Match] = {}
        ids = {span[2] for span in spans}
        for start, end, concept, how, words in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
            inside = any(
                s <= start and end <= e and (s, e) != (start, end) and concept in self.ancestors(c)
                for s, e, c, _, _ in spans
            )
            if inside or any(concept in self.ancestors(other) for other in ids if other != concept):
                continue
            if concept not in chosen:
                chosen[concept] = Match(concept, self._labels.get(concept, concept), words, how)
        return list(chosen.values())

    def _read_actions(self, masked: str, plain: str) -> list[Match]:
        found: dict[str, Match] = {}
        for start, end, joined in sorted(self._wrongdoing.find(masked)):
            for action in joined.split(";"):
                if action and action not in found:
                    found[action] = Match(action, self._labels.get(action, action), plain[start:end], "wrongdoing")
        for start, end, action in self._actions.find(masked):
            if action not in found:
                found[action] = Match(action, self._labels.get(action, action), plain[start:end], "label")
        return list(found.values())

    def _unmatched(self, text: str, covered: list[tuple[int, int]]) -> list[str]:
        """Things complained of that no label covers: 路灯, 垃圾站 — for ``subjects --unmatched``."""
        found: list[str] = []
        position = 0
        for piece in _SPLIT.split(text):
            at = text.find(piece, position) if piece else -1
            if at < 0:
                continue
            position = at + len(piece)
            for thing in _THING.finditer(piece):
                start, end = at + thing.start(), at + thing.end()
                phrase = thing.group()
                if len(phrase) < 2 or any(s < end and start < e for s, e in covered) or phrase in self._words:
                    continue
                if phrase not in found:
                    found.append(phrase)
        return found


def complaint_reader(g: GraphReader, lexicon: Lexicon | None = None) -> ComplaintReader:
    """A reader of complaints against the subjects and actions stored in ``g`` and the shipped lexicon."""
    return ComplaintReader(
        store_concepts(g, "Subject"), store_concepts(g, "Action"), lexicon if lexicon is not None else Lexicon.shipped()
    )
