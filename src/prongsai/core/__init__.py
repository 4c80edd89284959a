"""The framework-free core: pure functions over plain data.

Nothing here reads the clock, a file, the database or the web; callers pass everything in.
"""
