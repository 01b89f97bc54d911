"""Keep the Hindi translation complete.

    python scripts/translations.py update   # extract new strings into the .po, compile the .mo
    python scripts/translations.py check    # fail if any UI string lacks Hindi (CI runs this)

``check`` extracts the strings afresh into a scratch copy, so a string added to the code but
not to the catalogue fails it just like an empty or fuzzy translation does; it also fails when
the committed .mo is older than the .po.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sangathan"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "hi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SANGATHAN = ROOT / ".venv" / "bin" / "sangathan"


def extract() -> None:
    """Run Django's makemessages over the package (templates and Python)."""
    subprocess.run(
        [
            str(SANGATHAN),
            "makemessages",
            "-l",
            "hi",
            "--no-obsolete",
            "--no-location",
            "--ignore=migrations/*",
            "--ignore=locale/*",
        ],
        cwd=PACKAGE,
        check=True,
        stdout=subprocess.DEVNULL,
        # Keep the generated laptop secret key out of the source tree.
        env={**os.environ, "SANGATHAN_DATA_DIR": tempfile.gettempdir() + "/sangathan-i18n"},
    )


def drop_fuzzy_guesses() -> int:
    """msgmerge fills new strings with the nearest old translation and marks them fuzzy; those
    guesses are usually wrong ("Gender" got "लिंग" from "gender", fine, but "Phone number" got
    "उपयोगकर्ता नाम या फ़ोन नंबर"). Empty them so they show up as needing Hindi."""
    po = polib.pofile(str(PO))
    dropped = 0
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            entry.msgstr = ""
            if entry.msgid_plural:
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            dropped += 1
    po.save(str(PO))
    return dropped


def compile_mo() -> None:
    polib.pofile(str(PO)).save_as_mofile(str(MO))


def problems(po: polib.POFile) -> list[str]:
    found: list[str] = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                found.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"untranslated: {entry.msgid!r}")
    return found


def check() -> int:
    if not PO.exists():
        print(f"{PO} is missing; run: python scripts/translations.py update")
        return 1
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            print("CI needs GNU gettext (xgettext) to extract strings: apt-get install gettext")
            return 1
        # Outside CI the committed catalogue is still checked; only new strings may hide.
        print("SKIPPED: extracting new strings (xgettext missing: apt-get install gettext)")
        fresh = polib.pofile(str(PO))
    else:
        with tempfile.TemporaryDirectory() as scratch:
            saved = Path(scratch) / "django.po"
            shutil.copy2(PO, saved)
            try:
                extract()
                fresh = polib.pofile(str(PO))
            finally:
                shutil.copy2(saved, PO)
    found = problems(fresh)
    # Keyed by context as well: one English word may need two Hindi ones ("Open": खुला, खोलें).
    committed = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)) if not e.obsolete}
    compiled = (
        {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO))} if MO.exists() else {}
    )
    stale = [k for k, s in committed.items() if s and compiled.get(k) != s and k[1]]
    if stale:
        found.append(f"{len(stale)} translations are not compiled into django.mo; run update")
    for line in found:
        print(line)
    print(f"translations: {len(fresh)} strings, {len(found)} problems")
    return 1 if found else 0


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        extract()
        drop_fuzzy_guesses()
        compile_mo()
        po = polib.pofile(str(PO))
        print(f"{PO.relative_to(ROOT)}: {len(po)} strings, {len(problems(po))} need Hindi")
        return 0
    if command == "check":
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
