"""Förderbot: knowledge base, loading and answers for funding calls and circulars."""
