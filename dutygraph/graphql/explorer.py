"""The explorer page (``/``) in the language of the one asking: ``?lang=zh|en``, else the browser's
``Accept-Language``, else the server's (Chinese).

The page's words live here, marked for the catalog like every other string, and are filled into
``static/explorer.html`` when the page is served; the script gets the ones it draws with (edge labels …).
"""

from __future__ import annotations

import json
from html import escape

from dutygraph.i18n import N_, current_language, tr, use_language

__all__ = ["KIND_TEXT", "PAGE_TEXT", "SCRIPT_TEXT", "explorer_page"]

PAGE_TEXT = {
    "title": N_("dutygraph explorer"),
    "token": N_("token"),
    "token_hint": N_("bearer token, if the server asks"),
    "date": N_("date"),
    "search": N_("Search"),
    "search_button": N_("search"),
    "findings": N_("Findings"),
    "overlaps_button": N_("overlaps as of the date"),
    "trace": N_("Trace"),
    "subject": N_("subject"),
    "region": N_("region"),
    "place": N_("place of the failure"),
    "incident": N_("incident"),
    "incident_hint": N_("inc-2017 (or the subject and date)"),
    "trace_button": N_("trace"),
    "complaint": N_("Complaint"),
    "complaint_hint": N_("the complaint in its own words, e.g. 城郊一处石膏矿违规开采，无人处理"),
    "received_by": N_("received by"),
    "route_button": N_("route"),
}
"""The words of the page, by their placeholder in ``explorer.html`` (``{{title}}`` …)."""

SCRIPT_TEXT = {
    "holds": N_("holds"),
    "on": N_("on"),
    "under": N_("⊑ is a kind of"),
    "covered_by": N_("covered by"),
    "held_by": N_("held by"),
    "no_post": N_("(no post)"),
    "vacant": N_("(vacant)"),
    "lead": N_("lead (牵头)"),
    "cooperating": N_("cooperating (配合)"),
    "complaint": N_("complaint"),
    "nothing_matched": N_("nothing in the taxonomy matched; no department is guessed"),
    "looked_like": N_("words that looked like subjects: {words}"),
    "read_as": N_("read as"),
    "decision": N_("decision"),
    "deadline": N_("deadline"),
    "nearest": N_("nearest holders"),
}
"""The words the page's script draws with."""

KIND_TEXT = {
    "Organization": N_("organization"),
    "Unit": N_("unit"),
    "Post": N_("post"),
    "Person": N_("person"),
    "Duty": N_("duty"),
    "Power": N_("power"),
    "Subject": N_("subject"),
    "Incident": N_("incident"),
    "Provision": N_("provision (三定)"),
}
"""What a search hit is, as the page names it (机构, 岗位, 监管对象 …)."""


def explorer_page(template: str, lang: str | None = None) -> str:
    """``template`` (explorer.html) with its words in ``lang`` (default: the language in use)."""
    with use_language(lang):
        page = template
        for key, msgid in PAGE_TEXT.items():
            page = page.replace("{{" + key + "}}", escape(tr(msgid)))
        words: dict[str, object] = {key: tr(msgid) for key, msgid in SCRIPT_TEXT.items()}
        words |= {"lang": current_language(), "kinds": {kind: tr(msgid) for kind, msgid in KIND_TEXT.items()}}
        page = page.replace("{{html_lang}}", "zh-CN" if current_language() == "zh" else "en")
        # the words go into a <script>: no "</" may end it early
        return page.replace("{{text_json}}", json.dumps(words, ensure_ascii=False).replace("</", "<\\/"))
