"""Writers turn a :class:`reportkit.model.Brief` into an output format.

Each writer takes the model (and, for branded formats, a brand) and returns text or
bytes; none of them looks at the brief's source text again.
"""
