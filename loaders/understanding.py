"""Duty understanding (职责文本理解): the regulated subjects and the kinds of action a duty's text carries.

"负责煤矿、石膏矿安全生产监督管理" names the subjects 煤矿 and 石膏矿 and the action 安全生产监督管理. Subjects
and actions are found by their SKOS labels and altLabels (the taxonomy in the store, the shipped one, and
any a user adds), longest match first, with one Aho-Corasick automaton over all labels. Enumerations
(、 和 及 以及 等) need nothing more: each item is its own match. ``除…外`` excludes: "除煤矿外的矿山" is
the narrower subjects of 矿山 other than 煤矿. Phrases in the places subjects stand ("负责…的…工作",
"对…进行", before an action) that match no concept are kept as *unmatched*, so the taxonomy can grow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Concept", "DutyReader", "LabelMatcher", "Reading", "broader_closure", "role_of", "unique_labels"]

_EXCLUSION = re.compile(r"除(?:了)?([^外，,。；;：:]{1,40}?)(?:以|之)?外")
_CLAUSE = re.compile(r"[，,；;。：:！!？?\n]")
_ENUMERATION = re.compile(r"、|以及|及其|及|和|与|或者|或|等")
_FRAME_VERBS = re.compile(
    r"^(?:负责|承担|组织|指导|协调|参与|配合|协助|牵头|依法|统一|综合|统筹|对|开展|实施|履行|会同有关部门|"
    r"拟订|制定|推动|推进|加强|建立|健全|完善|督促|监督|管理|做好|落实|贯彻|执行|全市|全区|全县|全省|编制|起草|"
    r"提出|指挥|并|我市|本市|本区|本县|"
    r"本行政区域内|辖区内|各类|各级|有关|相关|重大|重点|一般|日常)+"
)
_TRAILING = re.compile(r"(?:的|工作|方面|领域|行业|活动|情况|等|并|综合|统一|动态|全市|全区|全县|进行)+$")
_NOT_SUBJECT = re.compile(
    r"^(?:工作|职责|政策|规划|标准|法规|规章|方针|决策部署|制度|体系|机制|能力|建设|任务|事项|意见|建议|措施|"
    r"方案|信息|情况|计划|办法|规定|要求|问题|其他|以上|以下|下同|国家|自治区|省|市|区|县|乡|镇|方向)$|"
    r"(?:委|政府|部门|单位|机关|交办|实施|开展|组织|协调|指导|监督)$|^(?:组织|编制|协调|指导)|"
    r"(?:政策|规划|标准|法规|规章|草案|制度|体系|机制|方针|部署|规范性文件|工作)$"
)


@dataclass(frozen=True)
class Concept:
    """A concept to look for: its id, every label it may be written with, and its broader concepts."""

    id: str
    labels: tuple[str, ...]
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What a duty's text was understood to say.

    ``subjects`` and ``actions`` are concept ids in order of first appearance; ``excluded`` the subjects a
    ``除…外`` took out; ``unmatched`` the phrases that stand where a subject would and match no concept.
    """

    subjects: tuple[str, ...]
    actions: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    """(subject, action) named in one sentence (up to 。 or ；): what the text holds together."""
    qualified: tuple[tuple[str, str], ...] = ()
    """(subject, compound) where the text's term is narrower than the concept it matched: 水上交通突发事件
    matched only to 突发事件 keeps its qualifier 水上交通."""

    def pair_values(self) -> list[str]:
        """The pairs as the ``pairs`` column writes them: ``subject-id action-id``."""
        return [f"{s} {a}" for s, a in self.pairs]


