"""Drafts (dự thảo): reading a draft document and splitting it into clauses that agencies comment on."""
