"""Which articles of a law a department's power can carry (可承接的条款), and by whom.

A 权责清单 carries a law's enforcement articles as powers: a penalty, an inspection, a licence or a
coercive measure a department applies to 生产经营单位 and persons. Not every article of a 法律责任 chapter is
such a power. Read from the article's own words:

- ``power``: it confers a measure on a department (``由应急管理部门…处…罚款``, ``责令停产停业整顿``): a list
  should carry it;
- ``officials``: it sanctions officials, governments or the departments themselves (``负有安全生产监督管理职责的
  部门的工作人员…给予降级或者撤职的处分``): for 监察机关 and 任免机关, not a 权责清单;
- ``allocation``: it allocates the competence for the law's penalties (``本法规定的行政处罚，由…决定``): it
  names the carrier of the others;
- ``referral``: it refers the penalty to another law (``依照有关…法律、行政法规的规定予以处罚``): that law's
  article is carried, not this one;
- ``procedure``: how a penalty may be contested (``当事人对行政处罚决定不服的，可以…申请复议``);
- ``liability``: only civil or criminal liability, or an enterprise's own discipline (``依法承担赔偿责任``,
  ``由生产经营单位给予批评教育``): no department's power.

The carrier is the department the text names (``由应急管理部门…``, ``负有安全生产监督管理职责的部门可以…``), else
the one the version's allocation article names. The reading is data on each article (``carriage``,
``carrier``); a user's ruling (:class:`ArticleRuling`, ``article_rulings.csv``) overrides it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CARRIAGES", "Carriage", "read_carriage"]

CARRIAGES = ("power", "officials", "allocation", "referral", "procedure", "liability")
"""How an article is carried (the ontology's ``dg:carriage`` values); only ``power`` is a list's to carry."""

_ALLOCATION = re.compile(
    r"^本(?:法|条例|办法|规定|细则)(?:第[^，,；;。]{1,40}?条)?规定的(?:行政处罚|处罚)[，,]?\s*由(?P<who>[^，,；;。]+?)"
    r"(?:按照|依照|依据|根据|决定)"
)
# the party the article is about: its opening words, up to the first comma
_OFFICIAL_PARTY = re.compile(r"工作人员|监督人员|监察人员|执法人员|人民政府|(?:部门|机关)$|(?:部门|机关)、|监察")
_PROCEDURE = re.compile(r"申请(?:行政)?复议|提起(?:行政)?诉讼|不服的")
_REFERRAL = re.compile(r"依照(?:有关)?[^，,；;。]{0,40}?(?:法律|法规|规定)[^，,；;。]{0,10}?(?:予以)?(?:处罚|处理)")
_MEASURE = re.compile(r"罚款|警告|没收|吊销|暂扣|责令|停产|停业|关闭|拘留|通报批评|降低资质|限制从业|按日连续处罚")
_CARRIER = re.compile(
    r"由(?P<by>[^，,；;。由]{2,40}?(?:部门|机关|机构|人民政府|局|委员会))"
    r"(?:依照|按照|依据|根据|责令|处|给予|决定|没收|吊销|予以|对|报请)"
    r"|(?P<subject>[^，,；;。由]{2,40}?部门)(?:可以|应当|有权)"
)


@dataclass(frozen=True)
class Carriage:
    """How an article is carried: ``kind`` (one of :data:`CARRIAGES`) and the department it names, if any."""

    kind: str
    carrier: str | None = None

    @property
    def carriable(self) -> bool:
        """Whether a department's power should carry the article."""
        return self.kind == "power"


def read_carriage(text: str) -> Carriage:
    """How an enforcement article is carried, read from its text.

    >>> read_carriage("负有安全生产监督管理职责的部门的工作人员，有下列行为之一的，给予降级或者撤职的处分").kind
    'officials'
    >>> read_carriage("本法规定的行政处罚，由应急管理部门和其他负有安全生产监督管理职责的部门按照职责分工决定")
    Carriage(kind='allocation', carrier='应急管理部门和其他负有安全生产监督管理职责的部门')
    >>> read_carriage("本法第三十九条、第四十条规定的行政处罚，由县级以上人民政府负责地质矿产管理工作的部门决定").kind
    'allocation'
    >>> read_carriage("生产经营单位的主要负责人未履行安全生产管理职责的，由应急管理部门依照下列规定处以罚款")
    Carriage(kind='power', carrier='应急管理部门')
    >>> read_carriage("擅自生产危险物品的，依照有关危险物品安全管理的法律、行政法规的规定予以处罚").kind
    'referral'
    >>> read_carriage("生产经营单位造成人员伤亡的，应当依法承担赔偿责任；拒不承担的，由人民法院依法强制执行").kind
    'liability'
    """
    text = text.strip()
    if found := _ALLOCATION.match(text):
        return Carriage("allocation", found["who"])
    party = re.split(r"[，,；;]", text, maxsplit=1)[0]
    if _OFFICIAL_PARTY.search(party) and "生产经营单位" not in party:
        return Carriage("officials")
    measures = _MEASURE.search(text)
    if _REFERRAL.search(text) and not measures:
        return Carriage("referral")
    if not measures:
        return Carriage("procedure" if _PROCEDURE.search(text) else "liability")
    carrier = next(
        (m["by"] or m["subject"] for m in _CARRIER.finditer(text) if "人民法院" not in (m["by"] or "")), None
    )
    return Carriage("power", carrier)
