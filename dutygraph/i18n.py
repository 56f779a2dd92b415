"""The language of what a person reads: Chinese (``zh``) by default, English (``en``) on request.

Every user-facing string is written in English in the code, marked for translation with :func:`tr` (or
:func:`N_` where it is translated later, where shown), and translated from the gettext catalog of the
language in use (``dutygraph/locale/zh/LC_MESSAGES/dutygraph.po``, handled with Babel: see the README's
"Development"). Placeholders are named (``{organization}``) so that a translation may order them as its
language needs. The language in use is the one :func:`use_language` set (``--lang``, a GraphQL ``lang``
argument), else ``$DUTYGRAPH_LANG``, else Chinese. Codes (finding kinds, variants, error codes) and JSON keys
are never translated.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from typing import Any

from dutygraph.errors import DutygraphError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "current_language",
    "ntr",
    "set_language",
    "tr",
    "translation",
    "use_language",
]

LANGUAGES = ("zh", "en")
"""The languages dutygraph speaks: its users' first, then English."""

DEFAULT_LANGUAGE = "zh"
DOMAIN = "dutygraph"

_chosen: ContextVar[str | None] = ContextVar("dutygraph_language", default=None)


def _checked(lang: str, where: str) -> str:
    code = lang.strip().lower().replace("_", "-").split("-")[0]  # zh-CN, zh_Hans, en-US
    if code not in LANGUAGES:
        raise DutygraphError(f"{where}: unknown language {lang!r}; dutygraph speaks {', '.join(LANGUAGES)}")
    return code


def current_language() -> str:
    """The language in use: the one set for this context, else ``$DUTYGRAPH_LANG``, else Chinese."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    env = os.environ.get("DUTYGRAPH_LANG")
    return _checked(env, "$DUTYGRAPH_LANG") if env else DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    """Use ``lang`` from now on in this context (``None``: back to ``$DUTYGRAPH_LANG`` or Chinese)."""
    _chosen.set(_checked(lang, "--lang") if lang else None)


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Use ``lang`` (``None``: the language already in use) inside the ``with`` block; yields it."""
    token = _chosen.set(_checked(lang, "lang") if lang else current_language())
    try:
        yield current_language()
    finally:
        _chosen.reset(token)


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``: English is the language of the code, so its catalog translates nothing.

    The compiled catalog (``.mo``, built with the wheel) is read when it is there and not older than its
    ``.po``; otherwise the ``.po`` is compiled in memory (a source checkout, an editable install).
    """
    if lang == "en":
        return gettext.NullTranslations()
    folder = files("dutygraph") / "locale" / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or _mtime(mo) >= _mtime(po)):
        return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    if not po.is_file():
        raise DutygraphError(f"no catalog for language {lang!r} ({po})")
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(po.read_bytes())))


def _mtime(path: Any) -> float:
    try:
        return float(os.stat(str(path)).st_mtime)
    except OSError:  # a catalog inside a zip: trust the compiled one
        return 0.0


def compile_catalog(po: bytes) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file's bytes (Babel); fuzzy entries are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def tr(msgid: str, /, **params: Any) -> str:
    """``msgid`` in the language in use, its ``{placeholders}`` filled from ``params``.

    >>> with use_language("en"):
    ...     tr("{count} findings", count=3)
    '3 findings'
    """
    text = translation(current_language()).gettext(msgid)
    return text.format(**params) if params else text


def ntr(singular: str, plural: str, count: int, /, **params: Any) -> str:
    """The singular or plural form for ``count`` (Chinese has one), ``{count}`` and ``params`` filled."""
    text = translation(current_language()).ngettext(singular, plural, count)
    return text.format(count=count, **params)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalog without translating it here: it is translated where it is shown."""
    return msgid
