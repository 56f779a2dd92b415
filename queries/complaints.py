"""Complaints as handled (投诉办理): late ones (超期办理) and ones handled by the wrong organization (转办错误).

Each complaint of ``complaints.csv`` received on or before the audit's date is routed again from its own
words as of the day it came in (:func:`dutygraph.queries.route.route`). It was **misrouted** when the
organization that handled it does not lead the matter while another does (a gap or an unread complaint
cannot be judged so, and is not). It was **late** when it was closed after the deadline its handler's
time limit sets (the shortest one its powers on the matter state, else the first lead's), or is still open
on the audit's date past that deadline.
"""

from __future__ import annotations

from datetime import date

from dutygraph.i18n import tr
from dutygraph.queries.context import AsOf
from dutygraph.queries.findings import Evidence, Finding
from dutygraph.queries.route import Route, TimeLimitOf, route
from dutygraph.records import Node

__all__ = ["find_complaint_problems"]


def find_complaint_problems(view: AsOf) -> list[Finding]:
    """Late and misrouted complaints received on or before the view's date."""
    findings: list[Finding] = []
    for complaint in sorted(view.g.nodes("Complaint"), key=lambda n: (str(n.get("date")), n.id)):
        received = str(complaint.get("date"))
        if received > view.date:
            continue
        receiver = view.g.targets(complaint.id, "receivedBy")
        handler = view.g.targets(complaint.id, "handledBy")
        routed = route(
            view.g,
            str(complaint.get("text")),
            received,
            region=complaint.get("region"),
            received_by=receiver[0] if receiver else None,
        )
        handled_by = view.g.get(handler[0]) if handler else None
        row = view.evidence_of(complaint)
        evidence = [Evidence(row.source, row.anchor, str(complaint.get("text")))]  # the complaint's own words
        leads = routed.leads()
        if handled_by is not None and leads and handled_by.id not in {c.organization.id for c in leads}:
            findings.append(_misrouted(complaint.id, routed, handled_by.label, evidence))
        limit = _limit_for(routed, handled_by.id if handled_by is not None else None)
        if limit is not None:
            late = _late(view, complaint, routed, limit, handled_by.label if handled_by else None, evidence)
            if late is not None:
                findings.append(late)
    return findings


def _misrouted(complaint: str, routed: Route, handled_by: str, evidence: list[Evidence]) -> Finding:
    leads = [c.organization.label for c in routed.leads()]
    # each lead's 职责分工 clause if one names it, else its first duty or power on the matter
    written = [c.role_evidence or (c.evidence[0]["evidence"] if c.evidence else []) for c in routed.leads()]
    because = [Evidence(**found[0]) for found in written if found]
    records = [complaint, *(c.evidence[0]["id"] for c in routed.leads() if c.evidence)]
    return Finding(
        kind="complaint",
        variant="misrouted",
        message=tr(
            "complaint {complaint} of {date} was handled by {handler}, but {leads} lead it by their duties",
            complaint=complaint,
            date=routed.date,
            handler=handled_by,
            leads="、".join(leads),
        ),
        organizations=[handled_by, *leads],
        subjects=[m.label for m in routed.reading.subjects],
        actions=[m.label for m in routed.reading.actions],
        evidence=[*evidence, *because],
        records=records,
        region=routed.region,
        details={"complaint": complaint, "handled_by": handled_by, "should_be": leads},
    )


def _limit_for(routed: Route, handled_by: str | None) -> TimeLimitOf | None:
    """The handler's shortest time limit on the matter, else the routed deadline (the first lead's)."""
    for candidate in routed.candidates:
        if candidate.organization.id == handled_by and candidate.time_limits:
            return min(candidate.time_limits, key=lambda t: t.deadline.due)
    return routed.deadline


def _late(
    view: AsOf, complaint: Node, routed: Route, limit: TimeLimitOf, handler: str | None, evidence: list[Evidence]
) -> Finding | None:
    closed = complaint.get("closed_on")
    due = limit.deadline.due
    if closed is not None and date.fromisoformat(str(closed)) <= due:
        return None
    if closed is None and date.fromisoformat(view.date) <= due:
        return None
    power = view.g.get(limit.power)
    common = {
        "complaint": complaint.id,
        "date": routed.date,
        "limit": limit.deadline.limit.text,
        "due": due.isoformat(),
    }
    if closed is not None:
        message = tr(
            "complaint {complaint} of {date} was closed on {closed}, after its deadline {due} ({limit})",
            closed=closed,
            **common,
        )
    else:
        message = tr(
            "complaint {complaint} of {date} is still open on {today}, past its deadline {due} ({limit})",
            today=view.date,
            **common,
        )
    return Finding(
        kind="complaint",
        variant="late",
        message=message,
        organizations=[handler] if handler else [],
        subjects=[m.label for m in routed.reading.subjects],
        actions=[m.label for m in routed.reading.actions],
        evidence=[*evidence, *([view.evidence_of(power)] if power is not None else [])],
        records=[complaint.id, limit.power],
        region=routed.region,
        details={**common, "closed_on": closed, "limit_kind": limit.kind, "estimated": limit.deadline.estimated},
    )
