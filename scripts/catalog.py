"""Extract dutygraph's user-facing strings and bring each language's catalog up to date (Babel).

    python scripts/catalog.py          # writes dutygraph/locale/dutygraph.pot, updates every .po
    python scripts/catalog.py --check  # exit 1 listing the strings some language has no translation for

The same as ``pybabel extract -F babel.cfg -k tr -k ntr:1,2 -k N_ --no-location`` then ``pybabel update``.
A new string appears in each ``.po`` with an empty ``msgstr``; a changed one is marked fuzzy (and not used
until a person checks it). ``tests/test_i18n.py`` fails while any is left.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "dutygraph" / "locale"
KEYWORDS = {"tr": None, "ntr": (1, 2), "N_": None}
POT = LOCALE / "dutygraph.pot"


def extract() -> Catalog:
    """Every marked string of the code, as a template catalog."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    template = Catalog(project="dutygraph", domain="dutygraph", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    # the CLI's --help: the commands' docstrings and the options' help, as click holds them
    sys.path.insert(0, str(ROOT))
    from dutygraph.cli import help_texts

    for _, text in help_texts():
        template.add(text, None, [("dutygraph/cli", 0)], auto_comments=["--help text"])
    return template


def catalogs() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/dutygraph.po"))


def untranslated(po: Path) -> list[str]:
    """The msgids of ``po`` with no translation, or one still marked fuzzy."""
    with po.open("rb") as f:
        catalog = read_po(f)

    def missing(string: object) -> bool:
        return not string or (isinstance(string, tuple) and not all(string))

    return [str(m.id) for m in catalog if m.id and (missing(m.string) or m.fuzzy)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only list what is untranslated")
    args = parser.parse_args()
    if not args.check:
        template = extract()
        with POT.open("wb") as f:
            write_po(f, template, omit_header=False, no_location=True, width=120)
        for po in catalogs():
            with po.open("rb") as f:
                catalog = read_po(f, locale=po.parent.parent.name)
            catalog.update(template, no_fuzzy_matching=False)
            with po.open("wb") as f:
                write_po(f, catalog, no_location=True, width=120, ignore_obsolete=True)
    missing = {po.parent.parent.name: untranslated(po) for po in catalogs()}
    for lang, ids in missing.items():
        for msgid in ids:
            print(f"{lang}: untranslated: {msgid}")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
