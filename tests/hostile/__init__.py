"""Hostile-input catalogue: one test (or parametrized case) per hostile input or fault."""
