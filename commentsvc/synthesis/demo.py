"""Demo step: a closed consultation with replies and some dispositions, so a newcomer sees a synthesis at once."""


def load_demo_consultation(unit) -> None:
    """Create the closed demo consultation on a sample draft (idempotent)."""
