"""The vocabulary the texts use and the taxonomy lacks: phrases standing where a subject would, unmatched.

An office grows its subject taxonomy (监管对象) from its own documents: ``dutygraph subjects --unmatched``
reads every duty and power in the store against the current taxonomy (and every complaint of
``complaints.csv`` against the complaint words) and lists the phrases no concept's label covers, most
frequent first, each with where it was seen. Adding a concept (or an altLabel) in a SKOS file and loading
it, then reloading the documents, puts them in the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dutygraph.loaders.concepts import duty_reader
from dutygraph.queries.complaint_reading import complaint_reader
from dutygraph.queries.context import AsOf
from dutygraph.queries.findings import Evidence
from dutygraph.stores.base import GraphReader

__all__ = ["Unmatched", "find_unmatched", "subject_tree"]


@dataclass
class Unmatched:
    """A phrase no subject matches, how many texts use it, and where (up to five places)."""

    phrase: str
    count: int = 0
    seen_in: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"phrase": self.phrase, "count": self.count, "seen_in": [e.to_dict() for e in self.seen_in]}


def find_unmatched(g: GraphReader) -> list[Unmatched]:
    """Unmatched subject phrases of every duty and power of ``g``, most frequent first."""
    reader = duty_reader([], g)
    view = AsOf(g)
    found: dict[str, Unmatched] = {}
    for kind, column in (("Duty", "text"), ("Power", "name")):
        for node in g.nodes(kind):
            text = str(node.get(column) or "")
            for phrase in reader.read(text).unmatched:
                entry = found.setdefault(phrase, Unmatched(phrase))
                entry.count += 1
                if len(entry.seen_in) < 5:
                    entry.seen_in.append(view.evidence_of(node))
    complaints = list(g.nodes("Complaint"))
    if complaints:
        # what complaints name that the taxonomy lacks (路灯, 垃圾站): where the taxonomy may grow next
        words = complaint_reader(g)
        for node in complaints:
            for phrase in words.read(str(node.get("text") or "")).unmatched:
                entry = found.setdefault(phrase, Unmatched(phrase))
                entry.count += 1
                if len(entry.seen_in) < 5:
                    entry.seen_in.append(view.evidence_of(node))
    return sorted(found.values(), key=lambda u: (-u.count, u.phrase))


def subject_tree(g: GraphReader) -> list[tuple[int, str, str, list[str]]]:
    """The subject taxonomy depth first: ``(depth, id, label, alt labels)``; a concept under two parents
    appears under each."""
    children: dict[str, list[str]] = {}
    roots = []
    labels = {}
    for node in g.nodes("Subject"):
        labels[node.id] = (str(node.get("label", node.id)), [str(a) for a in node.get("alt_labels", [])])
        parents = g.targets(node.id, "broader")
        if not parents:
            roots.append(node.id)
        for parent in parents:
            children.setdefault(parent, []).append(node.id)
    rows: list[tuple[int, str, str, list[str]]] = []

    def walk(node_id: str, depth: int, path: frozenset[str]) -> None:
        label, alts = labels.get(node_id, (node_id, []))
        rows.append((depth, node_id, label, alts))
        for child in sorted(children.get(node_id, []), key=lambda c: labels.get(c, (c, []))[0]):
            if child not in path:
                walk(child, depth + 1, path | {child})

    for root in sorted(roots, key=lambda r: labels[r][0]):
        walk(root, 0, frozenset({root}))
    return rows
