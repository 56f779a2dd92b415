"""Which organization a 三定 is about: what its clauses say of it, and the name, region and level settled.

A 三定 positions its department in one clause (``乌鲁木齐市应急管理局（以下简称市应急管理局）是市人民政府
工作部门，为正县级``); its title says whose it is (《乌鲁木齐市自然资源局职能配置…规定》); the user may say
more (``--organization``, ``--region``, ``--level``). This module gathers the facts and settles them into
one full name, region and level, and expands the short names the other clauses use (市水利局, 本局).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dutygraph.errors import LoadError
from dutygraph.i18n import tr
from dutygraph.loaders.naming import (
    NATIONAL_REGION,
    Place,
    expand_short_name,
    level_of_government,
    place_of,
    resolve_region,
)
from dutygraph.loaders.text import ARTICLE, Line

__all__ = ["POSITION", "RANK", "OrganizationFacts", "OrganizationHint", "read_position", "settle"]

RANK = re.compile(r"为([正副]?(?:部|厅|局|处|县|科|股|乡)级)")
"""``为正县级``: the organization's rank (机构规格)."""
_SHORT_NAME = re.compile(r"[（(]以下简称[“\"]?([^）)”\"]+)[”\"]?[）)]")
POSITION = re.compile(r"是(.{2,30}?)(?:的)?(?:工作部门|直属机构|部门管理机构|管理的国家局|派出机构|直属事业单位)")


@dataclass(frozen=True)
class OrganizationHint:
    """What the user said about a document's organization where its text does not (``--organization`` …)."""

    name: str | None = None
    region: str | None = None
    level: str | None = None
    valid_from: str | None = None


@dataclass
class OrganizationFacts:
    """What a 三定 says of its own organization."""

    name: str
    short_names: list[str] = field(default_factory=list)
    place: Place | None = None
    rank: str | None = None
    parent: str | None = None
    line: int | None = None

    def full_name(self, mention: str) -> str:
        """The full name of an organization a clause mentions (this one's short names included)."""
        assert self.place is not None
        mention = _canonical(re.sub(r"^(?:由|与|和|及|会同|同|并|、|，|,)+", "", mention))
        if mention in self.short_names or mention in ("本局", "本部门", "本机关", "本委", "本厅"):
            return self.name
        return expand_short_name(mention, self.place.region)

    def government_name(self, government: str) -> str:
        """The full name of the government (or ministry) the organization is a department of."""
        assert self.place is not None
        if government.endswith("部") or government.startswith(("国务院", "中华人民共和国")):
            return government
        if "人民政府" in government:
            return self.place.region + "人民政府"
        return expand_short_name(government, self.place.region)


def read_position(org: OrganizationFacts | None, line: Line) -> OrganizationFacts:
    """``org`` with what a positioning clause says: the name, short names, government, level and rank."""
    text = line.text
    article = ARTICLE.match(text)
    body = article[2] if article else text
    short = _SHORT_NAME.search(body)
    subject = body[: body.index("是")] if "是" in body else body
    name = _SHORT_NAME.sub("", subject).strip(" ，,")
    name = re.split(r"[，,]", name)[0]
    org = org or OrganizationFacts(name="")
    if name and not re.fullmatch(r"(?:本|该)?(?:局|委|办|厅)", name):
        org.name = org.name or name
    if short:
        org.short_names.append(short[1].strip())
    position = POSITION.search(body)
    if position:
        level = level_of_government(position[1])
        government = re.sub(r"[（(].*?[）)]", "", position[1])
        org.parent = government if "人民政府" in government or government.endswith("部") else org.parent
        if level is not None:
            org.place = Place(org.place.region if org.place else "", level)
    rank = RANK.search(body)
    if rank:
        org.rank = rank[1]
    org.line = org.line or line.number
    return org


def settle(
    org: OrganizationFacts | None,
    title: str | None,
    header_title: str,
    hint: OrganizationHint,
    path: Path,
    strip_title: re.Pattern[str],
) -> OrganizationFacts:
    """The organization's full name, region and level, from all the text said and what the user said.

    ``title`` is the 《…规定》 name the text gives, ``header_title`` the title its copy's header gives. What
    the user said fills in what the text does not say; it overrides the text only for the organization
    ``--organization`` names (a 县级市's department says 市人民政府 like a city's, and only the user knows it
    is county-level).

    Raises
    ------
    LoadError
        when neither the text nor the user says which organization it is.
    """
    org = org or OrganizationFacts(name="")
    if not org.name and title:
        org.name = strip_title.sub("", title)
    if not org.name and header_title and not header_title.startswith(("市", "区", "县")):
        org.name = strip_title.sub("", header_title)
    titled = _canonical(strip_title.sub("", title or header_title))
    if org.name and place_of(org.name) is None and titled.endswith(org.name.lstrip("市区县省")):
        org.short_names.append(org.name)
        org.name = titled  # 第二条 says 市自然资源局; the title says whose
    org.name = _canonical(org.name)
    hinted = _canonical(hint.name) if hint.name else None
    if hinted and (not org.name or place_of(org.name) is None):
        if org.name and org.name != hinted:
            org.short_names.append(org.name)
        org.name = hinted
    if not org.name or (place_of(org.name) is None and not hint.region):
        shown = org.name or tr("none")
        raise LoadError(
            path,
            tr(
                "cannot tell which organization this 三定 is about (name found: {shown}); pass "
                "--organization with its full name (and --region/--level if the name does not say)",
                shown=shown,
            ),
        )
    named = place_of(org.name)
    given = _region_of(hint.region) if hint.region else None
    said = org.place.level if org.place and org.place.level else None
    # the gazetteer knows a 县级市 is county-level though its departments say 市人民政府
    listed = named.level if named and named.code else None
    where = (given or named) if org.name == hinted else (named or given)
    if org.name == hinted:
        level = hint.level or listed or said or (named.level if named else None)
    else:
        level = listed or said or (named.level if named else None) or hint.level
    if named and named.level == "national":
        where, level = Place(NATIONAL_REGION, "national"), "national"
    org.place = Place(where.region if where else "", level or "city", where.code if where else None)
    return org


def _region_of(text: str) -> Place:
    """The region the user named, as the gazetteer knows it, or as written."""
    return resolve_region(text) or Place(text, "city")


def _canonical(name: str) -> str:
    return re.sub(r"\s", "", name).replace("(", "（").replace(")", "）")
