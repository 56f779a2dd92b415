"""The findings and the trace, each defined once against :class:`~dutygraph.stores.base.GraphReader`.

Each analysis is imported when first used: a trace does not pay for importing the audit's analyses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutygraph.exports import lazy_exports

if TYPE_CHECKING:
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

lazy_exports(
    __name__,
    {
        "Audit": "dutygraph.queries.audit",
        "audit": "dutygraph.queries.audit",
        "find_basis_problems": "dutygraph.queries.basis",
        "AsOf": "dutygraph.queries.context",
        "FINDING_KINDS": "dutygraph.queries.findings",
        "Evidence": "dutygraph.queries.findings",
        "Finding": "dutygraph.queries.findings",
        "find_gaps": "dutygraph.queries.gaps",
        "find_overlaps": "dutygraph.queries.overlaps",
        "Trace": "dutygraph.queries.trace",
        "TraceLink": "dutygraph.queries.trace",
        "trace": "dutygraph.queries.trace",
        "find_unassigned": "dutygraph.queries.unassigned",
        "Unmatched": "dutygraph.queries.vocabulary",
        "find_unmatched": "dutygraph.queries.vocabulary",
        "subject_tree": "dutygraph.queries.vocabulary",
    },
)
