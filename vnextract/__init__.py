"""vnextract: read a Vietnamese directive and return its tasks, units, deadlines and targets.

A pure-Python library (it imports nothing from Django).
"""
