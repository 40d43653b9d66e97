"""Ingestion of circulars (text, PDF, DOCX) into the knowledge base."""
