"""The findings and the trace, each defined once against :class:`~dutygraph.stores.base.GraphReader`."""

from dutygraph.queries.audit import Audit, audit
from dutygraph.queries.basis import find_basis_problems
from dutygraph.queries.context import AsOf
from dutygraph.queries.findings import FINDING_KINDS, Evidence, Finding
from dutygraph.queries.gaps import find_gaps
from dutygraph.queries.overlaps import find_overlaps
from dutygraph.queries.trace import Trace, TraceLink, trace
from dutygraph.queries.unassigned import find_unassigned
from dutygraph.queries.vocabulary import Unmatched, find_unmatched, subject_tree

__all__ = [
    "FINDING_KINDS",
    "AsOf",
    "Audit",
    "Evidence",
    "Finding",
    "Trace",
    "TraceLink",
    "Unmatched",
    "audit",
    "find_basis_problems",
    "find_gaps",
    "find_overlaps",
    "find_unassigned",
    "find_unmatched",
    "subject_tree",
    "trace",
]