@dataclass
class LabelMatcher:
    """Longest-match-first search for labels, on one Aho-Corasick automaton."""

    labels: Mapping[str, str]  # label → concept id
    automaton: Any = field(init=False)

    def __post_init__(self) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for label, concept in self.labels.items():
            self.automaton.add_word(label, (label, concept))
        if self.labels:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping matches ``(start, end, concept)``: at each place the longest label wins."""
        if not self.labels:
            return []
        found = []
        for end, (label, concept) in self.automaton.iter(text):
            start = end - len(label) + 1
            found.append((start, end + 1, concept))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen: list[tuple[int, int, str]] = []
        for match in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
            if all(match[1] <= c[0] or match[0] >= c[1] for c in chosen):
                chosen.append(match)
        return sorted(chosen)


def broader_closure(broader: Mapping[str, Sequence[str]], subject: str) -> set[str]:
    """Every concept broader than ``subject`` along ``broader`` (concept → its broader concepts), transitively."""
    seen: set[str] = set()
    stack = list(broader.get(subject, ()))
    while stack:
        parent = stack.pop()
        if parent not in seen:
            seen.add(parent)
            stack.extend(broader.get(parent, ()))
    return seen


def unique_labels(concepts: Iterable[Concept]) -> dict[str, str]:
    """Label → concept; a label two concepts share is dropped (it could not tell them apart)."""
    owners: dict[str, set[str]] = {}
    for concept in concepts:
        for label in concept.labels:
            if len(label) >= 2:
                owners.setdefault(label, set()).add(concept.id)
    return {label: next(iter(ids)) for label, ids in owners.items() if len(ids) == 1}


_ACTION_TAILS = ("监督管理", "监督检查", "管理", "监管")


def _with_de(labels: dict[str, str]) -> dict[str, str]:
    """Action labels also as written with 的 before their verb: 安全生产的监督管理 is 安全生产监督管理."""
    found = dict(labels)
    for label, concept in labels.items():
        for tail in _ACTION_TAILS:
            head = label.removesuffix(tail)
            if head != label and len(head) >= 2:
                found.setdefault(f"{head}的{tail}", concept)
                break
    return found


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``, split at 。 and ；."""
    spans, start = [], 0
    for match in re.finditer(r"[。；;]", text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


class DutyReader:
    """Reads duties' texts against a subject taxonomy and an action lexicon (both SKOS schemes)."""

    def __init__(self, subjects: Sequence[Concept], actions: Sequence[Concept]) -> None:
        self._subjects = LabelMatcher(unique_labels(subjects))
        self._actions = LabelMatcher(_with_de(unique_labels(actions)))
        self._broader = {c.id: c.broader for c in subjects}
        self._narrower: dict[str, list[str]] = {}
        for concept in subjects:
            for parent in concept.broader:
                self._narrower.setdefault(parent, []).append(concept.id)
        self._label_words = set(self._subjects.labels) | set(self._actions.labels)

    def ancestors(self, subject: str) -> set[str]:
        """Every concept broader than ``subject``, transitively."""
        return broader_closure(self._broader, subject)

    def _without(self, broad: str, excluded: str) -> list[str]:
        """The narrower concepts of ``broad`` that together cover it except ``excluded``."""
        kept: list[str] = []
        for child in sorted(self._narrower.get(broad, ())):
            if child == excluded:
                continue
            if excluded in self._descendants(child):
                kept.extend(self._without(child, excluded))
            else:
                kept.append(child)
        return kept

    def _descendants(self, subject: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self._narrower.get(subject, ()))
        while stack:
            child = stack.pop()
            if child not in seen:
                seen.add(child)
                stack.extend(self._narrower.get(child, ()))
        return seen

    def read(self, text: str) -> Reading:
        """The subjects, actions, exclusions and unmatched phrases of one duty's text.

        >>> reader = DutyReader(
        ...     [Concept("mine", ("矿山",)), Concept("coal", ("煤矿",), ("mine",)),
        ...      Concept("noncoal", ("非煤矿山",), ("mine",)), Concept("gypsum", ("石膏矿",), ("noncoal",))],
        ...     [Concept("safety", ("安全生产监督管理", "安全监管")), Concept("supervision", ("监督管理",))],
        ... )
        >>> reader.read("负责煤矿、石膏矿安全生产监督管理").subjects, reader.read("负责煤矿安全监管").actions
        (('coal', 'gypsum'), ('safety',))
        >>> reader.read("负责煤矿安全监管；负责非煤矿山监督管理。").pairs
        (('coal', 'safety'), ('noncoal', 'supervision'))
        >>> reader.read("负责除煤矿外的矿山安全监管工作").subjects
        ('noncoal',)
        >>> reader.read("负责尾矿库和石膏矿的监督管理工作").unmatched
        ('尾矿库',)
        """
        excluded: list[str] = []
        masked = text
        for match in _EXCLUSION.finditer(text):
            for _, _, concept in self._subjects.find(match[1]):
                if concept not in excluded:
                    excluded.append(concept)
            # the excluded subjects are not held: hide them from the search for held ones
            masked = masked[: match.start()] + "　" * (match.end() - match.start()) + masked[match.end() :]
        subject_hits = self._subjects.find(masked)
        action_hits = self._actions.find(masked)
        held = {hit: self._held(hit[2], excluded) for hit in subject_hits}
        subjects = _unique(s for hit in subject_hits for s in held[hit])
        actions = _unique(concept for _, _, concept in action_hits)
        pairs: list[tuple[str, str]] = []
        for start, end in _sentences(masked):
            here = _unique(s for hit in subject_hits if start <= hit[0] < end for s in held[hit])
            for action in _unique(a for s, _, a in action_hits if start <= s < end):
                pairs.extend((subject, action) for subject in here if (subject, action) not in pairs)
        unmatched = self._unmatched(masked, subject_hits, action_hits)
        qualified = self._qualified(masked, subject_hits, action_hits)
        unmatched.extend(compound for _, compound in qualified if compound not in unmatched)
        return Reading(
            tuple(subjects), tuple(actions), tuple(excluded), tuple(unmatched), tuple(pairs), tuple(qualified)
        )

    def _qualified(
        self, text: str, subjects: list[tuple[int, int, str]], actions: list[tuple[int, int, str]]
    ) -> list[tuple[str, str]]:
        """Subjects the text narrows with another subject run into them: 水上交通突发事件 is not all 突发事件.

        Only a compound of two concepts counts — the qualifier a subject label ending right where the
        other begins, neither broader than the other — so places, adjectives and verbs before a label
        (乌鲁木齐县自然资源, 国有森林资源, 研判突发事件) do not, nor does a category (自然灾害类突发事件).
        """
        ends = {e: (s, concept) for s, e, concept in subjects}
        found: list[tuple[str, str]] = []
        for start, end, concept in subjects:
            before = ends.get(start)
            if before is None:
                continue
            qualifier = before[1]
            related = qualifier in self.ancestors(concept) or concept in self.ancestors(qualifier)
            if not related and qualifier != concept:
                found.append((concept, text[before[0] : end]))
        return found

    def _held(self, concept: str, excluded: list[str]) -> list[str]:
        """``concept`` as held: itself, or its narrower concepts but the excluded ones (除…外)."""
        held = [concept]
        for out in excluded:
            if out in self._descendants(concept):
                held = self._without(concept, out)
        return held

    def _unmatched(
        self, text: str, subjects: list[tuple[int, int, str]], actions: list[tuple[int, int, str]]
    ) -> list[str]:
        """Phrases where a subject would stand that no subject label covers.

        The object of a clause is what stands between its leading verbs and the first action it names
        (or ``的``/``工作``/``进行``); each item of an enumeration there is a candidate.
        """
        covered = [(s, e) for s, e, _ in subjects]
        found: list[str] = []
        position = 0
        for piece in _CLAUSE.split(text):
            start = text.find(piece, position)
            position = start + len(piece)
            end = start + len(piece)
            stops = [s for s, _, _ in actions if start < s <= end]
            frame = re.search(r"的|进行|工作", piece)
            if stops:
                end = min(stops)
            elif frame:
                end = start + frame.start()
            else:
                continue
            body = text[start:end]
            lead = _FRAME_VERBS.match(body)
            offset = start + (lead.end() if lead else 0)
            body = text[offset:end]
            for item in _ENUMERATION.split(body):
                at = text.find(item, offset)
                offset = at + len(item) if at >= 0 else offset
                phrase = _TRAILING.sub("", _FRAME_VERBS.sub("", item.strip()))
                if not (2 <= len(phrase) <= 12) or not re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
                    continue
                if at >= 0 and any(s < at + len(item) and at < e for s, e in covered):
                    continue
                if _NOT_SUBJECT.search(phrase) or phrase in self._label_words or phrase in found:
                    continue
                found.append(phrase)
        return found


_CLAUSES = re.compile(r"[，,；;。]")
_PARTICIPATING = re.compile(r"^(?:依法|积极|负责|按规定|按照职责)?(?:参与|配合|协助|协同|协调配合)")
_EITHER = re.compile(r"(?:组织|负责|牵头)(?:或者|或|和|并)(?:参与|配合|协助)")


def role_of(text: str) -> str:
    """The role an organization plays in a duty, from its verbs (职责角色): lead, participating or mixed.

    A duty the organization 负责 / 主管 / 组织 / 牵头 / 承担 is its lead; one it 参与 / 配合 / 协助 / 协同 it
    takes part in; a text with both (``组织或者参与…``, ``负责…，参与…``) is *mixed*, as written.

    >>> role_of("参与森林火灾的调查处理。"), role_of("负责安全生产综合监督管理。"), role_of("组织或参与事故调查处理。")
    ('participating', 'lead', 'mixed')
    """
    roles: set[str] = set()
    for clause in _CLAUSES.split(text):
        clause = clause.strip()
        if not clause:
            continue
        if _EITHER.search(clause):
            roles.update(("lead", "participating"))
        elif _PARTICIPATING.match(clause):
            roles.add("participating")
        else:
            roles.add("lead")
    if roles == {"participating"}:
        return "participating"
    return "mixed" if len(roles) > 1 else "lead"
