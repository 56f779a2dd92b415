"""职责分工 clauses into Division records: which organization leads a shared duty, and which cooperate.

A 三定 settles a duty it shares with other organizations in sentences like ``市应急管理局负责…；市水利局
负责…`` (under 与市水利局的有关职责分工), ``由市应急管理局牵头，市自然资源局配合`` or ``…由市林草局负责，
市应急管理局予以配合``, under a 有关职责分工 heading or under 其他事项. Each sentence with an organization
named before a lead verb becomes one Division: the lead, the cooperating organizations (those named before
配合/协助/参与, or else the partner the clause names), and the subjects and actions it is about. A sentence
that names organizations but no lead, or no subject, is reported with its line rather than dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dutygraph.i18n import tr
from dutygraph.loaders.naming import stable_id
from dutygraph.loaders.provision_clauses import Clause
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.understanding import DutyReader

__all__ = ["ORG_MENTION", "read_division"]

# a name runs over Han characters, but not over the words that join it to the rest of the clause
_NAME_CHAR = r"(?:(?![由与及同的在对将把向从予以])[\u4e00-\u9fff])"
ORG_MENTION = re.compile(
    rf"({_NAME_CHAR}{{0,12}}?(?:市|区|县|省|自治区|州|旗)?{_NAME_CHAR}{{1,14}}?(?:局|委员会|委|办公室|厅|部|中心|院))"
)
"""An organization as a clause names it (市水利局, 自治区应急管理厅, 区委机构编制委员会办公室)."""
_LEAD = re.compile(r"(?:牵头|负责|主管|承担)")
_COOPERATE = re.compile(r"(?:予以|给予|做好|积极|共同)?(?:配合|协助|参与|协同)")


def read_division(
    clause: Clause,
    full_name: Callable[[str], str],
    reader: DutyReader,
    report: FileReport,
    *,
    own_name: str,
    provision_id: str,
    stub: Callable[[int, str, str], RawRecord],
) -> list[RawRecord]:
    """The Division records of one 职责分工 clause, and stubs of the organizations it names.

    ``full_name`` expands a mention (市水利局) to a full name; ``stub(line, id, name)`` makes the record of
    an organization named but not described here.
    """
    text = clause.text.strip()
    partner_match = re.search(r"与(.+?)的(?:有关)?职责分工", clause.context or text)
    body = re.sub(r"^.*?职责分工[。:：]?", "", text)
    sentences = [s for s in re.split(r"(?<=[。；;])", body) if s.strip()]
    partner = full_name(partner_match[1]) if partner_match else None
    records: list[RawRecord] = []
    found = False
    for sentence in sentences or [text]:
        lead = _lead(sentence, full_name)
        if lead is None:
            continue
        mentions = [full_name(m) for m in ORG_MENTION.findall(sentence) if _looks_like_org(m)]
        cooperating = [m for m in dict.fromkeys(mentions) if m != lead and _cooperates(sentence, m, full_name)]
        if not cooperating:
            other = partner if lead != partner else own_name
            cooperating = [other] if other else []
        # the departments' own names (自然资源局) are not what the clause is about
        reading = reader.read(ORG_MENTION.sub(lambda m: "　" * len(m[0]), sentence))
        if not reading.subjects:
            report.note(
                clause.line, tr("职责分工 sentence names no known subject, not loaded: {value}", value=sentence[:50])
            )
            continue
        found = True
        ids = []
        for name in [lead, *cooperating]:
            org = stable_id("org", name)
            ids.append(org)
            if name != own_name:
                records.append(stub(clause.line, org, name))
        records.append(
            RawRecord.of(
                "Division",
                report.path,
                clause.line,
                id=stable_id("division", provision_id, clause.anchor, sentence[:60]),
                lead=ids[0],
                cooperating=ids[1:],
                subjects=list(reading.subjects),
                actions=list(reading.actions),
                provision=provision_id,
                anchor=clause.anchor,
                text=sentence.strip(),
            )
        )
    if not found and sentences:
        report.note(clause.line, tr("职责分工 clause with no organization named to lead: {value}", value=text[:50]))
    return records


def _lead(sentence: str, full_name: Callable[[str], str]) -> str | None:
    """The organization named right before a lead verb (负责/牵头), or after 由 … 牵头/负责."""
    led = re.search(r"由(.+?)(?:牵头|负责)", sentence)
    if led and ORG_MENTION.fullmatch(led[1]):
        return full_name(led[1])
    for mention in ORG_MENTION.finditer(sentence):
        if _looks_like_org(mention[1]) and _LEAD.match(sentence, mention.end()):
            return full_name(mention[1])
    return None


def _cooperates(sentence: str, name: str, full_name: Callable[[str], str]) -> bool:
    for mention in ORG_MENTION.finditer(sentence):
        if full_name(mention[1]) == name and _COOPERATE.match(sentence, mention.end()):
            return True
    return False


def _looks_like_org(mention: str) -> bool:
    return len(mention) >= 3 and not mention.startswith(("各", "有关", "相关", "其他"))
