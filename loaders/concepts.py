"""The concepts a text is read against (主题 subjects, 行为 actions, 职权类型 power types): those in the store,
with those of the records being loaded over them.

Apart from the document readers so that an analysis reading one duty's text (a trace, an overlap's qualifier)
imports only this and :mod:`dutygraph.loaders.understanding`, not every reader of every kind of document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dutygraph.loaders.understanding import Concept, DutyReader

if TYPE_CHECKING:
    from dutygraph.loaders.records import RawRecord
    from dutygraph.stores.base import GraphReader

__all__ = ["concepts", "duty_reader", "store_concepts"]


def concepts(records: Iterable[RawRecord], store: GraphReader, kind: str) -> list[Concept]:
    """The concepts of one scheme (``Subject``, ``Action``, ``PowerType``): the store's, and ``records``' over them."""
    found: dict[str, Concept] = {}
    for node in store.nodes(kind):
        labels = (str(node.get("label", "")), *(str(a) for a in node.get("alt_labels", [])))
        found[node.id] = Concept(node.id, labels, tuple(store.targets(node.id, "broader")))
    for rec in records:
        if rec.kind == kind and rec.values.get("id"):
            node_id = rec.values["id"][0]
            labels = (*rec.values.get("label", []), *rec.values.get("alt_labels", []))
            found[node_id] = Concept(node_id, labels, tuple(rec.values.get("broader", [])))
    return list(found.values())


def store_concepts(store: GraphReader, kind: str) -> list[Concept]:
    """The concepts of one scheme in ``store`` (``Subject``, ``Action``, ``PowerType``) with labels and broader."""
    return concepts((), store, kind)


def duty_reader(records: Iterable[RawRecord], store: GraphReader) -> DutyReader:
    """A reader of duties' texts against the subjects and actions of the store and of ``records``."""
    records = list(records)
    return DutyReader(concepts(records, store, "Subject"), concepts(records, store, "Action"))
