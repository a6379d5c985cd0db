"""Command-line commands of this concept (see commentsvc/cli.py)."""

commands: list = []
