"""Opinions (意见) recorded at a meeting, their numbered suggestions and the consensus points.

Builds on meetings/ (never the other way round): it plugs into the meeting's life cycle
through meetings/hooks.py (closing needs a consensus point; the meeting page's sections).
"""
