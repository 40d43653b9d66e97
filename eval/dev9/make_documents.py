"""Rebuild the PDF and DOCX circulars of eval/dev9 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev9/make_documents.py

dev9 is written in eval/dev8's source format and house style, with eval/dev4's layouts, as
eval/dev5 to eval/dev8 are. Its own: which source becomes which file, in which layout.

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
    "708-2018-rehapro-erster-aufruf.txt": ("docx-body-table", "rundschreiben-708-2018.docx"),
    "711-2019-5g-innovationswettbewerb.txt": ("pdf-two-columns", "rundschreiben-711-2019.pdf"),
    "714-2020-rehapro-zweiter-aufruf.txt": ("docx-header-table", "rundschreiben-714-2020.docx"),
    "717-2021-nakopa.txt": ("pdf-one-column", "rundschreiben-717-2021.pdf"),
}

if __name__ == "__main__":
    dev4.build_set(HERE, FILES)
