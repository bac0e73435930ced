"""The hypothesis profiles of the fuzz tests (``default`` and ``long``) are registered in
``tests/conftest.py``, so ``pytest --hypothesis-profile=long`` works from the repository root.
"""
