#!/usr/bin/env python3
"""Empty the guesses msgmerge makes for new msgids ("fuzzy" entries): a wrong English text is worse
than the Vietnamese one shown for an empty msgstr. Usage: clear_fuzzy.py FILE.po"""

import re
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    text = f.read()
text = re.sub(
    r'#, fuzzy\n(?:#\| msgid "[^"\n]*"\n)?(msgid "[^"\n]*"\n)msgstr "[^"\n]*"\n', r'\1msgstr ""\n', text
)
with open(path, "w", encoding="utf-8") as f:
    f.write(text)
