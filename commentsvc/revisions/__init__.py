"""Second round (lần 2): how the clauses of a revised draft relate to the previous version; word diffs."""
