"""Language tools shared by drill scoring and objection categorisation.

Everything heavy (pymorphy3's dictionaries, the navec word vectors) loads lazily on first use
and is shared by the whole process.
"""
