"""Rebuild the PDF and DOCX circulars of eval/dev8 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev8/make_documents.py

dev8 is written in eval/dev7's source format and house style, with eval/dev4's layouts, as
eval/dev5 to eval/dev7 are. Its own: which source becomes which file, in which layout.

The TXT circulars in circulars/ are written by hand and are not generated here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/, for the shared modules

from dev4 import make_documents as dev4  # noqa: E402  (the layouts)

HERE = Path(__file__).resolve().parent

# Which source becomes which file, in which layout.
FILES = {
    "276-2021-krankenhauszukunftsfonds.txt": ("pdf-one-column", "rundschreiben-276-2021.pdf"),
    "283-2021-feuerwehrhaeuser-loeschwasser-euri.txt": ("docx-body-table", "rundschreiben-283-2021.docx"),
    "286-2022-touristische-infrastruktur.txt": ("pdf-two-columns", "rundschreiben-286-2022.pdf"),
    "291-2023-loeschwasser-feuerwehrhaeuser.txt": ("docx-header-table", "rundschreiben-291-2023.docx"),
}

if __name__ == "__main__":
    dev4.build_set(HERE, FILES)
