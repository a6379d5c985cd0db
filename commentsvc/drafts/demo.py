"""Demo step: import the sample drafts from drafts/."""


def load_sample_drafts(unit) -> None:
    """Import every sample draft under drafts/ as version 1 of a draft of ``unit`` (idempotent)."""
