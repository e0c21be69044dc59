"""Repositories: the queries the commands need, each taking an ``AsyncSession``."""
