"""Rebuild the PDF and DOCX circulars of eval/dev5 from the texts in sources/.

Run with the project venv:  .venv/bin/python eval/dev5/make_documents.py

dev5 is written in eval/dev2's source format and house style, with eval/dev4's layouts (dev2's
letterhead, page, body and DOCX layouts, dev3's two-column PDF). Its own: which source becomes
which file, in which layout.

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
    "327-2020-mehrgenerationenhaus-ehrenamtsstiftung.txt": ("pdf-two-columns", "rundschreiben-327-2020.pdf"),
    "395-2020-komona-erste-runde.txt": ("pdf-one-column", "rundschreiben-395-2020.pdf"),
    "311-2022-komona-zweite-runde.txt": ("docx-header-table", "rundschreiben-311-2022.docx"),
    "353-2022-digitalisierung-oegd.txt": ("docx-body-table", "rundschreiben-353-2022.docx"),
}

if __name__ == "__main__":
    dev4.build_set(HERE, FILES)
