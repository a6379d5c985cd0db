"""The synthesis table (bản tổng hợp, tiếp thu, giải trình ý kiến góp ý): compiler, grouping and exporters.

The modules here are pure: they work on the plain dataclasses of `compiler` and import no Flask, so they are
tested and benchmarked alone.
"""
