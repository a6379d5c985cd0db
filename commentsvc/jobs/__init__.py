"""Long work in the background: exports (and mail) as jobs on a Huey queue, their progress page and stored results."""
