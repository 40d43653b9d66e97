"""The staff app: search, pages for circulars and calls, review of extracted facts, unanswered
questions and the office's FAQ. Server-rendered HTML (Jinja2 templates) on Sanic; `bot serve`."""
