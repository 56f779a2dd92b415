"""The findings and the trace, each defined once against :class:`~dutygraph.stores.base.GraphReader`."""

from dutygraph.queries.audit import Audit, audit
from dutygraph.queries.basis import find_basis_problems
from dutygraph.queries.context import AsOf
from dutygraph.queries.findings import FINDING_KINDS, Evidence, Finding
from dutygraph.queries.gaps import find_gaps
from dutygraph.queries.overlaps import find_overlaps
from dutygraph.queries.trace import Trace, TraceLink, trace
from dutygraph.queries.unassigned import find_unassigned

__all__ = [
    "FINDING_KINDS",
    "AsOf",
    "Audit",
    "Evidence",
    "Finding",
    "Trace",
    "TraceLink",
    "audit",
    "find_basis_problems",
    "find_gaps",
    "find_overlaps",
    "find_unassigned",
    "trace",
]
