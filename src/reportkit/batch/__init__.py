"""Many briefs at once: discovery, naming, the manifest, the lock, the runner, watch mode.

The flow of one run::

    inputs (files, folders, globs) -> plan (outputs, skip or convert, and why)
        -> workers render (bytes only) -> the parent writes atomically and records
           each result in the manifest -> summary and exit code
"""
