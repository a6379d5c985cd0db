"""Pieces every domain concept may use: database, clock, errors, audit, mail, security."""
